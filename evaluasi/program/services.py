"""Writes on the roadmap's programs: save one program (the admin's form), import a roadmap
workbook (all rows or none), remove a program, and report a year's progress. Every change
leaves a history entry with who and when (Log aktivitas)."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone

from evaluasi.galat import TransisiTidakSah
from evaluasi.models import DokumenVersi, KemajuanProgram, Program, StatusKemajuan
from evaluasi.program import selectors
from evaluasi.program.buku_kerja import BarisProgram


def _tahun_ganti(program: Program, tahun: Iterable[int], user, *, baris: int = 0) -> bool:
    """Make the program's years exactly `tahun`: new years get a row, a year dropped loses
    its row unless progress was already reported for it (TransisiTidakSah, naming the row of
    the file when there is one). Returns whether anything changed."""
    wanted = set(tahun)
    current = {k.tahun: k for k in program.kemajuan.all()}
    dilaporkan = sorted(t for t, k in current.items() if t not in wanted and k.dilaporkan)
    if dilaporkan:
        awal = f"Baris {baris}: " if baris else ""
        raise TransisiTidakSah(
            f"{awal}{program} sudah punya laporan kemajuan tahun "
            f"{', '.join(map(str, dilaporkan))}; tahun itu tidak dapat dihapus."
        )
    for year, row in current.items():
        if year not in wanted:
            row._history_user = user
            row.delete()
    for year in sorted(wanted - set(current)):
        row = KemajuanProgram(program=program, tahun=year)
        row._history_user = user
        row.save()
    return wanted != set(current)


def _relasi_ganti(program: Program, opd_ids: Sequence[int], indikator_ids: Sequence[int]) -> bool:
    berubah = False
    if {o.pk for o in program.opd.all()} != set(opd_ids):
        program.opd.set(opd_ids)
        berubah = True
    if {i.pk for i in program.indikator.all()} != set(indikator_ids):
        program.indikator.set(indikator_ids)
        berubah = True
    return berubah


@transaction.atomic
def program_simpan(
    *,
    program: Program,
    opd_ids: Sequence[int],
    indikator_ids: Sequence[int],
    tahun: Sequence[int],
    user,
) -> Program:
    """Save a program from the admin's form (new or changed fields already set on `program`),
    with its OPDs, indicators and years. Raises TransisiTidakSah for no year, a dropped year
    that has progress, or a program + sub-program that already exists."""
    if not tahun:
        raise TransisiTidakSah("Isi paling sedikit satu tahun program berjalan.")
    baru = program.pk is None
    if baru:
        program.urutan = (
            Program.objects.order_by("-urutan").values_list("urutan", flat=True).first() or 0
        ) + 1
    program._history_user = user
    try:
        with transaction.atomic():
            program.save()
    except IntegrityError:
        raise TransisiTidakSah(f"Program “{program}” sudah ada di peta rencana.") from None
    if not baru:
        program = selectors.program_rinci(program)
    _relasi_ganti(program, opd_ids, indikator_ids)
    _tahun_ganti(program, tahun, user)
    return program


@transaction.atomic
def program_hapus(*, program: Program, user) -> None:
    """Remove a program and its years (each removal in the history with `user`)."""
    for row in program.kemajuan.all():
        row._history_user = user
        row.delete()
    program._history_user = user
    program.delete()


# --- Import ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Ringkasan:
    """What importing a roadmap does (or did): programs created, changed, unchanged."""

    dibuat: int
    diubah: int
    tetap: int

    @property
    def berubah(self) -> bool:
        return bool(self.dibuat or self.diubah)


_KOLOM = ("keterangan", "bukti_diharapkan", "jenis_bukti")


def _beda(program: Program, row: BarisProgram) -> bool:
    return (
        any(getattr(program, k) != getattr(row, k) for k in _KOLOM)
        or {o.pk for o in program.opd.all()} != set(row.opd_ids)
        or {i.pk for i in program.indikator.all()} != set(row.indikator_ids)
        or {k.tahun for k in program.kemajuan.all()} != set(row.tahun)
    )


def _galat_tahun(program: Program, row: BarisProgram) -> str | None:
    dilaporkan = sorted(
        k.tahun for k in program.kemajuan.all() if k.tahun not in row.tahun and k.dilaporkan
    )
    if not dilaporkan:
        return None
    return (
        f"Baris {row.baris}: {program} sudah punya laporan kemajuan tahun "
        f"{', '.join(map(str, dilaporkan))}; tandai lagi tahun itu atau hapus laporannya dulu."
    )


def program_rencana(rows: Sequence[BarisProgram]) -> tuple[Ringkasan, list[str]]:
    """What program_impor would do with these rows now, and the row errors only the database
    knows (a year with reported progress no longer marked). Four queries."""
    current = selectors.peta_program()
    dibuat = diubah = tetap = 0
    galat = []
    for row in rows:
        program = current.get(row.kunci)
        if program is None:
            dibuat += 1
            continue
        if salah := _galat_tahun(program, row):
            galat.append(salah)
        elif _beda(program, row):
            diubah += 1
        else:
            tetap += 1
    return Ringkasan(dibuat, diubah, tetap), galat


@transaction.atomic
def program_impor(*, rows: Sequence[BarisProgram], user) -> Ringkasan:
    """Add the file's new programs and update the ones it names again (program + sub-program),
    in the file's order; programs the file does not name are kept. All rows or none: raises
    TransisiTidakSah (naming the row) when a year with reported progress is no longer marked,
    or when the same program was saved meanwhile."""
    list(Program.objects.select_for_update().order_by("pk").values_list("pk", flat=True))
    current = selectors.peta_program()
    _, galat = program_rencana(rows)
    if galat:
        raise TransisiTidakSah(galat[0])
    dibuat = diubah = tetap = 0
    for urutan, row in enumerate(rows, start=1):
        program = current.get(row.kunci)
        baru = program is None
        if baru:
            program = Program(nama=row.nama, sub_program=row.sub_program)
        isi_berubah = baru or _beda(program, row)
        if not isi_berubah and program.urutan == urutan:
            tetap += 1
            continue
        for kolom in _KOLOM:
            setattr(program, kolom, getattr(row, kolom))
        program.urutan = urutan
        program._history_user = user
        try:
            with transaction.atomic():
                program.save()
        except IntegrityError:
            raise TransisiTidakSah(
                f"Baris {row.baris}: {program} baru saja disimpan oleh orang lain; unggah ulang."
            ) from None
        if baru:
            program.opd.set(row.opd_ids)
            program.indikator.set(row.indikator_ids)
            _tahun_ganti(program, row.tahun, user, baris=row.baris)
            dibuat += 1
        else:
            _relasi_ganti(program, row.opd_ids, row.indikator_ids)
            _tahun_ganti(program, row.tahun, user, baris=row.baris)
            # Only its place in the table moved: the same program, unchanged.
            diubah, tetap = (diubah + 1, tetap) if isi_berubah else (diubah, tetap + 1)
    return Ringkasan(dibuat, diubah, tetap)


# --- Progress -------------------------------------------------------------------------------


@transaction.atomic
def kemajuan_lapor(
    *,
    kemajuan: KemajuanProgram,
    status: str,
    catatan: str,
    versi: DokumenVersi | None,
    user,
) -> KemajuanProgram:
    """Record the progress of a program in a year: status, a short note, the document version
    that shows it (already checked against access.versi_for_kemajuan by the form). Saved only
    when something changed, so a double click writes one history entry."""
    if status not in StatusKemajuan.values:
        raise TransisiTidakSah("Status kemajuan tidak dikenal.")
    row = KemajuanProgram.objects.select_for_update().get(pk=kemajuan.pk)
    versi_id = versi.pk if versi else None
    if (row.status, row.catatan, row.versi_id) == (status, catatan, versi_id) and row.dilaporkan:
        return row
    row.status, row.catatan, row.versi_id = status, catatan, versi_id
    row.dilaporkan_oleh, row.dilaporkan_pada = user, timezone.now()
    row._history_user = user
    row.save(update_fields=["status", "catatan", "versi", "dilaporkan_oleh", "dilaporkan_pada"])
    return row
