"""Forms of the evaluator side: a review, evidence validation, a revision request, an
assignment and the reason given for finalising or reopening."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms

from evaluasi import scoring
from evaluasi.models import AlasanRevisi, Indikator, Metode
from evaluasi.penilaian.forms import NilaiField
from opd.models import Opd, Pengguna, Peran


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
    alasan_penyesuaian = forms.CharField(
        label="Alasan penyesuaian", required=False, max_length=2_000, widget=forms.Textarea
    )

    def __init__(self, *args, indikator: Indikator | None = None, punya_butir=False, **kwargs):
        super().__init__(*args, **kwargs)
        if indikator is not None and (indikator.eksternal or punya_butir):
            # A decimal: the external index's value, or an override of the value computed
            # from the accepted items (empty = keep the computed value).
            self.fields["level_final"] = NilaiField(label="Nilai final", required=not punya_butir)
        self.punya_butir = punya_butir

    def clean(self):
        data = super().clean()
        if (
            self.punya_butir
            and data.get("level_final") is not None
            and not data.get("alasan_penyesuaian", "").strip()
        ):
            self.add_error(
                "alasan_penyesuaian",
                "Tuliskan alasan menyesuaikan nilai yang dihitung dari butir yang diterima.",
            )
        return data


class ReviuButirForm(forms.Form):
    putusan = forms.ChoiceField(
        choices=[("diterima", "Diterima"), ("revisi", "Revisi")],
        error_messages={"required": "Pilih diterima atau revisi."},
    )
    alasan = forms.ChoiceField(choices=[("", "—"), *AlasanRevisi.choices], required=False)
    alasan_lain = forms.CharField(required=False, max_length=500)
    catatan = forms.CharField(required=False, max_length=2_000)
    versi = forms.IntegerField(min_value=0, error_messages={"required": "Muat ulang halaman."})


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
    """Assign one evaluator to the OPDs ticked on the page, to every OPD matching the page's
    filter, or to every OPD still without one. `opds`: the OPDs of the period (ids outside
    it are refused, not ignored)."""

    evaluator = forms.ModelChoiceField(
        label="Evaluator",
        queryset=Pengguna.objects.none(),
        error_messages={
            "required": "Pilih evaluator.",
            "invalid_choice": "Evaluator tidak dikenal atau tidak aktif.",
        },
    )
    opd = forms.ModelMultipleChoiceField(
        label="OPD",
        queryset=Opd.objects.none(),
        widget=forms.MultipleHiddenInput,  # the checkboxes are the rows of the page's table
        required=False,
        error_messages={
            "invalid_choice": "OPD %(value)s bukan OPD aktif periode ini.",
            "invalid_pk_value": "“%(pk)s” bukan OPD yang sah.",
        },
    )
    semua_cocok = forms.BooleanField(
        label="Semua OPD yang cocok dengan saringan (semua halaman)", required=False
    )
    tanpa_evaluator = forms.BooleanField(
        label="Semua OPD yang belum memiliki evaluator", required=False
    )

    def __init__(self, *args, opds, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["evaluator"].queryset = Pengguna.objects.filter(
            peran=Peran.EVALUATOR, is_active=True
        ).order_by("nama")
        self.fields["opd"].queryset = opds

    def clean(self):
        data = super().clean()
        if not self.has_error("opd") and not (
            data.get("opd") or data.get("tanpa_evaluator") or data.get("semua_cocok")
        ):
            self.add_error(
                "opd",
                "Pilih satu atau lebih OPD, semua yang cocok dengan saringan, "
                "atau semua yang belum ditugaskan.",
            )
        return data


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
