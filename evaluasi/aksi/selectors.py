"""Reads of rencana aksi (SPEC §14): the lists per OPD and for the pemda, the open actions a
new penilaian inherits per indicator, and the recommendations still without an action."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from django.db.models import Case, Count, Exists, IntegerField, OuterRef, Q, QuerySet, When
from django.utils import timezone

from evaluasi.aksi import aturan
from evaluasi.models import (
    HasilIndikatorNasional,
    Jawaban,
    Penilaian,
    RencanaAksi,
    StatusAksi,
    StatusPeriode,
)
from evaluasi.padanan.selectors import peta_padanan_dari

TERBUKA = (StatusAksi.RENCANA, StatusAksi.BERJALAN)


def _terlambat(hari_ini: date) -> Q:
    return Q(status__in=TERBUKA, batas__lt=hari_ini)


def daftar_aksi(
    base: QuerySet[RencanaAksi],
    *,
    status: str = "",
    opd_id: int | None = None,
    tahun: int | None = None,
    terlambat: bool = False,
    q: str = "",
) -> QuerySet[RencanaAksi]:
    """`base`: the actions this user may read (the access module's queryset), filtered; open
    ones first by due date, then the closed."""
    qs = base.select_related("opd", "indikator__instrumen", "bukti__dokumen")
    if status == "terbuka":
        qs = qs.filter(status__in=TERBUKA)
    elif status:
        qs = qs.filter(status=status)
    if opd_id:
        qs = qs.filter(opd_id=opd_id)
    if tahun:
        qs = qs.filter(tahun=tahun)
    if terlambat:
        qs = qs.filter(_terlambat(timezone.localdate()))
    if q:
        qs = qs.filter(Q(uraian__icontains=q) | Q(rekomendasi__icontains=q))
    tutup = Case(When(status__in=TERBUKA, then=0), default=1, output_field=IntegerField())
    return qs.annotate(tutup=tutup).order_by("tutup", "batas", "pk")


@dataclass(frozen=True)
class RingkasOpd:
    opd_id: int
    nama: str
    terbuka: int
    terlambat: int
    selesai: int
    batal: int


def ringkasan_per_opd(base: QuerySet[RencanaAksi]) -> list[RingkasOpd]:
    """The pemda's view: per PIC OPD, open / overdue / done / cancelled (one query)."""
    hari_ini = timezone.localdate()
    rows = (
        base.values("opd_id", "opd__nama")
        .annotate(
            terbuka=Count("pk", filter=Q(status__in=TERBUKA)),
            terlambat=Count("pk", filter=_terlambat(hari_ini)),
            selesai=Count("pk", filter=Q(status=StatusAksi.SELESAI)),
            batal=Count("pk", filter=Q(status=StatusAksi.BATAL)),
        )
        .order_by("-terlambat", "-terbuka", "opd__nama")
    )
    return [
        RingkasOpd(
            r["opd_id"], r["opd__nama"], r["terbuka"], r["terlambat"], r["selesai"], r["batal"]
        )
        for r in rows
    ]


def tahun_aksi(base: QuerySet[RencanaAksi]) -> list[int]:
    return list(base.order_by("-tahun").values_list("tahun", flat=True).distinct())


def aksi_terbuka(penilaian: Penilaian) -> dict[int, list[RencanaAksi]]:
    """Indicator id of this penilaian's instrument → the OPD's open actions from earlier years
    linked to it: on the same indicator, or to an older instrument's indicator that the
    crosswalk maps to it (59/2020 → Pemdi). Two queries."""
    periode = penilaian.periode
    aksi = list(
        RencanaAksi.objects.filter(
            opd_id=penilaian.opd_id,
            status__in=TERBUKA,
            tahun__lt=periode.tahun,
            indikator__isnull=False,
        )
        .select_related("indikator")
        .order_by("batas", "pk")
    )
    if not aksi:
        return {}
    instrumen_id = periode.instrumen_id
    lain = sorted({a.indikator.instrumen_id for a in aksi} - {instrumen_id})
    ke_baru: dict[int, list[int]] = defaultdict(list)  # older indicator → this instrument's
    for peta in peta_padanan_dari(lain, instrumen_id).values() if lain else ():
        for tujuan, asal_ids in peta.items():
            for asal in asal_ids:
                ke_baru[asal].append(tujuan)
    hasil: dict[int, list[RencanaAksi]] = defaultdict(list)
    for a in aksi:
        if a.indikator.instrumen_id == instrumen_id:
            hasil[a.indikator_id].append(a)
        for tujuan in ke_baru.get(a.indikator_id, ()):
            hasil[tujuan].append(a)
    return dict(hasil)


def rekomendasi_terbit(jawaban_base: QuerySet[Jawaban]) -> QuerySet[Jawaban]:
    """Internal recommendations of published periods. `jawaban_base`: answers of the penilaian
    this user may read. Only published periods: a recommendation is part of the result, which
    nobody outside the team sees before publication."""
    return (
        jawaban_base.filter(penilaian__periode__status=StatusPeriode.DIPUBLIKASI)
        .exclude(rekomendasi="")
        .select_related("penilaian__opd", "penilaian__periode", "indikator")
    )


def rekomendasi_evaluator(jawaban_base: QuerySet[Jawaban]) -> QuerySet[Jawaban]:
    """`rekomendasi_terbit` without an action yet, latest year first."""
    punya_aksi = RencanaAksi.objects.filter(jawaban=OuterRef("pk"))
    return (
        rekomendasi_terbit(jawaban_base)
        .exclude(Exists(punya_aksi))
        .select_related("penilaian__opd", "penilaian__periode", "indikator")
        .order_by("-penilaian__periode__tahun", "penilaian__opd__nama", "indikator__nomor")
    )


def rekomendasi_nasional() -> QuerySet[HasilIndikatorNasional]:
    """The national assessor's recommendations without an action yet, latest round first."""
    punya_aksi = RencanaAksi.objects.filter(hasil_nasional=OuterRef("pk"))
    return (
        HasilIndikatorNasional.objects.exclude(rekomendasi="")
        .exclude(Exists(punya_aksi))
        .select_related("putaran__penilaian__periode", "indikator")
        .order_by("-putaran__penilaian__periode__tahun", "-putaran__nomor", "indikator__nomor")
    )


def tenggat_dekat(base: QuerySet[RencanaAksi], hari_ini: date | None = None) -> list[RencanaAksi]:
    """Open actions overdue or due within `aturan.HARI_TUGAS` days, for "Tugas saya"."""
    hari_ini = hari_ini or timezone.localdate()
    batas = date.fromordinal(hari_ini.toordinal() + aturan.HARI_TUGAS)
    rows = list(
        base.filter(status__in=TERBUKA, batas__lte=batas)
        .select_related("opd")
        .order_by("batas", "pk")[:20]
    )
    for a in rows:
        a.terlambat = aturan.terlambat(a.status, a.batas, hari_ini)
    return rows
