"""The upload form of a national round's results (see views_hasil)."""

from django import forms
from django.conf import settings

from evaluasi.models import Putaran


class HasilNasionalForm(forms.Form):
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

    def clean_berkas(self):
        upload = self.cleaned_data["berkas"]
        if upload.size > settings.IMPORT_MAX_BYTES:
            raise forms.ValidationError(
                f"Berkas terlalu besar; batasnya {settings.IMPORT_MAX_BYTES // (1024 * 1024)} MB."
            )
        if not upload.name.lower().endswith(".xlsx"):
            raise forms.ValidationError("Hasil nasional diimpor dari berkas .xlsx (templat).")
        self.content = upload.read()
        return upload

    def clean_nama(self) -> str:
        return " ".join(self.cleaned_data["nama"].split())
