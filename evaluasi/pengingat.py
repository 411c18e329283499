"""Deadline reminders (SPEC §4): 14, 7 and 1 days before each deadline (settings.PENGINGAT_HARI)
to those not done yet, each once per user (beat, hourly), and "Kirim pengingat" by an admin
for a chosen group. Every reminder sent is a `Pengingat` row: who got it, when, and who sent
it by hand."""

from collections import defaultdict
from datetime import date

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from evaluasi import states, surel
from evaluasi.models import (
    JenisPengingat,
    Pengingat,
    Penilaian,
    Penugasan,
    Periode,
    StatusPenilaian,
    StatusPeriode,
)
from evaluasi.penilaian.akibat import hari_lagi
from opd.models import Peran

TERBUKA = (StatusPeriode.PENGISIAN, StatusPeriode.VERIFIKASI)
# Which penilaian still wait on whom, per kind of reminder.
BELUM_SELESAI = {
    JenisPengingat.PENGISIAN: (StatusPenilaian.DRAFT,),
    JenisPengingat.PERBAIKAN: (StatusPenilaian.PERLU_PERBAIKAN,),
    JenisPengingat.VERIFIKASI: (StatusPenilaian.DIAJUKAN, StatusPenilaian.DIVERIFIKASI),
}


def batas(periode: Periode, jenis: str) -> date:
    return (
        periode.batas_pengisian if jenis == JenisPengingat.PENGISIAN else (periode.batas_verifikasi)
    )


def berlaku(periode: Periode, jenis: str) -> bool:
    """Filling reminders only while filling is open; the others through verification."""
    if jenis == JenisPengingat.PENGISIAN:
        return periode.status == StatusPeriode.PENGISIAN
    return periode.status in TERBUKA


def sasaran(periode: Periode, jenis: str) -> dict:
    """{user: [penilaian still waiting on them]} among users who take the cycle's mails."""
    penilaian = {
        p.opd_id: p
        for p in Penilaian.objects.filter(
            periode=periode, status__in=BELUM_SELESAI[jenis]
        ).select_related("opd")
    }
    hasil = defaultdict(list)
    if jenis == JenisPengingat.VERIFIKASI:
        for tugas in Penugasan.objects.filter(
            periode=periode, opd_id__in=penilaian, evaluator__in=surel.penerima()
        ).select_related("evaluator"):
            hasil[tugas.evaluator].append(penilaian[tugas.opd_id])
    else:
        for user in surel.penerima().filter(peran=Peran.OPERATOR, opd_id__in=penilaian):
            hasil[user].append(penilaian[user.opd_id])
    return hasil


def _kirim(periode: Periode, jenis: str, user, daftar: list, pesan: str = "") -> None:
    tanggal = batas(periode, jenis)
    label = {
        JenisPengingat.PENGISIAN: "Batas pengisian",
        JenisPengingat.PERBAIKAN: "Batas perbaikan",
        JenisPengingat.VERIFIKASI: "Batas verifikasi",
    }[jenis]
    halaman = "evaluasi:penilaian_detail"
    surel.kirim(
        [user.email],
        subjek=f"Pengingat: {label.lower()} {periode.nama} {tanggal:%d-%m-%Y}",
        salam=f"Yth. {user.nama}",
        paragraf=[
            f"{label} {periode.nama} jatuh pada {tanggal:%d-%m-%Y} ({hari_lagi(tanggal)}).",
            *([pesan] if pesan else []),
            "Penilaian berikut masih menunggu Anda:",
        ],
        daftar=[
            {
                "teks": f"{p.opd.nama} — {p.get_status_display()}",
                "tautan": surel.tautan(halaman, pk=p.pk),
            }
            for p in daftar
        ],
        tautan_utama=surel.tautan("beranda"),
        tombol="Buka Tugas saya",
    )


def kirim_otomatis(hari_ini: date | None = None) -> int:
    """The beat's run: every due reminder not sent yet. Returns how many were sent."""
    hari_ini = hari_ini or timezone.localdate()
    n = 0
    for pk in Periode.objects.filter(status__in=TERBUKA).values_list("pk", flat=True):
        with transaction.atomic():
            # One run at a time per period: two overlapping beats never send twice.
            periode = Periode.objects.select_for_update().get(pk=pk)
            for jenis in JenisPengingat:
                if not berlaku(periode, jenis):
                    continue
                ambang = states.ambang_pengingat(
                    (batas(periode, jenis) - hari_ini).days, settings.PENGINGAT_HARI
                )
                if ambang is None:
                    continue
                sudah = set(
                    Pengingat.objects.filter(
                        periode=periode, jenis=jenis, ambang=ambang, oleh__isnull=True
                    ).values_list("pengguna_id", flat=True)
                )
                for user, daftar in sasaran(periode, jenis).items():
                    if user.pk in sudah:
                        continue
                    Pengingat.objects.create(
                        periode=periode, jenis=jenis, ambang=ambang, pengguna=user
                    )
                    _kirim(periode, jenis, user, daftar)
                    n += 1
    return n


@transaction.atomic
def kirim_manual(*, periode: Periode, jenis: str, oleh, pesan: str = "") -> int:
    """ "Kirim pengingat": now, to everyone of the group not done yet, recorded with the admin."""
    target = sasaran(periode, jenis)
    for user, daftar in target.items():
        Pengingat.objects.create(periode=periode, jenis=jenis, pengguna=user, oleh=oleh)
        _kirim(periode, jenis, user, daftar, pesan=pesan.strip()[:1000])
    return len(target)
