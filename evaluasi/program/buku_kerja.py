"""The roadmap as a workbook, in the shape of the Dompu Peta Rencana table: read into rows with
every row error listed, and written back in the same shape (a round trip). No database: the
caller passes what the cells are checked against (OPDs, indicators), so this module only
reads and writes cells.

Sheet *Peta Rencana*: one title row (no, program, sub_program, pic, one column per year,
indikator, bukti_diharapkan, jenis_bukti, keterangan); the years may also sit on the row below
the titles, under a merged "Tahun" cell, as Dompu's table has them. A row naming only a
program is its heading: the sub-program rows below it leave the program cell blank and
belong to it. PIC names the responsible OPDs (name or abbreviation, separated by commas), or
"Semua OPD" for a pemda-wide program. A year runs when its cell holds a mark (✓, √, v, x, 1).
"""

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from evaluasi.program import aturan
from evaluasi.rumus import galat_rumus
from opd.spreadsheet import (
    FORMULA,
    MAX_ROWS,
    SpreadsheetError,
    check_width,
    normalise_header,
    normalise_text,
    open_workbook,
    too_many_rows,
    worksheet_cells,
)
from spbe_portal.xlsx import workbook_bytes

LEMBAR = "Peta Rencana"
TANDA = "✓"
SEMUA_OPD = "Semua OPD"
KOLOM_AWAL = ("no", "program", "sub_program", "pic")
KOLOM_AKHIR = ("indikator", "bukti_diharapkan", "jenis_bukti", "keterangan")
# Other titles found in roadmap tables, read as ours.
ALIAS = {
    "nama_program": "program",
    "sub-program": "sub_program",
    "subprogram": "sub_program",
    "sub_program/kegiatan": "sub_program",
    "kegiatan": "sub_program",
    "penanggung_jawab": "pic",
    "opd_penanggung_jawab": "pic",
    "indikator_terkait": "indikator",
    "kode_indikator": "indikator",
    "bukti": "bukti_diharapkan",
    "bukti_yang_diharapkan": "bukti_diharapkan",
    "keluaran": "bukti_diharapkan",
}
TEKS = ("program", "sub_program", "pic", "indikator", "bukti_diharapkan", "keterangan")
BARIS_JUDUL_MAKS = 10
NAMA_MAKS = 255
TEKS_MAKS = 4_000
_PEMISAH_KODE = re.compile(r"[,;\s]+")
PETUNJUK = (
    "Satu baris = satu sub-program. Baris yang hanya berisi nama program (tanpa sub-program, "
    "PIC dan tanda tahun) adalah judul program; baris sub-program di bawahnya boleh "
    "mengosongkan kolom program.",
    "PIC: nama atau singkatan OPD penanggung jawab, dipisah koma bila lebih dari satu; tulis "
    "'Semua OPD' untuk program milik pemda secara keseluruhan.",
    "Kolom tahun: beri tanda (✓, √, v, x atau 1) pada tahun program berjalan; kosongkan "
    "tahun lainnya. Setiap baris harus menandai paling sedikit satu tahun.",
    "Indikator: kode indikator dipisah koma (misalnya 4.2, 7.1); untuk instrumen lain tulis "
    "kode_instrumen:kode (misalnya spbe-2020:22).",
    "Jenis bukti (opsional): salah satu jenis dokumen pustaka, misalnya Peraturan, SOP, Laporan.",
    "Mengimpor menambah program baru dan memperbarui program yang sama (program + "
    "sub-program); program yang tidak ada di berkas tidak dihapus.",
    "Sel berisi rumus, atau teks yang diawali =, +, - atau @, ditolak. Bila ada satu baris "
    "saja yang salah, tidak ada yang disimpan.",
)


