"""Forms of the evaluation: instrument import and criteria, simulator, periods, answers,
review, revision, assignment and not-applicable choices."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.conf import settings
from django.core.validators import URLValidator

from evaluasi import scoring
from evaluasi.models import Indikator, Instrumen, Metode, Periode
from opd.models import Opd, Pengguna, Peran


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

    def __init__(self, *args, nomor: tuple[int, ...], **kwargs):
        super().__init__(*args, **kwargs)
        self.nomor = nomor
        for n in nomor:
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
    def levels(self) -> dict[int, int]:
        return {n: self.cleaned_data.get(f"l_{n}") or 0 for n in self.nomor}

    @property
    def na(self) -> set[int]:
        return {n for n in self.nomor if self.cleaned_data.get(f"na_{n}")}


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class PeriodeForm(forms.ModelForm):
    class Meta:
        model = Periode
        fields = [
            "nama",
            "tahun",
            "instrumen",
            "mulai_pengisian",
            "batas_pengisian",
            "batas_verifikasi",
            "tahun_tpp",
        ]
        widgets = {
            "mulai_pengisian": DateInput(),
            "batas_pengisian": DateInput(),
            "batas_verifikasi": DateInput(),
        }
        help_texts = {
            "tahun_tpp": "Hasil evaluasi tahun ini menentukan komponen SPBE pada TPP tahun ini.",
            "instrumen": "Instrumen dikunci begitu dipakai periode ini.",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["instrumen"].queryset = Instrumen.objects.order_by("-bawaan", "nama")
        self.fields["tahun"].localize = False
        self.fields["tahun"].widget.is_localized = False
        self.fields["tahun_tpp"].widget.is_localized = False
        self.helper = FormHelper()
        self.helper.add_input(Submit("simpan", "Simpan", css_class="btn-primary"))

    def clean(self):
        cleaned = super().clean()
        mulai, batas, verifikasi = (
            cleaned.get("mulai_pengisian"),
            cleaned.get("batas_pengisian"),
            cleaned.get("batas_verifikasi"),
        )
        if mulai and batas and batas < mulai:
            self.add_error("batas_pengisian", "Batas pengisian harus sesudah tanggal mulai.")
        if batas and verifikasi and verifikasi < batas:
            self.add_error("batas_verifikasi", "Batas verifikasi harus sesudah batas pengisian.")
        return cleaned


class JawabanForm(forms.Form):
    level = forms.TypedChoiceField(
        label="Level",
        coerce=int,
        choices=[(n, str(n)) for n in range(scoring.MIN_LEVEL, scoring.MAX_LEVEL + 1)],
        widget=forms.RadioSelect,
        error_messages={
            "required": "Pilih salah satu level.",
            "invalid_choice": "Level harus salah satu dari 1–5.",
        },
    )
    penjelasan = forms.CharField(
        label="Penjelasan",
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={
            "required": "Penjelasan wajib diisi: uraikan kondisi yang mendukung level ini."
        },
        max_length=10_000,
    )
    tautan = forms.CharField(
        label="Tautan bukti",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "placeholder": "https://drive.google.com/…"}),
        help_text="Satu alamat per baris, misalnya folder Google Drive atau halaman aplikasi.",
    )
    versi = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def clean_tautan(self) -> list[str]:
        validate = URLValidator(schemes=["http", "https"])
        links = [line.strip() for line in self.cleaned_data["tautan"].splitlines() if line.strip()]
        for link in links:
            try:
                validate(link)
            except forms.ValidationError:
                raise forms.ValidationError(
                    f"Alamat tidak sah: {link} (awali dengan https://)."
                ) from None
        return links


class TidakBerlakuForm(forms.Form):
    indikator = forms.ModelMultipleChoiceField(
        label="Indikator yang tidak berlaku",
        queryset=Indikator.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    alasan = forms.CharField(label="Alasan", max_length=255, required=False)

    def __init__(self, *args, instrumen: Instrumen, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indikator"].queryset = instrumen.indikator.order_by("nomor")
        self.fields["indikator"].label_from_instance = lambda i: f"{i.nomor}. {i.nama}"
        self.helper = FormHelper()
        self.helper.add_input(Submit("simpan", "Simpan", css_class="btn-primary"))


class ReviuForm(forms.Form):
    level_final = forms.TypedChoiceField(
        label="Level final",
        coerce=int,
        choices=[(n, str(n)) for n in range(scoring.MIN_LEVEL, scoring.MAX_LEVEL + 1)],
        widget=forms.RadioSelect,
        error_messages={
            "required": "Pilih level final.",
            "invalid_choice": "Level final harus salah satu dari 1–5.",
        },
    )
    metode = forms.ChoiceField(
        label="Metode",
        choices=Metode.choices,
        error_messages={"required": "Pilih metode verifikasi."},
    )
    catatan = forms.CharField(
        label="Catatan", required=False, widget=forms.Textarea(attrs={"rows": 3}), max_length=10_000
    )
    rekomendasi = forms.CharField(
        label="Rekomendasi",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=10_000,
    )
    versi_reviu = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


class ValidasiBuktiForm(forms.Form):
    valid = forms.TypedChoiceField(
        choices=[("1", "Valid"), ("0", "Tidak valid")], coerce=lambda v: v == "1"
    )
    alasan = forms.CharField(required=False, max_length=500)


class PerbaikanForm(forms.Form):
    indikator = forms.ModelMultipleChoiceField(
        label="Indikator yang perlu diperbaiki",
        queryset=Indikator.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Pilih minimal satu indikator."},
    )
    catatan = forms.CharField(
        label="Catatan untuk operator",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Tuliskan apa yang perlu diperbaiki."},
    )

    def __init__(self, *args, indikator_qs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indikator"].queryset = indikator_qs
        self.fields["indikator"].label_from_instance = lambda i: f"{i.nomor}. {i.nama}"
        self.helper = FormHelper()
        self.helper.add_input(Submit("kirim", "Minta perbaikan", css_class="btn-warning"))


class PenugasanForm(forms.Form):
    evaluator = forms.ModelChoiceField(label="Evaluator", queryset=Pengguna.objects.none())
    opd = forms.ModelMultipleChoiceField(
        label="OPD", queryset=Opd.objects.none(), widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["evaluator"].queryset = Pengguna.objects.filter(
            peran=Peran.EVALUATOR, is_active=True
        ).order_by("nama")
        self.fields["opd"].queryset = Opd.objects.filter(aktif=True).order_by("urutan", "nama")


class AlasanForm(forms.Form):
    alasan = forms.CharField(
        label="Alasan",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Tuliskan alasannya."},
    )

    def __init__(self, *args, tombol: str = "Simpan", **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("simpan", tombol, css_class="btn-primary"))
