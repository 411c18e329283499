"""Forms of the evidence library."""

from django import forms

from evaluasi.models import Dokumen
from evaluasi.penilaian.forms import DateInput

TERIMA = ".pdf,.png,.jpg,.jpeg,.docx,.xlsx,.pptx,.odt,.ods"


class DokumenForm(forms.ModelForm):
    class Meta:
        model = Dokumen
        fields = ["judul", "jenis", "nomor", "tanggal", "berlaku_sampai", "rahasia", "label"]
        widgets = {"tanggal": DateInput(), "berlaku_sampai": DateInput()}
        help_texts = {
            "tanggal": "Tanggal penetapan atau penerbitan dokumen (bukan tanggal unggah).",
            "berlaku_sampai": "Kosongkan bila berlaku tanpa batas waktu.",
        }

    def clean(self):
        data = super().clean()
        tanggal, sampai = data.get("tanggal"), data.get("berlaku_sampai")
        if tanggal and sampai and sampai < tanggal:
            self.add_error("berlaku_sampai", "Berlaku sampai tidak boleh sebelum tanggal dokumen.")
        return data


class DokumenBaruForm(DokumenForm):
    berkas = forms.FileField(
        label="Berkas",
        error_messages={"required": "Pilih berkas dokumen."},
        widget=forms.ClearableFileInput(attrs={"accept": TERIMA}),
    )

    class Meta(DokumenForm.Meta):
        fields = ["berkas", *DokumenForm.Meta.fields]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["judul"].required = False
        self.fields["judul"].help_text = "Kosongkan untuk memakai nama berkas."
