"""Reads of the roadmap's targets: the list page, the targets of one year and instrument for
the dashboard and the OPD result page, the pemda's target line for the trend, and what the
workbook import looks codes and names up in. Each read is a fixed number of queries whatever
the number of targets, OPDs or years."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q, QuerySet

from evaluasi.models import Aspek, Domain, Instrumen, TargetIndeks
from opd.models import Opd
from opd.spreadsheet import normalise_header

# The list's "cakupan" filter: the pemda's targets, every OPD's, or one OPD's (by id).
CAKUPAN_PEMDA, CAKUPAN_OPD = "pemda", "opd"


def daftar_target(
    qs: QuerySet[TargetIndeks],
    *,
    tahun: int | None = None,
    instrumen_id: int | None = None,
    cakupan: str = "",
    opd_id: int | None = None,
) -> QuerySet[TargetIndeks]:
    """`qs` (already scoped to the user) filtered for the list page, with everything a row
    shows joined in (one query): newest year first, then the pemda before the OPDs, overall
    before domains before aspects."""
    if tahun:
        qs = qs.filter(tahun=tahun)
    if instrumen_id:
        qs = qs.filter(instrumen_id=instrumen_id)
    if cakupan == CAKUPAN_PEMDA:
        qs = qs.filter(opd__isnull=True)
    elif cakupan == CAKUPAN_OPD:
        qs = qs.filter(opd__isnull=False)
    if opd_id:
        qs = qs.filter(opd_id=opd_id)
    return qs.select_related("instrumen", "opd", "domain", "aspek").order_by(
        "-tahun",
        "instrumen__nama",
        "opd__urutan",
        "opd__nama",
        "domain__nomor",
        "aspek__nomor",
        "pk",
    )


def tahun_target() -> list[int]:
    """Every year that has a target, newest first (for the filter)."""
    return list(TargetIndeks.objects.order_by("-tahun").values_list("tahun", flat=True).distinct())


@dataclass
class TargetPeriode:
    """The targets of one year and instrument for the pemda or one OPD: overall, per domain
    number and per aspect number (values on two decimals; absent = no target set)."""

    indeks: Decimal | None = None
    domain: dict[int, Decimal] = field(default_factory=dict)
    aspek: dict[int, Decimal] = field(default_factory=dict)
    keterangan: str = ""

    @property
    def ada(self) -> bool:
        return self.indeks is not None or bool(self.domain) or bool(self.aspek)


def target_periode(tahun: int, instrumen_id: int, *, opd_id: int | None = None) -> TargetPeriode:
    """The targets of `tahun` on `instrumen_id` for the pemda (`opd_id` None) or one OPD
    (one query)."""
    rows = TargetIndeks.objects.filter(tahun=tahun, instrumen_id=instrumen_id)
    rows = rows.filter(opd__isnull=True) if opd_id is None else rows.filter(opd_id=opd_id)
    hasil = TargetPeriode()
    for nilai, keterangan, domain, aspek in rows.values_list(
        "nilai", "keterangan", "domain__nomor", "aspek__nomor"
    ):
        if aspek is not None:
            hasil.aspek[aspek] = nilai
        elif domain is not None:
            hasil.domain[domain] = nilai
        else:
            hasil.indeks, hasil.keterangan = nilai, keterangan
    return hasil


def target_pemda_tahunan() -> list[dict]:
    """The pemda's overall targets, every year and instrument (the trend's target line):
    dicts of tahun, instrumen_id, instrumen__nama and nilai, by year (one query)."""
    return list(
        TargetIndeks.objects.filter(opd__isnull=True, domain__isnull=True, aspek__isnull=True)
        .order_by("tahun", "instrumen_id")
        .values("tahun", "instrumen_id", "instrumen__nama", "nilai")
    )


def cari_sama(
    *, tahun: int, instrumen_id: int, opd_id, domain_id, aspek_id, kecuali: int | None = None
) -> TargetIndeks | None:
    """The target with this key (NULL-aware: no OPD matches no OPD), if any."""
    qs = TargetIndeks.objects.filter(
        tahun=tahun,
        instrumen_id=instrumen_id,
        **{
            f"{name}_id" if value is not None else f"{name}__isnull": value
            if value is not None
            else True
            for name, value in (("opd", opd_id), ("domain", domain_id), ("aspek", aspek_id))
        },
    )
    if kecuali:
        qs = qs.exclude(pk=kecuali)
    return qs.first()


# --- What the workbook import looks up --------------------------------------------------------


@dataclass(frozen=True)
class Bagian:
    """A domain or aspect of an instrument, for the workbook."""

    id: int
    nomor: int
    nama: str


@dataclass
class AcuanInstrumenTarget:
    """An instrument as the target workbook addresses it: its domains and aspects by number
    and by normalised name."""

    id: int
    kode: str
    nama: str
    domain: dict[str, Bagian] = field(default_factory=dict)
    aspek: dict[str, Bagian] = field(default_factory=dict)


@dataclass
class Acuan:
    """Every instrument by kode (lower case) and every OPD by kode (upper case)."""

    instrumen: dict[str, AcuanInstrumenTarget]
    opd: dict[str, tuple[int, str]]


def kunci_bagian(text: str) -> str:
    """A domain/aspect name as the workbook matches it: case, spaces and punctuation aside."""
    return normalise_header(text)


def acuan_impor() -> Acuan:
    """What target rows are looked up in (four queries, whatever the number of rows)."""
    instrumen = {
        i.pk: AcuanInstrumenTarget(i.pk, i.kode, i.nama)
        for i in Instrumen.objects.order_by("pk").only("pk", "kode", "nama")
    }
    for model, attr in ((Domain, "domain"), (Aspek, "aspek")):
        for pk, instrumen_id, nomor, nama in model.objects.order_by("nomor").values_list(
            "pk", "instrumen_id", "nomor", "nama"
        ):
            bagian = Bagian(pk, nomor, nama)
            peta = getattr(instrumen[instrumen_id], attr)
            peta[str(nomor)] = bagian
            peta.setdefault(kunci_bagian(nama), bagian)
    return Acuan(
        instrumen={i.kode.lower(): i for i in instrumen.values()},
        opd={
            kode.upper(): (pk, nama)
            for pk, kode, nama in Opd.objects.values_list("pk", "kode", "nama")
        },
    )


def opd_pilihan(opd_qs: QuerySet[Opd]) -> list[Opd]:
    return list(
        opd_qs.filter(Q(aktif=True) | Q(target_indeks__isnull=False))
        .distinct()
        .order_by("urutan", "nama")
    )
