"""The roadmap's targets as a workbook: the template (with the instruments' domains and aspects
to copy from), the export of a list, and the import's reader with every row error named by row
and column. No writes: the reader returns rows for `services.target_impor`.

Sheet *Target*, one row per target: tahun, instrumen (kode, e.g. pemdi-2026), kode_opd (empty
= the pemda as a whole), domain, aspek (empty = the overall index; a number or a name of the
instrument's domain/aspect; at most one of the two), nilai (0–5, two decimals, "3,84" or
3.84), keterangan. Column uraian (written on export) is for reading only.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from evaluasi.rumus import galat_rumus
from evaluasi.target import aturan
from evaluasi.target.selectors import Acuan, AcuanInstrumenTarget, Bagian, kunci_bagian
from evaluasi.target.services import BarisTarget
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

LEMBAR = "Target"
KOLOM = ("tahun", "instrumen", "kode_opd", "domain", "aspek", "nilai", "keterangan", "uraian")
WAJIB = ("tahun", "instrumen", "nilai")
KETERANGAN_MAKS = 500
PETUNJUK = (
    "Satu baris = satu target indeks: tahun, instrumen (kodenya, lihat lembar Instrumen), "
    "nilai 0–5 dengan paling banyak dua angka di belakang koma (3,84 atau 3.84).",
    "kode_opd kosong = target pemerintah daerah; diisi kode OPD (lihat Data Master) = target OPD "
    "itu.",
    "domain dan aspek kosong = target indeks keseluruhan. Untuk target per domain atau per aspek "
    "isi SALAH SATU: nomor atau nama domain/aspek instrumen itu (lihat lembar Instrumen).",
    "Baris dengan tahun, instrumen, OPD dan domain/aspek yang sudah ada mengganti nilainya; "
    "target yang tidak tercantum di berkas tidak dihapus.",
    "Kolom uraian hanya sebagai rujukan dan tidak dibaca saat impor.",
    "Sel berisi rumus, atau teks yang diawali =, +, - atau @, ditolak. Bila ada satu baris saja "
    "yang salah, tidak ada yang disimpan.",
)


def _lembar_target(workbook: Workbook):
    sheet = workbook.active
    sheet.title = LEMBAR
    sheet.append(list(KOLOM))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    for column, width in zip("ABCDEFGH", (8, 14, 14, 10, 10, 8, 40, 60), strict=True):
        sheet.column_dimensions[column].width = width
    return sheet


def _lembar_acuan(workbook: Workbook, acuan: Acuan) -> None:
    """The instruments with their domains and aspects, to copy numbers and names from."""
    sheet = workbook.create_sheet("Instrumen")
    sheet.append(["instrumen", "nama_instrumen", "jenis", "nomor", "nama"])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for instrumen in sorted(acuan.instrumen.values(), key=lambda i: i.kode):
        for jenis, peta in (("domain", instrumen.domain), ("aspek", instrumen.aspek)):
            for bagian in sorted({b.id: b for b in peta.values()}.values(), key=lambda b: b.nomor):
                sheet.append([instrumen.kode, instrumen.nama, jenis, bagian.nomor, bagian.nama])
    for column, width in zip("ABCDE", (14, 40, 8, 7, 50), strict=True):
        sheet.column_dimensions[column].width = width
    petunjuk = workbook.create_sheet("Petunjuk")
    for line in PETUNJUK:
        petunjuk.append([line])
    petunjuk.column_dimensions["A"].width = 110


def tulis_xlsx(targets: Iterable, acuan: Acuan) -> bytes:
    """The workbook of `targets` (TargetIndeks with instrumen, opd, domain and aspek loaded;
    none for the empty template), with the Instrumen and Petunjuk sheets."""
    workbook = Workbook()
    sheet = _lembar_target(workbook)
    for t in targets:
        sheet.append(
            [
                t.tahun,
                t.instrumen.kode,
                t.opd.kode if t.opd_id else "",
                t.domain.nomor if t.domain_id else "",
                t.aspek.nomor if t.aspek_id else "",
                t.nilai,
                t.keterangan,
                t.cakupan,
            ]
        )
    for row in sheet.iter_rows(min_row=2, min_col=6, max_col=6):
        row[0].number_format = "0.00"
    _lembar_acuan(workbook, acuan)
    return workbook_bytes(workbook)


@dataclass(frozen=True)
class BarisBaca:
    """A valid row of the file, with what the preview shows."""

    baris: int
    tahun: int
    instrumen: str
    opd: str
    bagian: str
    nilai: Decimal
    keterangan: str
    simpan: BarisTarget


@dataclass(frozen=True)
class HasilBaca:
    baris: list[BarisBaca]
    galat: list[str]  # "Baris 7, kolom nilai (F7): …", every error of the file

    def untuk_simpan(self) -> list[BarisTarget]:
        return [b.simpan for b in self.baris]


class _Galat(Exception):
    pass


def _sel(nomor: int, col: dict[str, int], kolom: str) -> str:
    return f"Baris {nomor}, kolom {kolom} ({get_column_letter(col[kolom] + 1)}{nomor})"


def _galat_rumus(nomor: int, cells, col: dict[str, int]) -> str | None:
    """A formula, or text a spreadsheet would read as one, in a column the import reads (the
    first found)."""
    dibaca = {i: k for k, i in col.items() if k != "uraian"}  # uraian is never read
    for index, cell in enumerate(cells):
        kolom = dibaca.get(index)
        if kolom is None:
            continue
        letak = f"Baris {nomor}, kolom {kolom} ({get_column_letter(index + 1)}{nomor}):"
        galat = galat_rumus(cell, letak)
        if galat:
            return galat
    return None


def _nilai_sel(cells, col: dict[str, int], kolom: str):
    index = col.get(kolom)
    if index is None or index >= len(cells):
        return None
    return cells[index].value


def _teks(cells, col, kolom) -> str:
    return normalise_text(_nilai_sel(cells, col, kolom))


def _bagian(nomor: int, cells, col, instrumen: AcuanInstrumenTarget, jenis: str) -> Bagian | None:
    text = _teks(cells, col, jenis)
    if not text:
        return None
    peta = getattr(instrumen, jenis)
    found = peta.get(text) or peta.get(kunci_bagian(text))
    if found is None:
        if not peta:
            raise _Galat(
                f"{_sel(nomor, col, jenis)}: instrumen {instrumen.kode} tidak memiliki {jenis}."
            )
        raise _Galat(
            f"{_sel(nomor, col, jenis)}: {jenis} “{text}” tidak ada di instrumen {instrumen.kode} "
            f"(isi nomor 1–{max(b.nomor for b in peta.values())} atau nama {jenis} instrumen itu)."
        )
    return found


def _baris(nomor: int, cells, col: dict[str, int], acuan: Acuan) -> BarisBaca:
    """One data row; raises _Galat with the first error of the row."""
    try:
        tahun = aturan.baca_tahun(_nilai_sel(cells, col, "tahun"))
    except ValueError as exc:
        raise _Galat(f"{_sel(nomor, col, 'tahun')}: {exc}.") from None
    kode_instrumen = _teks(cells, col, "instrumen")
    instrumen = acuan.instrumen.get(kode_instrumen.lower())
    if instrumen is None:
        pesan = (
            "kosong" if not kode_instrumen else f"kode “{kode_instrumen}” tidak dikenal di portal"
        )
        raise _Galat(f"{_sel(nomor, col, 'instrumen')}: instrumen {pesan}.")
    kode_opd = _teks(cells, col, "kode_opd").upper() if "kode_opd" in col else ""
    opd = None
    if kode_opd:
        opd = acuan.opd.get(kode_opd)
        if opd is None:
            raise _Galat(f"{_sel(nomor, col, 'kode_opd')}: OPD dengan kode “{kode_opd}” tidak ada.")
    domain = _bagian(nomor, cells, col, instrumen, "domain") if "domain" in col else None
    aspek = _bagian(nomor, cells, col, instrumen, "aspek") if "aspek" in col else None
    if domain and aspek:
        raise _Galat(
            f"{_sel(nomor, col, 'aspek')}: isi domain ATAU aspek, tidak keduanya (kosongkan salah "
            "satunya)."
        )
    try:
        nilai = aturan.baca_nilai(_nilai_sel(cells, col, "nilai"))
    except ValueError as exc:
        raise _Galat(f"{_sel(nomor, col, 'nilai')}: {exc}.") from None
    keterangan = _teks(cells, col, "keterangan") if "keterangan" in col else ""
    if len(keterangan) > KETERANGAN_MAKS:
        raise _Galat(f"{_sel(nomor, col, 'keterangan')}: lebih dari {KETERANGAN_MAKS} karakter.")
    if aspek:
        bagian = f"aspek {aspek.nomor}. {aspek.nama}"
    elif domain:
        bagian = f"domain {domain.nomor}. {domain.nama}"
    else:
        bagian = "indeks"
    return BarisBaca(
        baris=nomor,
        tahun=tahun,
        instrumen=instrumen.nama,
        opd=opd[1] if opd else "Pemerintah daerah",
        bagian=bagian,
        nilai=nilai,
        keterangan=keterangan,
        simpan=BarisTarget(
            tahun=tahun,
            instrumen_id=instrumen.id,
            opd_id=opd[0] if opd else None,
            domain_id=domain.id if domain else None,
            aspek_id=aspek.id if aspek else None,
            nilai=nilai,
            keterangan=keterangan,
            baris=nomor,
        ),
    )


def baca_xlsx(content: bytes, *, acuan: Acuan, max_rows: int = MAX_ROWS) -> HasilBaca:
    """Read a target workbook against `acuan` (selectors.acuan_impor): its valid rows and
    every row error (Indonesian, naming row and column): bad year, unknown instrument or OPD
    code, a domain/aspect the row's instrument lacks (another instrument's), both given, a
    value that is not a number, outside 0–5 or with more than two decimals, a formula or
    formula-like text, the same target twice.

    Raises SpreadsheetError when the file is not a safe, readable .xlsx, lacks the sheet or
    its required columns, or has more than `max_rows` rows."""
    workbook = open_workbook(content)
    try:
        names = {n.lower(): n for n in workbook.sheetnames}
        if LEMBAR.lower() not in names:
            raise SpreadsheetError(
                f"Lembar kerja {LEMBAR} tidak ada. Unduh templat dari halaman Target lalu isi "
                "lembar itu."
            )
        rows = worksheet_cells(workbook[names[LEMBAR.lower()]])
        judul = next(rows, ())
        formula = next((c for c in judul if c.data_type == FORMULA), None)
        if formula is not None:
            raise SpreadsheetError(f"Judul kolom lembar {LEMBAR} berisi rumus Excel.")
        header = [normalise_header(c.value) for c in judul]
        while header and not header[-1]:
            header.pop()
        check_width(header)
        missing = [k for k in WAJIB if k not in header]
        if missing:
            raise SpreadsheetError(
                f"Kolom wajib tidak ada di baris pertama lembar {LEMBAR}: "
                + ", ".join(missing)
                + "."
            )
        col = {k: header.index(k) for k in KOLOM if k in header}
        hasil: list[BarisBaca] = []
        galat: list[str] = []
        seen: dict[tuple, int] = {}
        filled = 0
        for nomor, cells in enumerate(rows, start=2):
            if all(c.value is None or normalise_text(c.value) == "" for c in cells):
                continue
            filled += 1
            if filled > max_rows:
                raise too_many_rows(max_rows)
            salah = _galat_rumus(nomor, cells, col)
            if salah:
                galat.append(salah)
                continue
            try:
                row = _baris(nomor, cells, col, acuan)
            except _Galat as exc:
                galat.append(str(exc))
                continue
            key = row.simpan.kunci
            if key in seen:
                galat.append(
                    f"Baris {nomor}: target {row.tahun} {row.opd} · {row.bagian} sudah ada di "
                    f"baris {seen[key]}."
                )
                continue
            seen[key] = nomor
            hasil.append(row)
        return HasilBaca(hasil, galat)
    finally:
        workbook.close()
