"""Forms of the roadmap's programs: one program (Admin), the roadmap workbook upload, and the
progress a responsible OPD reports for a year."""

from django import forms

from evaluasi.models import Indikator, Program, StatusKemajuan
from evaluasi.program import aturan
from evaluasi.rumus import tampak_rumus
from evaluasi.unggah import UnggahXlsxForm
from opd.models import Opd


class IndikatorPilihan(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Indikator) -> str:
        kode = obj.kode or str(obj.nomor)
        return f"{obj.instrumen.kode} · {kode} {obj.nama}"


class ProgramForm(forms.ModelForm):
    opd = forms.ModelMultipleChoiceField(
        label="OPD penanggung jawab",
        queryset=Opd.objects.order_by("urutan", "nama"),
        required=False,
        help_text="Kosongkan bila program ini milik pemda secara keseluruhan.",
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    indikator = IndikatorPilihan(
        label="Indikator terkait",
        queryset=Indikator.objects.select_related("instrumen").order_by("instrumen_id", "nomor"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    tahun = forms.CharField(
        label="Tahun berjalan",
        max_length=200,
        help_text="Misalnya 2022–2026, atau 2023, 2025.",
        error_messages={"required": "Isi tahun program berjalan."},
    )

    class Meta:
        model = Program
        fields = [
            "nama",
            "sub_program",
            "opd",
            "indikator",
            "bukti_diharapkan",
            "jenis_bukti",
            "keterangan",
        ]
        widgets = {
            "bukti_diharapkan": forms.Textarea(attrs={"rows": 3}),
            "keterangan": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial.setdefault(
                "tahun", aturan.ringkas_tahun(k.tahun for k in self.instance.kemajuan.all())
            )

    def clean_tahun(self) -> list[int]:
        try:
            tahun = aturan.urai_tahun(self.cleaned_data["tahun"])
        except ValueError as exc:
            raise forms.ValidationError(str(exc)) from None
        if not tahun:
            raise forms.ValidationError("Isi paling sedikit satu tahun.")
        return tahun

    def clean(self):
        data = super().clean()
        # Text that the workbook export would hand to a spreadsheet as a formula.
        for kolom in ("nama", "sub_program", "bukti_diharapkan", "keterangan"):
            if tampak_rumus((data.get(kolom) or "").strip()):
                self.add_error(kolom, "Teks tidak boleh diawali =, +, - atau @.")
        return data


class ImporProgramForm(UnggahXlsxForm):
    BUKAN_XLSX = "Peta rencana diimpor dari berkas .xlsx."
    berkas = forms.FileField(
        label="Berkas peta rencana (.xlsx)",
        help_text="Tabel program dengan kolom program, sub_program, pic dan satu kolom per tahun "
        "(bentuk tabel Peta Rencana Dompu). Unduh templat bila belum punya.",
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
        error_messages={"required": "Pilih berkas .xlsx."},
    )


class VersiPilihan(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.dokumen.judul} — versi {obj.nomor} ({obj.nama_asli})"


class LaporKemajuanForm(forms.Form):
    """The progress of one year. `versi` offers only what access.versi_for_kemajuan allows, so
    another OPD's document id is refused as an invalid choice."""

    status = forms.ChoiceField(
        label="Status",
        choices=StatusKemajuan.choices,
        error_messages={
            "invalid_choice": "Status kemajuan tidak dikenal.",
            "required": "Pilih status kemajuan.",
        },
    )
    catatan = forms.CharField(label="Catatan", max_length=500, required=False)
    versi = VersiPilihan(
        label="Dokumen bukti",
        queryset=None,
        required=False,
        empty_label="— tanpa dokumen —",
        error_messages={
            "invalid_choice": "Dokumen itu tidak dapat ditautkan: pilih dokumen dari pustaka "
            "OPD penanggung jawab program ini."
        },
    )

    def __init__(self, *args, versi_qs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["versi"].queryset = versi_qs.select_related("dokumen").order_by(
            "dokumen__judul", "-nomor"
        )
