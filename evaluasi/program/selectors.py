"""Reads of the roadmap's programs: the list with its filters, one program, the year's progress
grouped by program with how the linked indicators stand, what the workbook is checked against
and written from. Each read is a fixed number of queries whatever the number of rows."""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Prefetch, QuerySet

from evaluasi.models import (
    Indikator,
    Instrumen,
    JenisDokumen,
    KemajuanProgram,
    Periode,
    Program,
    StatusPeriode,
)
from evaluasi.padanan.selectors import kode_indikator, nilai_final_rata
from evaluasi.program import aturan
from evaluasi.program.buku_kerja import Acuan, ProgramEkspor
from opd.models import Opd


def instrumen_utama() -> Instrumen | None:
    """The instrument whose indicator codes the roadmap writes bare (4.2): the latest period's,
    else the default one; codes of other instruments carry their kode (spbe-2020:22)."""
    periode = Periode.objects.select_related("instrumen").order_by("-tahun").first()
    if periode is not None:
        return periode.instrumen
    return Instrumen.objects.filter(bawaan=True).first() or Instrumen.objects.first()


def kode_program(indikator: Indikator, utama_id: int | None) -> str:
    """How the roadmap workbook names an indicator (see instrumen_utama)."""
    kode = kode_indikator(indikator)
    return kode if indikator.instrumen_id == utama_id else f"{indikator.instrumen.kode}:{kode}"


def acuan() -> Acuan:
    """The OPDs, indicators and document types an imported workbook is checked against (three
    queries)."""
    opd: dict[str, tuple[int, str]] = {}
    for pk, nama, singkatan in Opd.objects.values_list("pk", "nama", "singkatan"):
        opd.setdefault(" ".join(nama.split()).lower(), (pk, nama))
        if singkatan:
            opd.setdefault(" ".join(singkatan.split()).lower(), (pk, nama))
    utama = instrumen_utama()
    utama_id = utama.pk if utama else None
    indikator: dict[str, tuple[int, str]] = {}
    for i in Indikator.objects.select_related("instrumen").order_by("instrumen_id", "nomor"):
        label = f"{kode_indikator(i)} {i.nama}"
        indikator[f"{i.instrumen.kode}:{kode_indikator(i)}".upper()] = (i.pk, label)
        if i.instrumen_id == utama_id:
            indikator[kode_indikator(i).upper()] = (i.pk, label)
    jenis = {}
    for value, label in JenisDokumen.choices:
        jenis[value] = value
        jenis[str(label).lower()] = value
        jenis[str(label).split(" ")[0].lower()] = value  # "Peraturan", "SOP", "Laporan"
    return Acuan(opd=opd, indikator=indikator, jenis_bukti=jenis)


def _dengan_relasi(qs: QuerySet[Program]) -> QuerySet[Program]:
    return qs.prefetch_related(
        Prefetch("opd", queryset=Opd.objects.order_by("urutan", "nama")),
        Prefetch("indikator", queryset=Indikator.objects.select_related("instrumen")),
        Prefetch("kemajuan", queryset=KemajuanProgram.objects.order_by("tahun")),
    )


def daftar_program(
    qs: QuerySet[Program],
    *,
    tahun: int | None = None,
    opd_id: int | None = None,
    status: str = "",
) -> list[Program]:
    """The programs of `qs` (already the user's scope) running in `tahun`, held by `opd_id`,
    with that status (in `tahun`, or in any year without one); OPDs, indicators and years
    loaded (four queries)."""
    if tahun:
        qs = qs.filter(kemajuan__tahun=tahun)
        if status:
            qs = qs.filter(kemajuan__tahun=tahun, kemajuan__status=status)
    elif status:
        qs = qs.filter(kemajuan__status=status)
    if opd_id:
        qs = qs.filter(opd__pk=opd_id)
    return list(_dengan_relasi(qs.distinct()))


def tahun_tersedia() -> list[int]:
    """Every year some program runs, ascending (one query)."""
    return list(
        KemajuanProgram.objects.order_by("tahun").values_list("tahun", flat=True).distinct()
    )


def program_rinci(program: Program) -> Program:
    """The program with its OPDs, indicators and years (and each year's reporter and document)
    loaded."""
    return Program.objects.prefetch_related(
        Prefetch("opd", queryset=Opd.objects.order_by("urutan", "nama")),
        Prefetch("indikator", queryset=Indikator.objects.select_related("instrumen")),
        Prefetch(
            "kemajuan",
            queryset=KemajuanProgram.objects.select_related(
                "dilaporkan_oleh", "versi__dokumen"
            ).order_by("tahun"),
        ),
    ).get(pk=program.pk)


# --- How the linked indicators stand ---------------------------------------------------------


@dataclass(frozen=True)
class NilaiTerbit:
    """An indicator's value in the latest published period of its instrument: the pemda's mean
    of the OPDs' final values (unrounded; the page shows two decimals)."""

    nilai: Decimal
    tahun: int


def nilai_terbit(indikator: list[Indikator], *, boleh_lihat) -> dict[int, NilaiTerbit]:
    """indicator id → its NilaiTerbit, for the indicators whose instrument has a published
    period. Only published periods are read, and each passes `boleh_lihat(periode)` (the
    may_see_final rule): nothing final reaches a page before publication (two queries)."""
    instrumen_ids = {i.instrumen_id for i in indikator}
    if not instrumen_ids:
        return {}
    terakhir: dict[int, Periode] = {}
    for periode in Periode.objects.filter(
        instrumen_id__in=instrumen_ids, status=StatusPeriode.DIPUBLIKASI
    ).order_by("-tahun"):
        if periode.instrumen_id not in terakhir and boleh_lihat(periode):
            terakhir[periode.instrumen_id] = periode
    nilai = nilai_final_rata([p.pk for p in terakhir.values()])
    hasil = {}
    for i in indikator:
        periode = terakhir.get(i.instrumen_id)
        value = nilai.get(periode.pk, {}).get(i.pk) if periode else None
        if value is not None:
            hasil[i.pk] = NilaiTerbit(value, periode.tahun)
    return hasil


