"""The upload form of a national round's results (see views_hasil)."""

from django import forms

from evaluasi.models import Putaran
from evaluasi.unggah import UnggahXlsxForm


class HasilNasionalForm(UnggahXlsxForm):
    BUKAN_XLSX = "Hasil nasional diimpor dari berkas .xlsx (templat)."
    berkas = forms.FileField(
        label="Berkas hasil nasional (.xlsx)",
        help_text="Templat yang diunduh dari halaman ini, diisi hasil dari aplikasi nasional.",
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
    )
    nama = forms.CharField(
        label="Nama putaran",
        max_length=Putaran._meta.get_field("nama").max_length,
        help_text="Seperti di aplikasi nasional: Tahap 1, Perbaikan 1, …",
    )
    batas = forms.DateField(
        label="Batas perbaikan",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text="Batas OPD pengampu memperbaiki butir yang direvisi pada putaran ini.",
    )

    def clean_nama(self) -> str:
        return " ".join(self.cleaned_data["nama"].split())
