"""Reads of OPD master data and users, with the joins each page needs."""

from django.db.models import Count, Max, Q, QuerySet

from opd.imports import first_free_kode_number, generated_kode
from opd.models import Opd, Pengguna, Peran
from spbe_portal import paging


def opd_list(
    *, base: QuerySet[Opd], q: str = "", jenis: str = "", aktif: str = ""
) -> QuerySet[Opd]:
    """OPDs of `base` matching the filters, with induk and number of users, in one query."""
    qs = base.select_related("induk").annotate(jumlah_pengguna=Count("pengguna", distinct=True))
    qs = qs.filter(paging.cari_opd(q))
    if jenis:
        qs = qs.filter(jenis=jenis)
    if aktif in ("0", "1"):
        qs = qs.filter(aktif=aktif == "1")
    return qs.order_by("urutan", "nama")


def opd_counts(*, base: QuerySet[Opd]) -> dict[str, int]:
    return base.aggregate(semua=Count("pk"), aktif=Count("pk", filter=Q(aktif=True)))


def opd_new_defaults() -> dict:
    """Suggested kode and urutan for an OPD added by hand: next OPD-NNN, last place."""
    kodes = Opd.objects.filter(kode__startswith="OPD-").values_list("kode", flat=True)
    last = Opd.objects.aggregate(urutan=Max("urutan"))["urutan"] or 0
    return {"kode": generated_kode(first_free_kode_number(kodes)), "urutan": last + 1}


def opd_detail_related(*, opd: Opd) -> dict:
    """The users and sub-units shown on an OPD's page."""
    return {
        "pengguna": list(opd.pengguna.order_by("peran", "nama")),
        "unit": list(opd.unit.order_by("urutan", "nama")),
    }


def pengguna_list(*, q: str = "", peran: str = "", opd: Opd | None = None) -> QuerySet[Pengguna]:
    qs = Pengguna.objects.select_related("opd")
    if q:
        qs = qs.filter(
            Q(nama__icontains=q)
            | Q(username__icontains=q)
            | Q(nip__icontains=q)
            | Q(email__icontains=q)
        )
    if peran:
        qs = qs.filter(peran=peran)
    if opd is not None:
        qs = qs.filter(opd=opd)
    return qs.order_by("nama")


def pengguna_counts() -> dict[str, int]:
    """Active users per role, keyed by role value, in one query."""
    rows = Pengguna.objects.filter(is_active=True).values("peran").annotate(n=Count("pk"))
    counts = dict.fromkeys(Peran.values, 0)
    counts.update({row["peran"]: row["n"] for row in rows})
    return counts
