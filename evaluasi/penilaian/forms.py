"""Forms of the self-assessment side: a period, an answer, a not-applicable mark."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.core.validators import URLValidator
from django.utils import timezone

from evaluasi import scoring
from evaluasi.instrumen.selectors import instrumen_untuk_tahun
from evaluasi.models import Indikator, Instrumen, Periode, StatusPeriode
from evaluasi.tampil import nilai_isian


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
            "instrumen": (
                "Kosongkan untuk memakai instrumen yang berlaku pada tahun evaluasi. "
                "Instrumen dikunci begitu dipakai periode ini."
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["instrumen"].queryset = Instrumen.objects.order_by("-bawaan", "nama")
        self.fields["instrumen"].required = False
        self.fields["instrumen"].empty_label = "— menurut tahun evaluasi —"
        self.fields["tahun"].localize = False
        self.fields["tahun"].widget.is_localized = False
        self.fields["tahun_tpp"].widget.is_localized = False
        # What cannot change any more is shown read-only (and a posted value is ignored).
        status = self.instance.status if self.instance.pk else StatusPeriode.PERSIAPAN
        tetap = []
        if status != StatusPeriode.PERSIAPAN:
            tetap += ["tahun", "instrumen"]
        if status == StatusPeriode.DIPUBLIKASI:
            tetap += ["mulai_pengisian", "batas_pengisian", "batas_verifikasi", "tahun_tpp"]
        alasan = f"Tidak dapat diubah lagi: periode sudah berstatus {StatusPeriode(status).label}."
        for name in tetap:
            self.fields[name].disabled = True
            self.fields[name].help_text = alasan
        self.helper = FormHelper()
        self.helper.add_input(Submit("simpan", "Simpan", css_class="btn-primary"))

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("instrumen") and cleaned.get("tahun") and "instrumen" not in self.errors:
            cleaned["instrumen"] = instrumen_untuk_tahun(cleaned["tahun"])
            if cleaned["instrumen"] is None:
                self.add_error("instrumen", "Belum ada instrumen; impor instrumen terlebih dahulu.")
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


class NilaiInput(forms.TextInput):
    """A value box showing the stored value as people type it again ("1,5", "2,3456")."""

    def format_value(self, value):
        return nilai_isian(value) or None


class NilaiField(forms.DecimalField):
    """An indicator value 1–5 with up to four decimals, typed "2,75" or "2.75" (a value this
    small has no thousands, so both marks can only mean the decimal point)."""

    # A text box, not <input type=number>: a number box refuses the Indonesian comma in some
    # browsers (and Playwright's fill), while the value is always typed as "2,75".
    widget = NilaiInput(attrs={"inputmode": "decimal", "autocomplete": "off"})

    def __init__(self, **kwargs):
        kwargs.setdefault("label", "Nilai")
        super().__init__(
            min_value=scoring.MIN_LEVEL,
            max_value=scoring.MAX_LEVEL,
            max_digits=5,
            decimal_places=4,
            error_messages={
                "required": "Isi nilainya.",
                "invalid": "Nilai harus berupa angka, misalnya 2,75.",
                "min_value": "Nilai paling kecil 1.",
                "max_value": "Nilai paling besar 5.",
                "max_decimal_places": "Nilai paling banyak empat angka di belakang koma.",
                "max_digits": "Nilai harus antara 1 dan 5.",
                "max_whole_digits": "Nilai harus antara 1 dan 5.",
            },
            **kwargs,
        )

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip().replace(",", ".")
        return super().to_python(value)


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

    def __init__(self, *args, indikator: Indikator | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if indikator is not None and indikator.eksternal:
            # Valued by a national index: a decimal taken from the source, with its date.
            self.fields["level"] = NilaiField(label=f"Nilai {indikator.sumber_eksternal}")
            self.fields["tanggal_eksternal"] = forms.DateField(
                label="Tanggal penilaian",
                widget=DateInput(),
                error_messages={
                    "required": "Isi tanggal penilaian oleh instansi pembina.",
                    "invalid": "Tanggal tidak sah.",
                },
            )
            if indikator.instrumen.nilai_eksternal_bawaan is not None:
                # The index may not be out yet: then it counts the instrument's value.
                self.fields["eksternal_belum"] = forms.BooleanField(
                    label="Nilai dari sumber belum tersedia", required=False
                )
                self.fields["level"].required = False
                self.fields["tanggal_eksternal"].required = False

    def clean(self):
        data = super().clean()
        if "eksternal_belum" in self.fields and not data.get("eksternal_belum"):
            if data.get("level") is None and "level" not in self.errors:
                self.add_error("level", "Isi nilainya, atau tandai bahwa nilai belum tersedia.")
            if not data.get("tanggal_eksternal") and "tanggal_eksternal" not in self.errors:
                self.add_error("tanggal_eksternal", "Isi tanggal penilaian oleh instansi pembina.")
        return data

    def clean_tanggal_eksternal(self):
        tanggal = self.cleaned_data.get("tanggal_eksternal")
        if tanggal and tanggal > timezone.localdate():
            raise forms.ValidationError("Tanggal penilaian tidak boleh di masa depan.")
        if tanggal and tanggal.year < 2000:
            raise forms.ValidationError("Tanggal penilaian tidak masuk akal; periksa tahunnya.")
        return tanggal

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
