"""The crosswalk as a workbook: written for a pair of instruments, read back into rows with
every row error listed. No database: the caller passes the instruments (and, to read, a
function that finds one by its kode), so this module only reads and writes cells.

Sheet *Padanan*: above the column titles two rows name the instruments by kode
(`instrumen_asal` spbe-2020, `instrumen_tujuan` pemdi-2026), so an exported file imports back
between the same two; then one row per mapping: kode_asal, nama_asal, kode_tujuan,
nama_tujuan, catatan, perkiraan (ya/tidak). The names are for reading only. Importing a file
replaces the whole map between the two instruments it names.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from evaluasi.padanan.selectors import AcuanInstrumen, kode_indikator
from evaluasi.padanan.services import BarisPadanan
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

LEMBAR = "Padanan"
META_ASAL, META_TUJUAN = "instrumen_asal", "instrumen_tujuan"
KOLOM = ("kode_asal", "nama_asal", "kode_tujuan", "nama_tujuan", "catatan", "perkiraan")
WAJIB = ("kode_asal", "kode_tujuan")
# The column titles must come within the first rows (the two instrument rows, maybe a blank).
BARIS_JUDUL_MAKS = 10
CATATAN_MAKS = 4_000
YA = {"ya", "y", "1", "true", "benar"}
TIDAK = {"tidak", "t", "0", "false", "salah"}
PETUNJUK = (
    "Baris instrumen_asal dan instrumen_tujuan menyebut kedua instrumen dengan kodenya; "
    "jangan diubah kecuali memang ingin memetakan pasangan instrumen lain.",
    "Satu baris = satu padanan: indikator instrumen asal (kode_asal) dianggap menyumbang ke "
    "indikator instrumen tujuan (kode_tujuan). Satu indikator boleh muncul di beberapa baris.",
    "Kode indikator: kode nasional (misalnya 4.2), atau nomor indikator bila instrumennya tidak "
    "memakai kode (PermenPANRB 59/2020: 1–47). Kolom nama hanya sebagai rujukan.",
    "Kolom perkiraan: ya (bawaan) atau tidak. Padanan antar-instrumen selalu perkiraan kecuali "
    "ada penetapan resmi.",
    "Mengimpor berkas ini MENGGANTI seluruh padanan antara kedua instrumen: baris yang "
    "dihapus dari berkas ikut dihapus dari portal.",
    "Sel berisi rumus, atau teks yang diawali =, +, - atau @, ditolak. Bila ada satu baris "
    "saja yang salah, tidak ada yang disimpan.",
)


def tulis_xlsx(asal, tujuan, rows: Sequence) -> bytes:
    """The workbook of the map between instruments `asal` and `tujuan` (each with kode and
    nama); `rows` are Padanan rows with their indicators loaded (selectors.baris_padanan)."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = LEMBAR
    sheet.append([META_ASAL, asal.kode, asal.nama])
    sheet.append([META_TUJUAN, tujuan.kode, tujuan.nama])
    sheet.append([])
    sheet.append(list(KOLOM))
    for row in (1, 2, 4):
        for cell in sheet[row]:
            cell.font = Font(bold=True)
    for r in rows:
        sheet.append(
            [
                kode_indikator(r.asal),
                r.asal.nama,
                kode_indikator(r.tujuan),
                r.tujuan.nama,
                r.catatan,
                "ya" if r.perkiraan else "tidak",
            ]
        )
    sheet.freeze_panes = "A5"
    for column, width in zip("ABCDEF", (12, 50, 12, 50, 70, 11), strict=True):
        sheet.column_dimensions[column].width = width
    for line in sheet.iter_rows(min_row=5, min_col=5, max_col=5):
        line[0].alignment = Alignment(wrap_text=True, vertical="top")
    petunjuk = workbook.create_sheet("Petunjuk")
    for line in PETUNJUK:
        petunjuk.append([line])
    petunjuk.column_dimensions["A"].width = 110
    return workbook_bytes(workbook)