@dataclass(frozen=True)
class Acuan:
    """What the cells are checked against: OPD names and abbreviations (lower case) → (id,
    name); indicator codes (upper case, bare for the default instrument, else
    KODE-INSTRUMEN:KODE) → (id, label); document types (value or label, lower case) → value."""

    opd: Mapping[str, tuple[int, str]]
    indikator: Mapping[str, tuple[int, str]]
    jenis_bukti: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class BarisProgram:
    """A valid row of the file (`baris` is its line), with what the preview shows."""

    baris: int
    nama: str
    sub_program: str
    opd_ids: tuple[int, ...]
    opd_nama: tuple[str, ...]
    tahun: tuple[int, ...]
    indikator_ids: tuple[int, ...] = ()
    indikator_kode: tuple[str, ...] = ()
    bukti_diharapkan: str = ""
    jenis_bukti: str = ""
    keterangan: str = ""

    @property
    def kunci(self) -> tuple[str, str]:
        return (self.nama, self.sub_program)

    @property
    def rentang(self) -> str:
        return aturan.ringkas_tahun(self.tahun)


@dataclass(frozen=True)
class HasilBaca:
    baris: list[BarisProgram]
    galat: list[str]  # "Baris 7: …", every error of the file


# --- Writing ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ProgramEkspor:
    """A program as the workbook writes it (selectors.program_ekspor builds these)."""

    nama: str
    sub_program: str
    pic: Sequence[str]
    tahun: Sequence[int]
    indikator: Sequence[str] = ()
    bukti_diharapkan: str = ""
    jenis_bukti: str = ""
    keterangan: str = ""


