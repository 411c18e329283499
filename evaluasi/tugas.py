"""Reads behind each role's home page ("Tugas saya"): what this user has to do in the period
they are looking at, most urgent first. Operator: deadline, progress, revision requests with
the evaluator's note, indicators without evidence, the result once published. Evaluator:
assigned penilaian needing action (re-submissions marked). Admin: the cycle monitor."""

from datetime import timedelta

from django.db.models import Count, Exists, F, OuterRef, Q
from django.utils import timezone

from evaluasi import states
from evaluasi.jadwal import selectors as jadwal_selectors
from evaluasi.models import (
    Bukti,
    Jawaban,
    JenisRiwayat,
    Penugasan,
    Periode,
    Riwayat,
    StatusPenilaian,
    StatusPeriode,
)
from evaluasi.penilaian.akibat import hari_lagi
from evaluasi.penilaian.selectors import penilaian_belum_lengkap

# A draft untouched this long while the period is open is "macet" (stalled).
MACET_HARI = 14
# A submission waiting this long for its evaluator is flagged on the monitor.
MENUNGGU_HARI = 7


def _diajukan_ulang():
    return Exists(
        Riwayat.objects.filter(
            penilaian=OuterRef("pk"),
            jenis=JenisRiwayat.STATUS,
            sebelum=StatusPenilaian.PERLU_PERBAIKAN,
        )
    )


def tugas_operator(base, periode: Periode | None) -> dict:
    """`base`: the penilaian this operator may read (the access module's queryset)."""
    penilaian = (
        base.filter(periode=periode).select_related("periode", "opd").first() if periode else None
    )
    if penilaian is None:
        return {"penilaian": None}
    label, batas = states.batas_operator(
        penilaian_status=penilaian.status,
        batas=periode.batas_pengisian,
        batas_perbaikan=periode.batas_verifikasi,
    )
    jawaban = Jawaban.objects.filter(penilaian=penilaian).select_related("indikator")
    live = Bukti.objects.filter(jawaban=OuterRef("pk"), dihapus_pada__isnull=True)
    belum = penilaian_belum_lengkap(penilaian)
    return {
        "penilaian": penilaian,
        "batas_label": label,
        "batas": batas,
        "batas_lagi": hari_lagi(batas),
        "lewat": batas < timezone.localdate(),
        "perbaikan": list(jawaban.filter(perlu_perbaikan=True).order_by("indikator__nomor")),
        "tanpa_bukti": list(
            jawaban.filter(level__isnull=False, tautan="")
            .exclude(Exists(live))
            .exclude(eksternal_belum=True)  # an index not out yet has no document to add
            .order_by("indikator__nomor")
        ),
        "belum": belum,
        "draf": penilaian.status == StatusPenilaian.DRAFT,
        "terbit": periode.status == StatusPeriode.DIPUBLIKASI,
    }


def tugas_evaluator(base, periode: Periode | None) -> dict:
    """`base`: the penilaian assigned to this evaluator (the access module's queryset)."""
    if periode is None:
        return {"perlu_tindakan": [], "lainnya": []}
    rows = list(
        base.filter(periode=periode)
        .select_related("opd")
        .annotate(diajukan_ulang=_diajukan_ulang())
        .order_by(F("diajukan_pada").asc(nulls_last=True), "opd__urutan", "opd__nama")
    )
    today = timezone.localdate()
    for p in rows:
        p.ulang = p.diajukan_ulang and p.status == StatusPenilaian.DIAJUKAN
        p.menunggu = (
            (today - timezone.localtime(p.diajukan_pada).date()).days if p.diajukan_pada else None
        )
    aksi = set(states.EVALUATOR_PENILAIAN)
    return {
        "perlu_tindakan": [p for p in rows if p.status in aksi],
        "lainnya": [p for p in rows if p.status not in aksi],
        "batas": periode.batas_verifikasi,
        "batas_lagi": hari_lagi(periode.batas_verifikasi),
    }


def monitor_siklus(periode: Periode | None) -> dict:
    """The admin's cycle monitor: counts per status and the OPDs that need a nudge."""
    if periode is None:
        return {}
    now = timezone.now()
    today = timezone.localdate()
    qs = periode.penilaian.select_related("opd").order_by("opd__urutan", "opd__nama")
    per_status = dict(qs.order_by().values_list("status").annotate(n=Count("pk")))
    terbuka = periode.status in (StatusPeriode.PENGISIAN, StatusPeriode.VERIFIKASI)
    draf = qs.filter(status=StatusPenilaian.DRAFT)
    belum_mulai = list(draf.filter(kemajuan=0)) if terbuka else []
    macet = (
        list(draf.filter(kemajuan__gt=0, diubah__lt=now - timedelta(days=MACET_HARI)))
        if terbuka
        else []
    )
    terlambat = (
        list(
            qs.filter(
                Q(status=StatusPenilaian.DRAFT, periode__batas_pengisian__lt=today)
                | Q(status=StatusPenilaian.PERLU_PERBAIKAN, periode__batas_verifikasi__lt=today)
            )
        )
        if terbuka
        else []
    )
    menunggu = list(
        qs.filter(
            status=StatusPenilaian.DIAJUKAN,
            diajukan_pada__lt=now - timedelta(days=MENUNGGU_HARI),
        )
    )
    tanpa_evaluator = list(
        qs.exclude(Exists(Penugasan.objects.filter(periode=periode, opd=OuterRef("opd"))))
    )
    return {
        "per_status": [(s, s.label, per_status.get(s.value, 0)) for s in StatusPenilaian],
        "jumlah": sum(per_status.values()),
        "belum_mulai": belum_mulai,
        "macet": macet,
        "terlambat": terlambat,
        "menunggu": menunggu,
        "tanpa_evaluator": tanpa_evaluator,
        "batas_pengisian_lagi": hari_lagi(periode.batas_pengisian),
        "batas_verifikasi_lagi": hari_lagi(periode.batas_verifikasi),
        "macet_hari": MACET_HARI,
        "menunggu_hari": MENUNGGU_HARI,
    }


def sesi_dekat(base, user) -> list:
    """`base`: the sessions this user may read (the access module's queryset). Their own
    interviews and visits in the coming days (jadwal.aturan.HARI_TUGAS)."""
    return jadwal_selectors.sesi_mendatang(base, user)