# --- The progress of one year ----------------------------------------------------------------


@dataclass
class BarisKemajuan:
    program: Program
    kemajuan: KemajuanProgram
    opd_ids: frozenset[int]
    indikator: list[tuple[Indikator, NilaiTerbit | None]]
    boleh_lapor: bool = False
    versi_pilihan: list = field(default_factory=list)  # what the report form may link


@dataclass
class KelompokProgram:
    nama: str
    baris: list[BarisKemajuan] = field(default_factory=list)


def halaman_kemajuan(qs: QuerySet[Program], tahun: int, *, boleh_lihat, boleh_lapor) -> dict:
    """The year's rows of the programs in `qs`, grouped by program in roadmap order, each with
    its OPDs, its status and its linked indicators' published values; the counts per status.
    `boleh_lapor(opd_ids)` says whether the user reports a row. Seven queries."""
    rows = list(
        KemajuanProgram.objects.filter(tahun=tahun, program__in=qs)
        .select_related("program", "versi__dokumen", "dilaporkan_oleh")
        .prefetch_related(
            Prefetch("program__opd", queryset=Opd.objects.order_by("urutan", "nama")),
            Prefetch("program__kemajuan", queryset=KemajuanProgram.objects.order_by("tahun")),
            Prefetch(
                "program__indikator",
                queryset=Indikator.objects.select_related("instrumen").order_by(
                    "instrumen_id", "nomor"
                ),
            ),
        )
        .order_by("program__urutan", "program__nama", "program__sub_program", "program__pk")
    )
    semua_indikator = {i.pk: i for r in rows for i in r.program.indikator.all()}
    nilai = nilai_terbit(list(semua_indikator.values()), boleh_lihat=boleh_lihat)
    kelompok: dict[str, KelompokProgram] = {}
    for row in rows:
        opd_ids = frozenset(o.pk for o in row.program.opd.all())
        baris = BarisKemajuan(
            program=row.program,
            kemajuan=row,
            opd_ids=opd_ids,
            indikator=[(i, nilai.get(i.pk)) for i in row.program.indikator.all()],
            boleh_lapor=boleh_lapor(opd_ids),
        )
        kelompok.setdefault(row.program.nama, KelompokProgram(row.program.nama)).baris.append(baris)
    return {
        "kelompok": list(kelompok.values()),
        "ringkasan": aturan.kemajuan(r.status for r in rows),
    }


URUTAN_VERSI = ("dokumen__judul", "-nomor")


def pasang_pilihan_versi(kelompok: list[KelompokProgram], versi_untuk) -> None:
    """Give every row the user reports the document versions its form may link:
    `versi_untuk(opd_ids)` (access.versi_for_kemajuan) asked once for the union of the rows'
    OPDs and once for the pemda-wide rows, then narrowed per row to its own OPDs' documents
    (the report itself checks the version again). At most two queries."""
    rows = [b for g in kelompok for b in g.baris if b.boleh_lapor]
    semua = frozenset().union(*(b.opd_ids for b in rows)) if rows else frozenset()
    per_opd = (
        list(versi_untuk(semua).select_related("dokumen").order_by(*URUTAN_VERSI)) if semua else []
    )
    pemda = (
        list(versi_untuk(frozenset()).select_related("dokumen").order_by(*URUTAN_VERSI))
        if any(not b.opd_ids for b in rows)
        else []
    )
    for b in rows:
        if b.opd_ids:
            b.versi_pilihan = [v for v in per_opd if v.dokumen.opd_id in b.opd_ids]
        else:
            b.versi_pilihan = pemda


# --- The workbook ----------------------------------------------------------------------------


def program_ekspor(qs: QuerySet[Program]) -> tuple[list[ProgramEkspor], list[int]]:
    """The programs of `qs` as workbook rows, and the years the sheet's columns span (the
    template: this roadmap's years, or five from the latest period's). Five queries."""
    utama = instrumen_utama()
    utama_id = utama.pk if utama else None
    programs = list(_dengan_relasi(qs.order_by("urutan", "nama", "sub_program", "pk")))
    rows = [
        ProgramEkspor(
            nama=p.nama,
            sub_program=p.sub_program,
            pic=[o.nama for o in p.opd.all()],
            tahun=[k.tahun for k in p.kemajuan.all()],
            indikator=[kode_program(i, utama_id) for i in p.indikator.all()],
            bukti_diharapkan=p.bukti_diharapkan,
            jenis_bukti=p.jenis_bukti,
            keterangan=p.keterangan,
        )
        for p in programs
    ]
    years = sorted({t for r in rows for t in r.tahun})
    if years:
        return rows, list(range(years[0], years[-1] + 1))
    awal = Periode.objects.order_by("-tahun").values_list("tahun", flat=True).first()
    awal = awal or 2025
    return rows, list(range(awal, awal + 5))


def peta_program() -> dict[tuple[str, str], Program]:
    """Every program by (nama, sub_program), with its OPDs, indicators and years (for the
    import's preview and write; four queries)."""
    return {(p.nama, p.sub_program): p for p in _dengan_relasi(Program.objects.all())}


def grup_per_tahun(programs: list[Program]) -> dict[int, list[str]]:
    """Year → the statuses of the programs' rows that year (for the list's counts)."""
    hasil: dict[int, list[str]] = defaultdict(list)
    for p in programs:
        for k in p.kemajuan.all():
            hasil[k.tahun].append(k.status)
    return dict(hasil)
