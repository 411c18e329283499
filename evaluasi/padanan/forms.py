"""Forms of the crosswalk page: the upload of a crosswalk workbook."""

from django import forms
from django.conf import settings


class ImporPadananForm(forms.Form):
    berkas = forms.FileField(
        label="Berkas padanan (.xlsx)",
        help_text="Berkas yang diunduh dari halaman ini, lalu diubah. Mengganti seluruh padanan "
        "antara kedua instrumen yang disebut di berkas.",
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
        error_messages={"required": "Pilih berkas .xlsx."},
    )

    def clean_berkas(self):
        upload = self.cleaned_data["berkas"]
        if upload.size > settings.IMPORT_MAX_BYTES:
            raise forms.ValidationError(
                f"Berkas terlalu besar; batasnya {settings.IMPORT_MAX_BYTES // (1024 * 1024)} MB."
            )
        if not upload.name.lower().endswith(".xlsx"):
            raise forms.ValidationError("Padanan diimpor dari berkas .xlsx (hasil Unduh .xlsx).")
        self.content = upload.read()
        return upload
