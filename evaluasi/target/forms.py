"""Forms of the targets pages: one target (add/edit) and the workbook upload."""

from django import forms

from evaluasi.models import Aspek, Domain, Instrumen
from evaluasi.rumus import tampak_rumus
from evaluasi.target import aturan
from evaluasi.target.services import BarisTarget
from evaluasi.unggah import UnggahXlsxForm
from opd.models import Opd

KESELURUHAN = ""


def pilihan_bagian() -> list:
    """The overall index, then per instrument its domains ("d<pk>") and aspects ("a<pk>") as
    option groups (two queries)."""
    groups: dict[int, list] = {}
    nama = {}
    for model, awal, label in ((Domain, "d", "Domain"), (Aspek, "a", "Aspek")):
        for bagian in model.objects.select_related("instrumen").order_by(
            "instrumen__nama", "nomor"
        ):
            nama[bagian.instrumen_id] = bagian.instrumen.nama
            groups.setdefault(bagian.instrumen_id, []).append(
                (f"{awal}{bagian.pk}", f"{label} {bagian.nomor}. {bagian.nama}")
            )
    return [(KESELURUHAN, "Indeks keseluruhan")] + [
        (nama[i], items) for i, items in sorted(groups.items(), key=lambda kv: nama[kv[0]])
    ]


class TargetForm(forms.Form):
    tahun = forms.IntegerField(
        label="Tahun", min_value=aturan.TAHUN_MIN, max_value=aturan.TAHUN_MAKS
    )
    instrumen = forms.ModelChoiceField(
        label="Instrumen", queryset=Instrumen.objects.order_by("nama"), empty_label=None
    )
    opd = forms.ModelChoiceField(
        label="OPD",
        queryset=Opd.objects.order_by("urutan", "nama"),
        required=False,
        empty_label="Pemerintah daerah (keseluruhan)",
        help_text="Kosongkan untuk target pemerintah daerah.",
    )
    bagian = forms.ChoiceField(
        label="Bagian",
        required=False,
        help_text="Indeks keseluruhan, atau satu domain/aspek instrumen yang dipilih.",
    )
    nilai = forms.CharField(
        label="Nilai target",
        max_length=10,
        help_text="0–5, paling banyak dua angka di belakang koma (misalnya 3,84).",
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
    )
    keterangan = forms.CharField(
        label="Keterangan", required=False, max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, target=None, **kwargs):
        if target is not None and "initial" not in kwargs:
            bagian = (
                f"a{target.aspek_id}"
                if target.aspek_id
                else f"d{target.domain_id}"
                if target.domain_id
                else KESELURUHAN
            )
            kwargs["initial"] = {
                "tahun": target.tahun,
                "instrumen": target.instrumen_id,
                "opd": target.opd_id,
                "bagian": bagian,
                "nilai": str(target.nilai).replace(".", ","),
                "keterangan": target.keterangan,
            }
        super().__init__(*args, **kwargs)
        self.fields["bagian"].choices = pilihan_bagian()

    def clean_nilai(self):
        try:
            return aturan.baca_nilai(self.cleaned_data["nilai"])
        except ValueError as exc:
            raise forms.ValidationError(f"{str(exc).capitalize()}.") from None

    def clean_keterangan(self):
        text = self.cleaned_data["keterangan"].strip()
        if tampak_rumus(text):
            raise forms.ValidationError("Keterangan tidak boleh diawali =, +, - atau @.")
        return text

    def clean(self):
        data = super().clean()
        instrumen, bagian = data.get("instrumen"), data.get("bagian") or KESELURUHAN
        data["domain"] = data["aspek"] = None
        if instrumen is None or bagian == KESELURUHAN:
            return data
        model = {"d": Domain, "a": Aspek}.get(bagian[:1])
        pk = bagian[1:]
        found = (
            model.objects.filter(pk=int(pk), instrumen=instrumen).first()
            if model and pk.isascii() and pk.isdigit() and len(pk) < 19
            else None
        )
        if found is None:
            self.add_error("bagian", f"Bagian ini bukan domain atau aspek {instrumen.nama}.")
        else:
            data["domain" if model is Domain else "aspek"] = found
        return data

    def data_target(self) -> BarisTarget:
        d = self.cleaned_data
        return BarisTarget(
            tahun=d["tahun"],
            instrumen_id=d["instrumen"].pk,
            opd_id=d["opd"].pk if d["opd"] else None,
            domain_id=d["domain"].pk if d["domain"] else None,
            aspek_id=d["aspek"].pk if d["aspek"] else None,
            nilai=d["nilai"],
            keterangan=d["keterangan"],
        )


class ImporTargetForm(UnggahXlsxForm):
    BUKAN_XLSX = "Target diimpor dari berkas .xlsx (templat halaman ini)."
    berkas = forms.FileField(
        label="Berkas target (.xlsx)",
        help_text="Templat atau hasil Ekspor dari halaman ini. Baris yang sudah ada diganti "
        "nilainya; target lain tidak dihapus.",
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
        error_messages={"required": "Pilih berkas .xlsx."},
    )
