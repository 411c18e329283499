"""Reads of the schedule: the list (upcoming first, grouped by date), one session with its
people and actions, and a user's sessions of the coming days for "Tugas saya". Each takes
the access module's queryset, so the scope is decided in one place."""

from datetime import timedelta
from itertools import groupby

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from evaluasi.jadwal import aturan
from evaluasi.models import RencanaAksi, Sesi, StatusSesi
from opd.models import Pengguna, Peran

# Past sessions shown under the upcoming ones (the filters narrow further).
LALU_MAKS = 100


def _dengan_orang(qs: QuerySet[Sesi]) -> QuerySet[Sesi]:
    return qs.select_related("periode", "opd").prefetch_related(
        Prefetch("evaluator", queryset=Pengguna.objects.order_by("nama", "username")),
        Prefetch("operator", queryset=Pengguna.objects.order_by("nama", "username")),
    )


def daftar_sesi(
    base: QuerySet[Sesi], *, periode_id: int = 0, opd_id: int = 0, jenis: str = ""
) -> dict:
    """Upcoming sessions (soonest first) grouped by local date, then past ones (latest first)."""
    qs = base
    if periode_id:
        qs = qs.filter(periode_id=periode_id)
    if opd_id:
        qs = qs.filter(opd_id=opd_id)
    if jenis:
        qs = qs.filter(jenis=jenis)
    # A session still under way today counts as upcoming.
    batas = timezone.now() - timedelta(hours=1)
    datang = list(_dengan_orang(qs.filter(selesai__gte=batas)).order_by("mulai", "pk"))
    lalu = list(_dengan_orang(qs.filter(selesai__lt=batas)).order_by("-mulai", "-pk")[:LALU_MAKS])
    per_tanggal = [
        {"tanggal": tanggal, "sesi": list(isi)}
        for tanggal, isi in groupby(datang, key=lambda s: timezone.localtime(s.mulai).date())
    ]
    return {"per_tanggal": per_tanggal, "lalu": lalu, "jumlah": len(datang) + len(lalu)}


def sesi_rinci(sesi: Sesi) -> dict:
    """The people of a session and the actions its berita acara made."""
    return {
        "evaluator": list(sesi.evaluator.order_by("nama", "username")),
        "operator": list(sesi.operator.order_by("nama", "username")),
        "peserta": aturan.baca_peserta(sesi.peserta),
        "aksi": list(
            RencanaAksi.objects.filter(sesi=sesi)
            .select_related("opd", "indikator")
            .order_by("batas", "pk")
        ),
    }


def sesi_mendatang(base: QuerySet[Sesi], user: Pengguna) -> list[Sesi]:
    """The user's own sessions (as evaluator, their OPD's, every one for an Admin) from
    yesterday to HARI_TUGAS days ahead, still scheduled — for "Tugas saya"."""
    now = timezone.now()
    qs = base.filter(
        status=StatusSesi.DIJADWALKAN,
        mulai__gte=now - timedelta(days=1),
        mulai__lte=now + timedelta(days=aturan.HARI_TUGAS),
    )
    if user.peran == Peran.OPERATOR:
        qs = qs.filter(opd_id=user.opd_id)
    elif user.peran != Peran.ADMIN:  # Admins organise them all
        qs = qs.filter(evaluator=user)
    return list(qs.select_related("opd").order_by("mulai", "pk")[:20])