@dataclass(frozen=True)
class BarisBaca:
    """A valid row of the file, with what the preview shows."""

    baris: int
    kode_asal: str
    nama_asal: str
    kode_tujuan: str
    nama_tujuan: str
    catatan: str
    perkiraan: bool
    asal_id: int
    tujuan_id: int

    def untuk_simpan(self) -> BarisPadanan:
        return BarisPadanan(
            self.asal_id, self.tujuan_id, self.catatan, self.perkiraan, baris=self.baris
        )


@dataclass(frozen=True)
class HasilBaca:
    asal: AcuanInstrumen
    tujuan: AcuanInstrumen
    baris: list[BarisBaca]
    galat: list[str]  # "Baris 7: …", every error of the file

    def untuk_simpan(self) -> list[BarisPadanan]:
        return [b.untuk_simpan() for b in self.baris]


def _teks(cells, index: int) -> str:
    return normalise_text(cells[index].value) if index < len(cells) else ""


def _galat_sel(nomor: int, cells) -> str | None:
    """A formula, or text a spreadsheet would read as one, in this row (the first found)."""
    for cell in cells:
        if cell.value is None:  # an empty (or merged) cell has no coordinate
            continue
        galat = galat_rumus(cell, f"Baris {nomor}: sel {cell.coordinate}")
        if galat:
            return galat
    return None


def _judul(rows) -> tuple[dict[str, str], list[str], int]:
    """The instrument rows and the column titles at the top of the sheet (and their line)."""
    meta: dict[str, str] = {}
    for nomor, cells in enumerate(rows, start=1):
        if nomor > BARIS_JUDUL_MAKS:
            break
        formula = next((c.coordinate for c in cells if c.data_type == FORMULA), None)
        if formula:
            raise SpreadsheetError(
                f"Sel {formula} pada lembar {LEMBAR} berisi rumus Excel. Portal tidak menghitung "
                "rumus: ganti dengan nilainya lalu unggah ulang."
            )
        header = [normalise_header(c.value) for c in cells]
        if "kode_asal" in header or "kode_tujuan" in header:
            return meta, header, nomor
        if header and header[0] in (META_ASAL, META_TUJUAN):
            meta[header[0]] = _teks(cells, 1)
    raise SpreadsheetError(
        f"Judul kolom ({', '.join(KOLOM)}) tidak ditemukan di {BARIS_JUDUL_MAKS} baris pertama "
        f"lembar {LEMBAR}. Unduh berkas dari halaman Padanan lalu isi lembar itu."
    )


def _instrumen(meta: dict[str, str], kunci: str, cari) -> AcuanInstrumen:
    kode = meta.get(kunci, "")
    peran = "asal" if kunci == META_ASAL else "tujuan"
    if not kode:
        raise SpreadsheetError(
            f"Baris {kunci} di atas judul kolom harus berisi kode instrumen {peran} "
            "(misalnya spbe-2020 dan pemdi-2026)."
        )
    acuan = cari(kode)
    if acuan is None:
        raise SpreadsheetError(f"Instrumen {peran} dengan kode {kode} tidak dikenal di portal.")
    return acuan