def tulis_xlsx(programs: Sequence[ProgramEkspor], tahun: Sequence[int]) -> bytes:
    """The roadmap workbook: a heading row per program that has sub-programs, then its
    sub-program rows with the program cell blank (as Dompu's table); one column per year of
    `tahun`. With no programs, the empty template."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = LEMBAR
    sheet.append([*KOLOM_AWAL, *tahun, *KOLOM_AKHIR])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    kelompok: dict[str, list[ProgramEkspor]] = {}
    for p in programs:
        kelompok.setdefault(p.nama, []).append(p)
    for nomor, (nama, anggota) in enumerate(kelompok.items(), start=1):
        judul = any(p.sub_program for p in anggota)
        if judul:
            heading = sheet.max_row + 1
            sheet.append([nomor, nama])
            for cell in sheet[heading]:
                cell.font = Font(bold=True)
        for p in anggota:
            marks = [TANDA if t in p.tahun else None for t in tahun]
            sheet.append(
                [
                    None if judul else nomor,
                    # A program's own row (no sub-program) names it, else it is the heading's.
                    None if judul and p.sub_program else nama,
                    p.sub_program,
                    ", ".join(p.pic) or SEMUA_OPD,
                    *marks,
                    ", ".join(p.indikator),
                    p.bukti_diharapkan,
                    p.jenis_bukti,
                    p.keterangan,
                ]
            )
    sheet.freeze_panes = "A2"
    lebar = (5, 40, 50, 30, *(7 for _ in tahun), 18, 40, 14, 30)
    for index, width in enumerate(lebar, start=1):
        sheet.column_dimensions[sheet.cell(row=1, column=index).column_letter].width = width
    for line in sheet.iter_rows(min_row=2):
        for cell in line:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    petunjuk = workbook.create_sheet("Petunjuk")
    for line in PETUNJUK:
        petunjuk.append([line])
    petunjuk.column_dimensions["A"].width = 110
    return workbook_bytes(workbook)


# --- Reading ----------------------------------------------------------------------------------


@dataclass
class _Judul:
    kolom: dict[str, int]
    tahun: dict[int, int]  # column index → year
    baris_data: int  # the line of the first data row


def _kolom(header: list[str]) -> dict[str, int]:
    col: dict[str, int] = {}
    for index, name in enumerate(header):
        name = ALIAS.get(name, name)
        if name in (*KOLOM_AWAL, *KOLOM_AKHIR) and name not in col:
            col[name] = index
    return col


def _tahun(cells) -> dict[int, int]:
    found = {}
    for index, cell in enumerate(cells):
        tahun = aturan.tahun_judul(cell.value)
        if tahun is not None and tahun not in found.values():
            found[index] = tahun
    return found


def _formula(cells) -> str | None:
    return next((c.coordinate for c in cells if c.data_type == FORMULA), None)


def _judul(rows) -> _Judul:
    """The title row (and the year row under it, when the years sit there)."""
    tertunda: _Judul | None = None
    for nomor, cells in enumerate(rows, start=1):
        if formula := _formula(cells):
            raise SpreadsheetError(
                f"Sel {formula} pada judul lembar {LEMBAR} berisi rumus Excel. Portal tidak "
                "menghitung rumus: ganti dengan nilainya lalu unggah ulang."
            )
        if tertunda is not None:
            tertunda.tahun = _tahun(cells)
            tertunda.baris_data = nomor + 1
            if not tertunda.tahun:
                break
            return tertunda
        if nomor > BARIS_JUDUL_MAKS:
            break
        header = [normalise_header(c.value) for c in cells]
        col = _kolom(header)
        if "program" not in col:
            continue
        check_width(header)
        judul = _Judul(col, _tahun(cells), nomor + 1)
        if judul.tahun:
            return judul
        tertunda = judul  # "Tahun" merged over the year row below
    raise SpreadsheetError(
        f"Judul kolom program dan kolom tahun (misalnya 2022 … 2026) tidak ditemukan di "
        f"{BARIS_JUDUL_MAKS} baris pertama lembar {LEMBAR}. Unduh templat dari halaman Peta "
        "Rencana lalu isi lembar itu."
    )


def _teks(cells, index: int | None) -> str:
    if index is None or index >= len(cells):
        return ""
    return normalise_text(cells[index].value)


def _galat_sel(nomor: int, cells, kolom_teks: set[int]) -> str | None:
    """A formula anywhere in the row, or text a spreadsheet would read as one in a text
    column (a dash in a year column is a blank mark, not a formula)."""
    for index, cell in enumerate(cells):
        if cell.value is None:  # an empty (or merged) cell has no coordinate
            continue
        galat = galat_rumus(cell, f"Baris {nomor}: sel {cell.coordinate}", teks=index in kolom_teks)
        if galat:
            return galat
    return None


class _Pembaca:
    """Reads data rows one by one, carrying the program heading down."""

    def __init__(self, judul: _Judul, acuan: Acuan):
        self.col = judul.kolom
        self.tahun = judul.tahun
        self.acuan = acuan
        self.kolom_teks = {judul.kolom[k] for k in TEKS if k in judul.kolom}
        self.program = ""  # the current heading
        self.galat: list[str] = []
        self.seen: dict[tuple[str, str], int] = {}

    def teks(self, cells, kolom: str) -> str:
        return _teks(cells, self.col.get(kolom))

    def baca(self, nomor: int, cells) -> BarisProgram | None:
        if salah := _galat_sel(nomor, cells, self.kolom_teks):
            self.galat.append(salah)
            return None
        program, sub = self.teks(cells, "program"), self.teks(cells, "sub_program")
        pic = self.teks(cells, "pic")
        galat: list[str] = []
        tahun = []
        for index, year in self.tahun.items():
            value = cells[index].value if index < len(cells) else None
            tanda = aturan.tanda_tahun(value)
            if tanda is None:
                galat.append(
                    f"Baris {nomor}: tanda tahun {year} “{normalise_text(value)}” tidak dikenal; "
                    "pakai ✓, √, v, x atau 1, atau kosongkan."
                )
            elif tanda:
                tahun.append(year)
        if program and not sub and not pic and not tahun and not galat:
            self.program = program  # a heading row
            return None
        nama = program or self.program
        if program:
            self.program = program
        if not nama:
            galat.append(
                f"Baris {nomor}: kolom program kosong dan tidak ada baris judul program di atasnya."
            )
        if len(nama) > NAMA_MAKS or len(sub) > NAMA_MAKS:
            galat.append(f"Baris {nomor}: nama program atau sub-program lebih dari 255 karakter.")
        if not tahun and not galat:
            galat.append(f"Baris {nomor}: tidak ada tahun yang ditandai.")
        opd = self._opd(nomor, pic, galat)
        indikator = self._indikator(nomor, self.teks(cells, "indikator"), galat)
        jenis = self._jenis(nomor, self.teks(cells, "jenis_bukti"), galat)
        bukti, keterangan = self.teks(cells, "bukti_diharapkan"), self.teks(cells, "keterangan")
        if len(bukti) > TEKS_MAKS or len(keterangan) > TEKS_MAKS:
            galat.append(f"Baris {nomor}: bukti atau keterangan lebih dari {TEKS_MAKS} karakter.")
        kunci = (nama, sub)
        if not galat and kunci in self.seen:
            galat.append(
                f"Baris {nomor}: program “{nama}”"
                + (f" sub-program “{sub}”" if sub else "")
                + f" sudah ada di baris {self.seen[kunci]}."
            )
        if galat:
            self.galat.extend(galat)
            return None
        self.seen[kunci] = nomor
        return BarisProgram(
            baris=nomor,
            nama=nama,
            sub_program=sub,
            opd_ids=tuple(i for i, _ in opd),
            opd_nama=tuple(n for _, n in opd),
            tahun=tuple(tahun),
            indikator_ids=tuple(i for i, _ in indikator.values()),
            indikator_kode=tuple(indikator),
            bukti_diharapkan=bukti,
            jenis_bukti=jenis,
            keterangan=keterangan,
        )

    def _opd(self, nomor: int, pic: str, galat: list[str]) -> list[tuple[int, str]]:
        if aturan.semua_opd(pic):
            return []
        if not pic:
            galat.append(
                f"Baris {nomor}: PIC kosong; tulis nama OPD penanggung jawab, atau “{SEMUA_OPD}”."
            )
            return []
        names, unknown = aturan.cocokkan_pic(pic, self.acuan.opd)
        for name in unknown:
            galat.append(f"Baris {nomor}: PIC “{name}” tidak dikenal sebagai OPD di portal.")
        return list(dict.fromkeys(self.acuan.opd[n] for n in names))

    def _indikator(self, nomor: int, text: str, galat: list[str]) -> dict[str, tuple[int, str]]:
        found: dict[str, tuple[int, str]] = {}
        for kode in _PEMISAH_KODE.split(text.upper()):
            if not kode:
                continue
            indikator = self.acuan.indikator.get(kode)
            if indikator is None:
                galat.append(f"Baris {nomor}: kode indikator “{kode}” tidak dikenal.")
            else:
                found[kode] = indikator
        return found

    def _jenis(self, nomor: int, text: str, galat: list[str]) -> str:
        if not text:
            return ""
        jenis = self.acuan.jenis_bukti.get(text.lower())
        if jenis is None:
            galat.append(f"Baris {nomor}: jenis bukti “{text}” tidak dikenal.")
            return ""
        return jenis


def baca_xlsx(content: bytes, *, acuan: Acuan, max_rows: int = MAX_ROWS) -> HasilBaca:
    """Read a roadmap workbook (see the module docstring) with every row error, in Indonesian
    and naming the row: unknown PIC, no year marked, an unknown year mark, unknown indicator
    code or document type, a blank program with no heading above, a program twice, formulas
    and formula-like text.

    Raises SpreadsheetError when the file is not a safe, readable .xlsx, lacks the sheet (the
    first sheet is read when none is named Peta Rencana), the program and year titles, or has
    more than `max_rows` rows.
    """
    workbook = open_workbook(content)
    try:
        names = {n.lower(): n for n in workbook.sheetnames}
        nama_lembar = names.get(LEMBAR.lower()) or (workbook.sheetnames or [None])[0]
        if nama_lembar is None:
            raise SpreadsheetError(f"Lembar kerja {LEMBAR} tidak ada.")
        rows = worksheet_cells(workbook[nama_lembar])
        judul = _judul(rows)
        pembaca = _Pembaca(judul, acuan)
        hasil: list[BarisProgram] = []
        filled = 0
        for nomor, cells in enumerate(rows, start=judul.baris_data):
            if all(c.value is None or normalise_text(c.value) == "" for c in cells):
                continue
            filled += 1
            if filled > max_rows:
                raise too_many_rows(max_rows)
            row = pembaca.baca(nomor, cells)
            if row is not None:
                hasil.append(row)
        return HasilBaca(hasil, pembaca.galat)
    finally:
        workbook.close()
