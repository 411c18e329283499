from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms

from evaluasi.models import Periode
from tpp import rules


class AturanForm(forms.Form):
    """A TPP rule; one percentage field per predikat of the chosen period's instrument."""

    tahun = forms.IntegerField(label="Tahun TPP", min_value=2000, max_value=2100)
    periode = forms.ModelChoiceField(
        label="Periode evaluasi", queryset=Periode.objects.order_by("-tahun")
    )
    dasar_hukum = forms.CharField(
        label="Dasar hukum",
        widget=forms.Textarea(attrs={"rows": 2}),
        initial=rules.DASAR_HUKUM_BAWAAN,
    )

    def __init__(self, *args, predikat: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tahun"].widget.is_localized = False
        self.predikat = predikat
        for nama in predikat:
            self.fields[f"persen_{nama}"] = forms.DecimalField(
                label=f"Persentase untuk predikat {nama} (%)",
                min_value=0,
                max_value=100,
                decimal_places=2,
                initial=rules.PERSENTASE_BAWAAN.get(nama),
            )
        self.helper = FormHelper()
        self.helper.add_input(Submit("simpan", "Simpan", css_class="btn-primary"))

    @property
    def persen(self) -> dict:
        return {nama: self.cleaned_data[f"persen_{nama}"] for nama in self.predikat}
