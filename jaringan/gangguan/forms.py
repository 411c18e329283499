"""Forms of the disruption log, quick to fill on a phone: datetime-local inputs read in the
pemda's time zone, "Masih berlangsung" instead of an end. The OPD and link choices are only
those the user may log for: another OPD's id posted by hand is not a choice."""

from datetime import timedelta

from crispy_forms.helper import FormHelper
from django import forms
from django.utils import timezone

from jaringan.gangguan.model import Penyebab
from jaringan.gangguan.services import DataGangguan
from jaringan.models import Koneksi
from opd.models import Opd

FORMAT_WAKTU = "%Y-%m-%dT%H:%M"
# A disruption is logged after it began; a few minutes' clock difference between the phone
# and the server is tolerated, a date next week is a typo.
TOLERANSI_MASA_DEPAN = timedelta(minutes=30)
TAHUN_PALING_AWAL = 2000


class _Waktu(forms.DateTimeField):
    widget = forms.DateTimeInput(attrs={"type": "datetime-local"}, format=FORMAT_WAKTU)

    def __init__(self, **kwargs):
        super().__init__(input_formats=[FORMAT_WAKTU, "%Y-%m-%d %H:%M"], **kwargs)


def _periksa_waktu(form: forms.Form, nama: str, waktu, label: str) -> None:
    if waktu is None:
        return
    if waktu.year < TAHUN_PALING_AWAL:
        form.add_error(nama, f"{label} tidak wajar; periksa tahunnya.")
    elif waktu > timezone.now() + TOLERANSI_MASA_DEPAN:
        form.add_error(nama, f"{label} tidak boleh di masa depan.")


class _KoneksiPilihan(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.nama} {obj.tahun} — {obj.opd.singkatan or obj.opd.nama}"


class GangguanForm(forms.Form):
    opd = forms.ModelChoiceField(queryset=Opd.objects.none(), label="OPD")
    mulai = _Waktu(label="Waktu mulai")
    masih_berlangsung = forms.BooleanField(label="Masih berlangsung", required=False)
    selesai = _Waktu(label="Waktu selesai", required=False)
    layanan = forms.CharField(
        label="Layanan terdampak",
        max_length=200,
        help_text="Mis. Internet seluruh kantor, SIMPEG, e-Office.",
    )
    # No cause chosen in advance: a default would be logged whenever nobody changed it.
    penyebab = forms.ChoiceField(
        label="Penyebab",
        choices=[("", "— pilih penyebab —"), *Penyebab.choices],
        error_messages={"required": "Pilih penyebab gangguan."},
    )
    penyebab_lain = forms.CharField(
        label="Keterangan penyebab",
        max_length=200,
        required=False,
        help_text="Wajib bila penyebabnya Lainnya.",
    )
    tindakan = forms.CharField(
        label="Tindakan yang diambil",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    koneksi = _KoneksiPilihan(
        queryset=Koneksi.objects.none(), label="Koneksi terdampak", required=False
    )
    nama_pelapor = forms.CharField(
        label="Pelapor di lapangan",
        max_length=150,
        required=False,
        help_text="Opsional, bila bukan Anda yang menemukan gangguan.",
    )
    kunci = forms.UUIDField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, opd_qs, koneksi_qs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["opd"].queryset = opd_qs.order_by("urutan", "nama")
        self.fields["koneksi"].queryset = koneksi_qs.select_related("opd").order_by(
            "opd__urutan", "-tahun", "nama"
        )
        self.helper = FormHelper()
        self.helper.form_tag = False

    def clean(self):
        data = super().clean()
        mulai, selesai = data.get("mulai"), data.get("selesai")
        _periksa_waktu(self, "mulai", mulai, "Waktu mulai")
        if data.get("masih_berlangsung"):
            data["selesai"] = selesai = None
        elif selesai is None and "selesai" not in self.errors:
            self.add_error("selesai", "Isi waktu selesai, atau centang Masih berlangsung.")
        _periksa_waktu(self, "selesai", selesai, "Waktu selesai")
        if mulai and selesai and selesai < mulai:
            self.add_error("selesai", "Waktu selesai tidak boleh sebelum waktu mulai.")
        if data.get("penyebab") == Penyebab.LAINNYA and not data.get("penyebab_lain", "").strip():
            self.add_error("penyebab_lain", "Jelaskan penyebabnya bila memilih Lainnya.")
        opd, koneksi = data.get("opd"), data.get("koneksi")
        if opd and koneksi and koneksi.opd_id != opd.pk:
            self.add_error("koneksi", "Koneksi ini bukan milik OPD yang dipilih.")
        return data

    def data_gangguan(self) -> DataGangguan:
        d = self.cleaned_data
        return DataGangguan(
            opd=d["opd"],
            mulai=d["mulai"],
            selesai=d["selesai"],
            layanan=d["layanan"].strip(),
            penyebab=d["penyebab"],
            penyebab_lain=d["penyebab_lain"].strip(),
            tindakan=d["tindakan"].strip(),
            koneksi=d["koneksi"],
            nama_pelapor=d["nama_pelapor"].strip(),
        )

    @staticmethod
    def awal(gangguan) -> dict:
        return {
            "opd": gangguan.opd_id,
            "mulai": timezone.localtime(gangguan.mulai),
            "selesai": timezone.localtime(gangguan.selesai) if gangguan.selesai else None,
            "masih_berlangsung": gangguan.selesai is None,
            "layanan": gangguan.layanan,
            "penyebab": gangguan.penyebab,
            "penyebab_lain": gangguan.penyebab_lain,
            "tindakan": gangguan.tindakan,
            "koneksi": gangguan.koneksi_id,
            "nama_pelapor": gangguan.nama_pelapor,
        }


class SelesaiForm(forms.Form):
    selesai = _Waktu(label="Waktu selesai")
    tindakan = forms.CharField(
        label="Tindakan yang diambil",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, mulai=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.mulai = mulai

    def clean(self):
        data = super().clean()
        selesai = data.get("selesai")
        _periksa_waktu(self, "selesai", selesai, "Waktu selesai")
        if selesai and self.mulai and selesai < self.mulai:
            self.add_error("selesai", "Waktu selesai tidak boleh sebelum waktu mulai.")
        return data


class SaringForm(forms.Form):
    """The list's filters; a bad value is simply no filter."""

    bulan = forms.CharField(required=False)
    opd = forms.ModelChoiceField(queryset=Opd.objects.none(), required=False)
    penyebab = forms.ChoiceField(choices=[("", "Semua"), *Penyebab.choices], required=False)
    berlangsung = forms.BooleanField(required=False)

    def __init__(self, *args, opd_qs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["opd"].queryset = opd_qs