def _baris(
    nomor: int, cells, col: dict[str, int], asal: AcuanInstrumen, tujuan: AcuanInstrumen, galat
) -> BarisBaca | None:
    """One data row, or None with its errors added to `galat`."""
    ada_galat = False
    found = {}
    for kolom, acuan in (("kode_asal", asal), ("kode_tujuan", tujuan)):
        kode = _teks(cells, col[kolom]).upper()
        if not kode:
            galat.append(f"Baris {nomor}: {kolom} kosong.")
            ada_galat = True
        elif kode not in acuan.indikator:
            galat.append(f"Baris {nomor}: {kolom} {kode} tidak ada di instrumen {acuan.kode}.")
            ada_galat = True
        else:
            found[kolom] = (kode, *acuan.indikator[kode])
    catatan = _teks(cells, col["catatan"]) if "catatan" in col else ""
    if len(catatan) > CATATAN_MAKS:
        galat.append(f"Baris {nomor}: catatan lebih dari {CATATAN_MAKS} karakter.")
        ada_galat = True
    tanda = _teks(cells, col["perkiraan"]).lower() if "perkiraan" in col else ""
    if tanda and tanda not in YA | TIDAK:
        galat.append(f"Baris {nomor}: perkiraan harus ya atau tidak, bukan {tanda}.")
        ada_galat = True
    if ada_galat:
        return None
    (kode_asal, asal_id, nama_asal), (kode_tujuan, tujuan_id, nama_tujuan) = (
        found["kode_asal"],
        found["kode_tujuan"],
    )
    return BarisBaca(
        baris=nomor,
        kode_asal=kode_asal,
        nama_asal=nama_asal,
        kode_tujuan=kode_tujuan,
        nama_tujuan=nama_tujuan,
        catatan=catatan,
        perkiraan=tanda not in TIDAK,
        asal_id=asal_id,
        tujuan_id=tujuan_id,
    )


def baca_xlsx(
    content: bytes,
    *,
    cari: Callable[[str], AcuanInstrumen | None],
    max_rows: int = MAX_ROWS,
) -> HasilBaca:
    """Read a crosswalk workbook: the two instruments its header names (found with `cari`,
    e.g. selectors.acuan_instrumen) and its rows, with every row error (Indonesian, naming
    the row): unknown or empty code, duplicate pair, formula or formula-like text, bad
    perkiraan value, over-long note.

    Raises SpreadsheetError when the file is not a safe, readable .xlsx, lacks the sheet, the
    column titles or a known instrument in its header, names one instrument twice, or has more
    than `max_rows` rows.
    """
    workbook = open_workbook(content)
    try:
        names = {n.lower(): n for n in workbook.sheetnames}
        if LEMBAR.lower() not in names:
            raise SpreadsheetError(
                f"Lembar kerja {LEMBAR} tidak ada. Unduh berkas dari halaman Padanan lalu isi "
                "lembar itu."
            )
        rows = worksheet_cells(workbook[names[LEMBAR.lower()]])
        meta, header, baris_judul = _judul(rows)
        check_width(header)
        missing = [k for k in WAJIB if k not in header]
        if missing:
            raise SpreadsheetError(
                f"Kolom wajib tidak ada di lembar {LEMBAR}: " + ", ".join(missing) + "."
            )
        asal = _instrumen(meta, META_ASAL, cari)
        tujuan = _instrumen(meta, META_TUJUAN, cari)
        if asal.id == tujuan.id:
            raise SpreadsheetError("Instrumen asal dan tujuan harus dua instrumen yang berbeda.")
        col = {k: header.index(k) for k in KOLOM if k in header}
        hasil: list[BarisBaca] = []
        galat: list[str] = []
        seen: dict[tuple[int, int], int] = {}
        filled = 0
        for nomor, cells in enumerate(rows, start=baris_judul + 1):
            if all(c.value is None or normalise_text(c.value) == "" for c in cells):
                continue
            filled += 1
            if filled > max_rows:
                raise too_many_rows(max_rows)
            salah = _galat_sel(nomor, cells)
            if salah:
                galat.append(salah)
                continue
            row = _baris(nomor, cells, col, asal, tujuan, galat)
            if row is None:
                continue
            key = (row.asal_id, row.tujuan_id)
            if key in seen:
                galat.append(
                    f"Baris {nomor}: padanan {row.kode_asal} → {row.kode_tujuan} sudah ada di "
                    f"baris {seen[key]}."
                )
                continue
            seen[key] = nomor
            hasil.append(row)
        return HasilBaca(asal, tujuan, hasil, galat)
    finally:
        workbook.close()
