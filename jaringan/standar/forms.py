"""Forms of the network standard: the year, an item, a link, and the OPD's checklist (one
field group per item, built from that year's items only)."""

from django import forms

from evaluasi.dokumen.forms import TERIMA
from jaringan.models import ButirStandar, Koneksi

YA, TIDAK = "ya", "tidak"


class StandarForm(forms.Form):
    tahun = forms.IntegerField(
        label="Tahun",
        min_value=2000,
        max_value=2100,
        error_messages={"required": "Isi tahun standar.", "invalid": "Tahun tidak valid."},
    )
    catatan = forms.CharField(
        label="Catatan / dasar",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Mis. surat edaran atau peraturan gubernur yang menjadi acuan.",
    )
    salin = forms.BooleanField(
        label="Salin butir dari standar tahun sebelumnya", required=False, initial=True
    )


class ButirForm(forms.ModelForm):
    class Meta:
        model = ButirStandar
        fields = ["urutan", "uraian", "penjelasan", "wajib", "bukti_wajib"]
        widgets = {"penjelasan": forms.Textarea(attrs={"rows": 3})}
        help_texts = {
            "wajib": "Butir wajib menentukan apakah OPD sesuai standar.",
            "bukti_wajib": "Butir wajib ini baru terpenuhi bila dokumen bukti dilampirkan.",
        }
        error_messages = {"uraian": {"required": "Tuliskan uraian butir standar."}}

    def __init__(self, *args, terkunci: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if terkunci:
            # An answered item: what the OPDs answered stays as it was.
            for name in ("uraian", "wajib", "bukti_wajib"):
                self.fields[name].disabled = True


class KoneksiForm(forms.ModelForm):
    class Meta:
        model = Koneksi
        fields = ["nama", "jenis", "penyedia", "bandwidth_mbps"]
        error_messages = {
            "nama": {"required": "Isi nama tautan."},
            "jenis": {"required": "Pilih jenis koneksi."},
            "bandwidth_mbps": {"required": "Isi bandwidth berlangganan."},
        }

    def clean(self):
        data = super().clean()
        if data.get("jenis") == "langganan_sendiri" and not (data.get("penyedia") or "").strip():
            self.add_error("penyedia", "Isi penyedia layanan untuk langganan sendiri.")
        return data


class ChecklistForm(forms.Form):
    """terpenuhi_<id>, keterangan_<id>, dokumen_<id>, berkas_<id> per item of the year. Only
    documents of the OPD's library are valid choices: another OPD's id is a form error."""

    def __init__(self, *args, butir, pustaka, jawaban: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.butir = list(butir)
        pilihan = [("", "— tanpa bukti —")] + [
            (str(d["pk"]), f"{d['judul']} — {d['nama_berkas']}") for d in pustaka
        ]
        for b in self.butir:
            j = jawaban.get(b.pk)
            self.fields[f"terpenuhi_{b.pk}"] = forms.ChoiceField(
                label=b.uraian,
                required=False,
                choices=[(YA, "Terpenuhi"), (TIDAK, "Tidak terpenuhi")],
                widget=forms.RadioSelect,
                initial=(YA if j.terpenuhi else TIDAK) if j else None,
            )
            self.fields[f"keterangan_{b.pk}"] = forms.CharField(
                label="Keterangan",
                required=False,
                max_length=2000,
                initial=j.keterangan if j else "",
            )
            self.fields[f"dokumen_{b.pk}"] = forms.ChoiceField(
                label="Bukti dari pustaka",
                required=False,
                choices=pilihan,
                initial=str(j.bukti.dokumen_id) if j and j.bukti_id else "",
                error_messages={"invalid_choice": "Dokumen tidak ditemukan di pustaka OPD ini."},
            )
            self.fields[f"berkas_{b.pk}"] = forms.FileField(
                label="atau unggah berkas",
                required=False,
                widget=forms.ClearableFileInput(attrs={"accept": TERIMA}),
            )

    def clean(self):
        data = super().clean()
        for b in self.butir:
            isi = (
                data.get(f"keterangan_{b.pk}")
                or data.get(f"dokumen_{b.pk}")
                or data.get(f"berkas_{b.pk}")
            )
            if isi and not data.get(f"terpenuhi_{b.pk}"):
                # Evidence or a note without an answer would be dropped without a word.
                self.add_error(f"terpenuhi_{b.pk}", "Pilih Terpenuhi atau Tidak terpenuhi.")
        return data

    def baris(self):
        """(item, its four bound fields) for the template."""
        return [
            (
                b,
                self[f"terpenuhi_{b.pk}"],
                self[f"keterangan_{b.pk}"],
                self[f"dokumen_{b.pk}"],
                self[f"berkas_{b.pk}"],
            )
            for b in self.butir
        ]
