"""Forms of rencana aksi."""

from django import forms

from evaluasi.dokumen.forms import TERIMA
from evaluasi.models import Indikator, StatusAksi
from evaluasi.penilaian.forms import DateInput
from opd.models import Opd


class AksiForm(forms.Form):
    uraian = forms.CharField(
        label="Tindakan",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Apa yang akan dilakukan, sekonkret mungkin (mis. menetapkan SK Tim SPBE).",
        error_messages={"required": "Tuliskan tindakan yang akan dilakukan."},
    )
    opd = forms.ModelChoiceField(
        label="OPD PIC",
        queryset=Opd.objects.none(),
        error_messages={
            "required": "Pilih OPD penanggung jawab.",
            "invalid_choice": "OPD tidak ditemukan atau bukan wewenang Anda.",
        },
    )
    batas = forms.DateField(
        label="Batas waktu",
        widget=DateInput(),
        error_messages={"required": "Isi batas waktu.", "invalid": "Tanggal tidak valid."},
    )
    indikator = forms.ModelChoiceField(
        label="Indikator terkait",
        queryset=Indikator.objects.none(),
        required=False,
        help_text=(
            "Rencana aksi yang belum selesai tampil pada indikator ini di penilaian berikutnya."
        ),
        error_messages={"invalid_choice": "Indikator tidak ditemukan."},
    )

    def __init__(self, *args, opd_qs, indikator_qs, indikator_tetap: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["opd"].queryset = opd_qs
        self.fields["opd"].label_from_instance = lambda o: o.nama
        self.fields["indikator"].queryset = indikator_qs.select_related("instrumen")
        self.fields["indikator"].label_from_instance = lambda i: (
            f"{i.instrumen.nama} · {i.nomor}. {i.nama}"
        )
        if indikator_tetap:
            self.fields["indikator"].disabled = True


class FilterAksiForm(forms.Form):
    STATUS = [("", "Semua status"), ("terbuka", "Belum selesai"), *StatusAksi.choices]
    q = forms.CharField(label="Cari", required=False)
    status = forms.ChoiceField(label="Status", choices=STATUS, required=False)
    opd = forms.ModelChoiceField(
        label="OPD", queryset=Opd.objects.none(), required=False, empty_label="Semua OPD"
    )
    tahun = forms.TypedChoiceField(label="Tahun", coerce=int, required=False, empty_value=None)
    terlambat = forms.BooleanField(label="Hanya yang terlambat", required=False)

    def __init__(self, *args, opd_qs, tahun: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            kelas = {
                forms.CheckboxInput: "form-check-input",
                forms.Select: "form-select form-select-sm",
            }.get(type(field.widget), "form-control form-control-sm")
            field.widget.attrs["class"] = kelas
        if opd_qs is None:
            del self.fields["opd"]
        else:
            self.fields["opd"].queryset = opd_qs
            self.fields["opd"].label_from_instance = lambda o: o.nama
        self.fields["tahun"].choices = [("", "Semua tahun"), *((t, t) for t in tahun)]


class KomentarForm(forms.Form):
    teks = forms.CharField(
        label="Komentar",
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "Komentar kosong."},
    )


class BuktiAksiForm(forms.Form):
    dokumen = forms.IntegerField(label="Dokumen dari pustaka", required=False)
    berkas = forms.FileField(
        label="atau unggah berkas",
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": TERIMA}),
    )

    def clean(self):
        data = super().clean()
        if not data.get("dokumen") and not data.get("berkas"):
            raise forms.ValidationError("Pilih dokumen dari pustaka atau unggah berkas bukti.")
        return data
