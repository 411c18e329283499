"""Forms of the schedule: a session (date and local times → aware datetimes in the pemda's
time zone), its cancellation, and the berita acara with its agreed follow-ups. The choices
are limited to what the user may pick — another OPD's id posted by hand is not a choice."""

from datetime import datetime

from django import forms
from django.utils import timezone

from evaluasi.jadwal.services import DataSesi
from evaluasi.models import Indikator, JenisSesi, Periode
from opd.models import Opd, Pengguna, Peran

# A session dated outside these years is a typo (0001, 9999), and year 1 overflows UTC.
TAHUN_PALING_AWAL = 2000


class _Pengguna(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.nama or obj.username


class SesiForm(forms.Form):
    periode = forms.ModelChoiceField(queryset=Periode.objects.none(), label="Periode")
    opd = forms.ModelChoiceField(queryset=Opd.objects.none(), label="OPD")
    jenis = forms.ChoiceField(choices=JenisSesi.choices, label="Jenis sesi")
    tanggal = forms.DateField(label="Tanggal", widget=forms.DateInput(attrs={"type": "date"}))
    jam_mulai = forms.TimeField(label="Jam mulai", widget=forms.TimeInput(attrs={"type": "time"}))
    jam_selesai = forms.TimeField(
        label="Jam selesai", widget=forms.TimeInput(attrs={"type": "time"})
    )
    tempat = forms.CharField(label="Tempat", max_length=255, required=False)
    tautan = forms.URLField(
        label="Tautan rapat daring",
        max_length=500,
        required=False,
        assume_scheme="https",
        help_text="Isi tempat, tautan rapat, atau keduanya.",
    )
    evaluator = _Pengguna(
        queryset=Pengguna.objects.none(),
        label="Evaluator",
        widget=forms.CheckboxSelectMultiple,
    )
    operator = _Pengguna(
        queryset=Pengguna.objects.none(),
        label="Operator OPD yang hadir",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Bila tidak dipilih, undangan dikirim ke semua operator OPD tersebut.",
    )
    peserta = forms.CharField(
        label="Peserta lain",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Satu orang per baris: Nama — Jabatan.",
    )
    agenda = forms.CharField(
        label="Agenda", required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    kirim_undangan = forms.BooleanField(
        label="Kirim undangan (.ics) ke evaluator dan operator sekarang",
        required=False,
        initial=True,
    )

    def __init__(self, *args, opd_qs, periode_qs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["periode"].queryset = periode_qs
        self.fields["opd"].queryset = opd_qs.order_by("urutan", "nama")
        self.fields["evaluator"].queryset = Pengguna.objects.filter(
            peran=Peran.EVALUATOR, is_active=True
        ).order_by("nama", "username")
        self.fields["operator"].queryset = (
            Pengguna.objects.filter(peran=Peran.OPERATOR, is_active=True, opd__in=opd_qs)
            .select_related("opd")
            .order_by("opd__nama", "nama")
        )
        self.fields["operator"].label_from_instance = lambda u: (
            f"{u.nama or u.username} ({u.opd.singkatan or u.opd.nama})"
        )

    def clean(self):
        data = super().clean()
        tanggal, jam_mulai, jam_selesai = (
            data.get("tanggal"),
            data.get("jam_mulai"),
            data.get("jam_selesai"),
        )
        if tanggal and not (TAHUN_PALING_AWAL <= tanggal.year <= timezone.localdate().year + 5):
            self.add_error("tanggal", "Tanggal sesi tidak wajar; periksa tahunnya.")
            return data
        if tanggal and jam_mulai and jam_selesai:
            zona = timezone.get_current_timezone()
            data["mulai"] = datetime.combine(tanggal, jam_mulai, tzinfo=zona)
            data["selesai"] = datetime.combine(tanggal, jam_selesai, tzinfo=zona)
        return data

    def data_sesi(self) -> DataSesi:
        d = self.cleaned_data
        return DataSesi(
            periode=d["periode"],
            opd=d["opd"],
            jenis=d["jenis"],
            mulai=d["mulai"],
            selesai=d["selesai"],
            tempat=d["tempat"],
            tautan=d["tautan"],
            evaluator=list(d["evaluator"]),
            operator=list(d["operator"]),
            peserta=d["peserta"],
            agenda=d["agenda"],
        )

    @staticmethod
    def awal(sesi) -> dict:
        mulai, selesai = timezone.localtime(sesi.mulai), timezone.localtime(sesi.selesai)
        return {
            "periode": sesi.periode_id,
            "opd": sesi.opd_id,
            "jenis": sesi.jenis,
            "tanggal": mulai.date(),
            "jam_mulai": mulai.time(),
            "jam_selesai": selesai.time(),
            "tempat": sesi.tempat,
            "tautan": sesi.tautan,
            "evaluator": list(sesi.evaluator.values_list("pk", flat=True)),
            "operator": list(sesi.operator.values_list("pk", flat=True)),
            "peserta": sesi.peserta,
            "agenda": sesi.agenda,
            "kirim_undangan": True,
        }


class BatalForm(forms.Form):
    alasan = forms.CharField(label="Alasan pembatalan", required=False, max_length=1000)


class BeritaAcaraForm(forms.Form):
    ringkasan = forms.CharField(
        label="Catatan / ringkasan hasil sesi", widget=forms.Textarea(attrs={"rows": 8})
    )


class TindakLanjutForm(forms.Form):
    uraian = forms.CharField(label="Tindak lanjut yang disepakati", required=False, max_length=2000)
    opd = forms.ModelChoiceField(queryset=Opd.objects.none(), label="OPD PIC", required=False)
    batas = forms.DateField(
        label="Batas waktu", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    indikator = forms.ModelChoiceField(
        queryset=Indikator.objects.none(), label="Indikator terkait", required=False
    )

    def __init__(self, *args, opd_qs, indikator_qs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["opd"].queryset = opd_qs
        self.fields["indikator"].queryset = indikator_qs
        self.fields["indikator"].label_from_instance = lambda i: f"{i.nomor}. {i.nama}"[:120]

    def clean(self):
        data = super().clean()
        uraian = (data.get("uraian") or "").strip()
        if uraian:
            if data.get("opd") is None:
                self.add_error("opd", "Pilih OPD PIC.")
            if data.get("batas") is None:
                self.add_error("batas", "Isi batas waktu.")
        return data


TindakLanjutFormSet = forms.formset_factory(
    TindakLanjutForm, extra=3, max_num=20, validate_max=True
)
