"""The upload of a workbook for an evaluation import (crosswalk, target, program, national
result): under the import size limit, an .xlsx by name; its bytes kept on `form.content` for
the reader. Each form says in its own words which file it expects (`BUKAN_XLSX`)."""

from django import forms
from django.conf import settings


class UnggahXlsxForm(forms.Form):
    BUKAN_XLSX = "Pilih berkas .xlsx."

    def clean_berkas(self):
        upload = self.cleaned_data["berkas"]
        if upload.size > settings.IMPORT_MAX_BYTES:
            raise forms.ValidationError(
                f"Berkas terlalu besar; batasnya {settings.IMPORT_MAX_BYTES // (1024 * 1024)} MB."
            )
        if not upload.name.lower().endswith(".xlsx"):
            raise forms.ValidationError(self.BUKAN_XLSX)
        self.content = upload.read()
        return upload
