"""Forms of the penilaian instansi pages."""

from django import forms

from evaluasi.penilaian.forms import DateInput, NilaiField
from opd.models import Opd


class PengampuMassalForm(forms.Form):
    opd = forms.ModelChoiceField(
        label="OPD pengampu",
        queryset=Opd.objects.filter(aktif=True),
        error_messages={"required": "Pilih OPD pengampu.", "invalid_choice": "OPD tidak dikenal."},
    )


class ImporPetaForm(forms.Form):
    berkas = forms.FileField(
        label="Berkas .xlsx peta pengampu",
        error_messages={"required": "Pilih berkas .xlsx."},
    )


class CatatanForm(forms.Form):
    catatan = forms.CharField(
        label="Keterangan untuk asesor",
        required=False,
        max_length=4_000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Ditempel ke aplikasi evaluasi nasional bersama berkasnya.",
    )
    versi = forms.IntegerField(min_value=0, widget=forms.HiddenInput)


class NilaiInstansiForm(forms.Form):
    nilai = NilaiField(label="Nilai instansi", required=False)
    catatan = forms.CharField(
        label="Catatan Koordinator",
        required=False,
        max_length=4_000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    versi = forms.IntegerField(min_value=0, widget=forms.HiddenInput)


class EksternalForm(forms.Form):
    nilai = NilaiField(label="Nilai indeks", required=False)
    tanggal = forms.DateField(label="Tanggal penilaian", required=False, widget=DateInput())
    sumber = forms.CharField(
        label="Sumber",
        required=False,
        max_length=2_000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Dokumen atau laman hasil penilaian, misalnya surat pembina dengan nomornya.",
    )
    belum_tersedia = forms.BooleanField(label="Nilai tahun ini belum tersedia", required=False)
    versi = forms.IntegerField(min_value=0, widget=forms.HiddenInput)
