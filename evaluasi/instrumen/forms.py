"""Forms of the instrument pages: a level's criteria text, the spreadsheet import and the
index simulator."""

from decimal import Decimal

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.conf import settings

from evaluasi import scoring
from evaluasi.penilaian.forms import NilaiField


class KriteriaForm(forms.Form):
    nama = forms.CharField(label="Nama level", max_length=100)
    deskripsi = forms.CharField(label="Kriteria", widget=forms.Textarea(attrs={"rows": 4}))
    bukti = forms.CharField(
        label="Bukti yang diharapkan",
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Satu butir bukti per baris.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("simpan", "Simpan", css_class="btn-primary"))

    def clean_deskripsi(self) -> str:
        return self.cleaned_data["deskripsi"].strip()

    def clean_bukti(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["bukti"].splitlines() if line.strip()]


class InstrumenImportForm(forms.Form):
    berkas = forms.FileField(
        label="Berkas instrumen (.xlsx)",
        help_text="Lembar Instrumen, Predikat, Struktur, dan Kriteria — seperti hasil Ekspor.",
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
    )

    def clean_berkas(self):
        upload = self.cleaned_data["berkas"]
        if upload.size > settings.IMPORT_MAX_BYTES:
            raise forms.ValidationError(
                f"Berkas terlalu besar; batasnya {settings.IMPORT_MAX_BYTES // (1024 * 1024)} MB."
            )
        if not upload.name.lower().endswith(".xlsx"):
            raise forms.ValidationError("Instrumen diimpor dari berkas .xlsx.")
        self.content = upload.read()
        return upload


class SimulasiForm(forms.Form):
    """One level field (0 = unanswered) and one not-applicable box per indicator, built from
    the instrument's own indicator numbers."""

    LEVEL_CHOICES = [("0", "–"), *[(str(n), str(n)) for n in range(1, scoring.MAX_LEVEL + 1)]]

    def __init__(self, *args, nomor: tuple[int, ...], pecahan: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.nomor = nomor
        self.pecahan = pecahan
        for n in nomor:
            if pecahan:  # an instrument with partial credit or external values: 1,17 is real
                self.fields[f"l_{n}"] = NilaiField(required=False)
            else:
                self.fields[f"l_{n}"] = forms.TypedChoiceField(
                    choices=self.LEVEL_CHOICES, coerce=int, required=False, empty_value=0
                )
            self.fields[f"na_{n}"] = forms.BooleanField(required=False)

    def clean(self):
        cleaned = super().clean()
        if cleaned is not None and all(cleaned.get(f"na_{n}") for n in self.nomor):
            raise forms.ValidationError(
                "Semua indikator ditandai tidak berlaku; tidak ada yang dihitung."
            )
        return cleaned

    @property
    def levels(self) -> dict[int, int | Decimal]:
        return {n: self.cleaned_data.get(f"l_{n}") or 0 for n in self.nomor}

    @property
    def na(self) -> set[int]:
        return {n for n in self.nomor if self.cleaned_data.get(f"na_{n}")}
