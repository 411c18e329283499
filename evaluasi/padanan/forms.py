"""Forms of the crosswalk page: the upload of a crosswalk workbook."""

from django import forms

from evaluasi.unggah import UnggahXlsxForm


class ImporPadananForm(UnggahXlsxForm):
    BUKAN_XLSX = "Padanan diimpor dari berkas .xlsx (hasil Unduh .xlsx)."
    berkas = forms.FileField(
        label="Berkas padanan (.xlsx)",
        help_text="Berkas yang diunduh dari halaman ini, lalu diubah. Mengganti seluruh padanan "
        "antara kedua instrumen yang disebut di berkas.",
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
        error_messages={"required": "Pilih berkas .xlsx."},
    )
