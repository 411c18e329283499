"""The national evaluator's results as a workbook (SPEC §12, "national results back in"): the
template the Koordinator downloads, fills from the national application and uploads again,
and the reading of it into typed rows with row errors. Pure: no database; the instrument's
items and indicators come in as `Acuan`, built by `evaluasi.instansi.putaran`.

Sheets (names and column titles are matched without regard to case):
- Butir:     Kode butir, Indikator, Level, Butir (the last three for reading only), Hasil
             (diterima | revisi), Jenis revisi (bukti tidak tepat | belum diunggah |
             otomatis ditolak | lainnya; required for revisi), Catatan asesor. An empty Hasil
             means the item is not in this round's results.
- Indikator: Kode indikator (I10), Kode nasional (4.2; used when the first is empty),
             Indikator (for reading only), Nilai (1–5, comma or dot), Rekomendasi.
- Petunjuk:  how to fill it; not read.

Every problem is a row error (sheet, line, message) and a file with any imports nothing.
A formula cell is an error of its row: the portal never evaluates what a file computes.
"""

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation

from evaluasi import butir as butir_rules
from evaluasi import scoring
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

LEMBAR_BUTIR = "Butir"
LEMBAR_INDIKATOR = "Indikator"
LEMBAR_PETUNJUK = "Petunjuk"
KOLOM_BUTIR = (
    "Kode butir",
    "Indikator",
    "Level",
    "Butir",
    "Hasil",
    "Jenis revisi",
    "Catatan asesor",
)
KOLOM_INDIKATOR = ("Kode indikator", "Kode nasional", "Indikator", "Nilai", "Rekomendasi")
WAJIB_BUTIR = ("kode_butir", "hasil")
WAJIB_INDIKATOR = ("nilai",)

DITERIMA = butir_rules.Putusan.DITERIMA.value
REVISI = butir_rules.Putusan.REVISI.value
# The national reasons of a revision (the values of model.JenisRevisiNasional), as the
# template offers them; a cell may also hold the stored value (bukti_tidak_tepat).
JENIS_REVISI = {
    "bukti_tidak_tepat": "bukti tidak tepat",
    "belum_diunggah": "belum diunggah",
    "otomatis_ditolak": "otomatis ditolak",
    "lainnya": "lainnya",
}
EMPAT_DESIMAL = butir_rules.EMPAT_DESIMAL
NILAI_MIN, NILAI_MAKS = Decimal(scoring.MIN_LEVEL), Decimal(scoring.MAX_LEVEL)
# Cells named in one formula error (a row rarely has more than one or two).
SEL_DISEBUT = 3

Galat = tuple[str, int, str]  # (sheet, spreadsheet line, message); line 0 = the whole file


@dataclass(frozen=True)
class ButirAcuan:
    id: int
    kode: str  # I10-L2-03
    indikator: str  # the indicator's short code (I10)
    level: int
    teks: str


@dataclass(frozen=True)
class IndikatorAcuan:
    id: int
    nomor: int
    kode_singkat: str  # I10 (the prefix of its items' codes)
    kode: str  # national code, 4.2 (may be empty)
    nama: str


@dataclass(frozen=True)
class Acuan:
    """The period's instrument as the template and the reader need it, in instrument order."""

    butir: tuple[ButirAcuan, ...]
    indikator: tuple[IndikatorAcuan, ...]


@dataclass(frozen=True)
class BarisButir:
    baris: int
    butir_id: int
    kode: str
    putusan: str  # DITERIMA | REVISI
    jenis_revisi: str  # a JENIS_REVISI key; "" for diterima
    catatan: str

    @property
    def jenis_label(self) -> str:
        return JENIS_REVISI.get(self.jenis_revisi, "")


@dataclass(frozen=True)
class BarisIndikator:
    baris: int
    indikator_id: int
    nomor: int
    kode: str
    nilai: Decimal | None
    rekomendasi: str


@dataclass
class HasilBaca:
    """A read workbook: the typed rows and every row error."""

    butir: list[BarisButir] = field(default_factory=list)
    indikator: list[BarisIndikator] = field(default_factory=list)
    galat: list[Galat] = field(default_factory=list)

    @property
    def jumlah_diterima(self) -> int:
        return sum(1 for b in self.butir if b.putusan == DITERIMA)

    @property
    def jumlah_revisi(self) -> int:
        return sum(1 for b in self.butir if b.putusan == REVISI)

    @property
    def jumlah_bernilai(self) -> int:
        return sum(1 for i in self.indikator if i.nilai is not None)

    def nilai(self) -> dict[int, Decimal]:
        """{indicator number: value} of the indicators given a value."""
        return {i.nomor: i.nilai for i in self.indikator if i.nilai is not None}


# --- Reading --------------------------------------------------------------------------------


def baca(content: bytes, acuan: Acuan, *, max_rows: int = MAX_ROWS) -> HasilBaca:
    """Read a results workbook against the period's instrument.

    Raises SpreadsheetError (Indonesian message) when the file is no workbook, is damaged or
    unsafe to open (opd.zipguard), lacks both sheets or a required column, or has more than
    `max_rows` filled rows in a sheet. Everything else is a row error in the result.
    """
    workbook = open_workbook(content)
    try:
        sheets = {name.strip().lower(): workbook[name] for name in workbook.sheetnames}
        butir_sheet = sheets.get(LEMBAR_BUTIR.lower())
        indikator_sheet = sheets.get(LEMBAR_INDIKATOR.lower())
        if butir_sheet is None and indikator_sheet is None:
            raise SpreadsheetError(
                "Lembar kerja Butir dan Indikator tidak ada. Gunakan templat hasil nasional "
                "yang diunduh dari portal."
            )
        hasil = HasilBaca()
        if butir_sheet is not None:
            rows = _sheet(butir_sheet, LEMBAR_BUTIR, WAJIB_BUTIR, max_rows=max_rows)
            _baca_butir(rows, acuan, hasil)
        if indikator_sheet is not None:
            rows = _sheet(indikator_sheet, LEMBAR_INDIKATOR, WAJIB_INDIKATOR, max_rows=max_rows)
            _baca_indikator(rows, acuan, hasil)
    finally:
        workbook.close()
    if not hasil.butir and not hasil.indikator and not hasil.galat:
        hasil.galat.append(
            (
                "Berkas",
                0,
                "Tidak ada hasil yang diisi: isi kolom Hasil pada lembar Butir atau kolom Nilai "
                "pada lembar Indikator.",
            )
        )
    return hasil


@dataclass(frozen=True)
class _Baris:
    baris: int
    sel: dict[str, str]  # normalised header → clean text
    rumus: tuple[str, ...]  # coordinates of formula cells


def _sheet(sheet, title: str, required: Sequence[str], *, max_rows: int) -> list[_Baris]:
    """The filled rows of one sheet with their line numbers (blank rows skipped)."""
    cells_iter = worksheet_cells(sheet)
    first = next(cells_iter, None)
    if first is None:
        raise SpreadsheetError(f"Lembar {title} kosong: baris judul kolom tidak ada.")
    if any(c.data_type == FORMULA for c in first):
        raise SpreadsheetError(f"Lembar {title}: baris judul kolom berisi rumus Excel.")
    header = [normalise_header(c.value) for c in first]
    check_width(header)
    missing = [c for c in required if c not in header]
    if missing:
        raise SpreadsheetError(
            f"Lembar {title}: kolom wajib tidak ada: {', '.join(missing)}. Gunakan templat hasil "
            "nasional yang diunduh dari portal."
        )
    rows: list[_Baris] = []
    for line, cells in enumerate(cells_iter, start=2):
        if all(c.value is None for c in cells):
            continue  # cheap: a sheet may hold thousands of formatted but empty rows
        rumus = tuple(c.coordinate for c in cells if c.data_type == FORMULA)
        values = {h: _teks(c) for h, c in zip(header, cells, strict=False) if h}
        if not rumus and not any(values.values()):
            continue
        if len(rows) >= max_rows:
            raise too_many_rows(max_rows)
        rows.append(_Baris(line, values, rumus))
    return rows


def _teks(cell) -> str:
    if cell.data_type == FORMULA:
        return ""  # reported as the row's error, never read
    # An evaluator's note may run over several lines; other cells are collapsed to one line.
    if isinstance(cell.value, str) and "\n" in cell.value:
        return cell.value.strip()
    return normalise_text(cell.value)


def _rumus(row: _Baris) -> str:
    named = ", ".join(row.rumus[:SEL_DISEBUT])
    more = f" dan {len(row.rumus) - SEL_DISEBUT} sel lain" if len(row.rumus) > SEL_DISEBUT else ""
    return (
        f"Sel {named}{more} berisi rumus Excel; portal tidak menghitung rumus. Ganti dengan "
        "nilainya (salin, lalu Tempel Spesial → Nilai)."
    )


def _kata(text: str) -> str:
    # "Bukti  Tidak_Tepat" and "bukti tidak tepat" are the same choice.
    return " ".join(text.replace("_", " ").split()).lower()


_JENIS_DARI_TEKS = {_kata(label): value for value, label in JENIS_REVISI.items()}


_PILIH_JENIS = "pilih " + ", ".join(JENIS_REVISI.values()) + "."


def _baca_butir(rows: list[_Baris], acuan: Acuan, hasil: HasilBaca) -> None:
    known = {b.kode.upper(): b for b in acuan.butir}
    seen: dict[str, int] = {}
    for row in rows:
        result = _rumus(row) if row.rumus else _butir(row, known, seen)
        if isinstance(result, str):
            hasil.galat.append((LEMBAR_BUTIR, row.baris, result))
        elif result is not None:
            hasil.butir.append(result)


def _butir(row: _Baris, known: dict[str, ButirAcuan], seen: dict[str, int]):
    """One Butir row: its typed row, the message of its error, or None (not in this round)."""
    kode = row.sel.get("kode_butir", "").upper()
    putusan = _kata(row.sel.get("hasil", ""))
    jenis_teks = row.sel.get("jenis_revisi", "")
    catatan = row.sel.get("catatan_asesor", "")
    if not putusan:
        if jenis_teks or catatan:
            return (
                f"Hasil butir {kode or '(tanpa kode)'} kosong, tetapi jenis revisi atau catatan "
                "diisi. Isi Hasil (diterima/revisi), atau kosongkan keduanya."
            )
        return None
    if not kode:
        return "Kode butir kosong."
    item = known.get(kode)
    if item is None:
        return f"Kode butir {kode} tidak ada di instrumen periode ini."
    if kode in seen:
        return f"Kode butir {kode} sudah ada di baris {seen[kode]}."
    seen[kode] = row.baris
    if putusan not in (DITERIMA, REVISI):
        return f"Hasil '{row.sel['hasil']}' tidak dikenal; isi diterima atau revisi."
    jenis = ""
    if putusan == REVISI:
        if not jenis_teks:
            return f"Butir {kode} direvisi tanpa jenis revisi; {_PILIH_JENIS}"
        jenis = _JENIS_DARI_TEKS.get(_kata(jenis_teks), "")
        if not jenis:
            return f"Jenis revisi '{jenis_teks}' tidak dikenal; {_PILIH_JENIS}"
    elif jenis_teks:
        return f"Butir {kode} diterima tetapi jenis revisi diisi; kosongkan jenis revisi."
    return BarisButir(row.baris, item.id, item.kode, putusan, jenis, catatan)


_ANGKA = re.compile(r"^[+-]?(\d+([.,]\d*)?|[.,]\d+)$")


def _nilai(text: str) -> Decimal:
    """A value as typed: 1,17 or 1.17 (Indonesian spreadsheets write a decimal comma).
    Stored with four decimals (SPEC §11): one typed with more (7/6 pasted as 1,16666…) is
    rounded half up, once, here. Raises InvalidOperation for anything but a plain number."""
    if not _ANGKA.match(text):  # Decimal would also take 1e3, NaN, 1_000
        raise InvalidOperation
    return Decimal(text.replace(",", ".")).quantize(EMPAT_DESIMAL, rounding=ROUND_HALF_UP)


def _baca_indikator(rows: list[_Baris], acuan: Acuan, hasil: HasilBaca) -> None:
    by_short = {i.kode_singkat.upper(): i for i in acuan.indikator}
    by_national = {i.kode: i for i in acuan.indikator if i.kode}
    seen: dict[int, int] = {}
    for row in rows:
        result = _rumus(row) if row.rumus else _indikator(row, by_short, by_national, seen)
        if isinstance(result, str):
            hasil.galat.append((LEMBAR_INDIKATOR, row.baris, result))
        elif result is not None:
            hasil.indikator.append(result)


def _indikator(row: _Baris, by_short: dict, by_national: dict, seen: dict[int, int]):
    """One Indikator row: its typed row, the message of its error, or None (no value)."""
    short = row.sel.get("kode_indikator", "").upper()
    national = row.sel.get("kode_nasional", "")
    text = row.sel.get("nilai", "")
    rekomendasi = row.sel.get("rekomendasi", "")
    if not text and not rekomendasi:
        return None
    if short:  # a national code typed there (4.2 for I10) is understood too
        indikator = by_short.get(short) or by_national.get(short)
    else:
        indikator = by_national.get(national)
    if not short and not national:
        return "Kode indikator kosong."
    if indikator is None:
        return f"Kode indikator {short or national} tidak ada di instrumen periode ini."
    if indikator.id in seen:
        return f"Indikator {indikator.kode_singkat} sudah ada di baris {seen[indikator.id]}."
    seen[indikator.id] = row.baris
    nilai = None
    if text:
        try:
            nilai = _nilai(text)
        except InvalidOperation:
            return f"Nilai '{text}' bukan angka (contoh: 2,5 atau 1,17)."
        if not (NILAI_MIN <= nilai <= NILAI_MAKS):
            return f"Nilai {text} di luar rentang 1 sampai 5."
    return BarisIndikator(
        row.baris, indikator.id, indikator.nomor, indikator.kode_singkat, nilai, rekomendasi
    )


# --- Writing the template -------------------------------------------------------------------

PETUNJUK = (
    "Templat hasil evaluasi nasional",
    "",
    "Isi berkas ini dari hasil yang ditampilkan aplikasi evaluasi nasional, lalu unggah di "
    "portal pada halaman Hasil nasional periode ini. Satu berkas = satu putaran (Tahap 1, "
    "Perbaikan 1, …).",
    "",
    "Lembar Butir: satu baris per butir instrumen.",
    "• Hasil: diterima atau revisi. Kosongkan bila butir itu tidak dinilai pada putaran ini.",
    "• Jenis revisi (wajib bila revisi): bukti tidak tepat, belum diunggah, otomatis ditolak, "
    "atau lainnya.",
    "• Catatan asesor: salin catatan asesor nasional apa adanya.",
    "• Kolom Indikator, Level dan Butir hanya untuk dibaca; tidak diimpor.",
    "",
    "Lembar Indikator: satu baris per indikator.",
    "• Nilai: angka 1 sampai 5, boleh pecahan dengan koma atau titik (1,17 atau 2.5). Kosongkan "
    "bila belum ada nilai pada putaran ini.",
    "• Rekomendasi: salin rekomendasi asesor nasional.",
    "",
    "Jangan memakai rumus Excel: portal tidak menghitung rumus, dan baris yang berisi rumus "
    "ditolak. Jangan mengubah kode butir dan kode indikator.",
    "Bila ada satu baris saja yang salah, tidak ada yang disimpan; portal menampilkan lembar, "
    "nomor baris dan alasannya.",
    "Butir yang direvisi menjadi tugas OPD pengampunya, dengan batas perbaikan putaran ini.",
)


def _num(value: Decimal) -> int | float:
    # Excel holds numbers as binary floats; four decimals read back as the same Decimal.
    return int(value) if value == value.to_integral_value() else float(value)


def tulis_templat(
    acuan: Acuan,
    *,
    judul: str = "",
    butir: Sequence[BarisButir] = (),
    indikator: Sequence[BarisIndikator] = (),
) -> bytes:
    """The template workbook: every item and indicator of the instrument, with the given
    results filled in (none for a blank template). `baca` reads it back to the same rows."""
    per_butir = {b.butir_id: b for b in butir}
    per_indikator = {i.indikator_id: i for i in indikator}
    workbook = Workbook()
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="DDE7F0")
    isian = PatternFill("solid", fgColor="FFF8E1")  # the columns to fill
    wrap = Alignment(wrap_text=True, vertical="top")

    petunjuk = workbook.active
    petunjuk.title = LEMBAR_PETUNJUK
    for line in (*PETUNJUK[:1], judul, *PETUNJUK[1:]) if judul else PETUNJUK:
        petunjuk.append([line])
    petunjuk["A1"].font = Font(bold=True, size=13)
    petunjuk.column_dimensions["A"].width = 110

    def sheet(title: str, header: Sequence[str], widths: Sequence[int]):
        ws = workbook.create_sheet(title)
        ws.append(list(header))
        for cell in ws[1]:
            cell.font, cell.fill = bold, fill
        for i, width in enumerate(widths):
            ws.column_dimensions[chr(ord("A") + i)].width = width
        ws.freeze_panes = "A2"
        return ws

    ws = sheet(LEMBAR_BUTIR, KOLOM_BUTIR, (14, 10, 7, 70, 12, 20, 50))
    for item in acuan.butir:
        hasil = per_butir.get(item.id)
        ws.append(
            [
                item.kode,
                item.indikator,
                item.level,
                item.teks,
                hasil.putusan if hasil else None,
                JENIS_REVISI.get(hasil.jenis_revisi) if hasil else None,
                (hasil.catatan or None) if hasil else None,
            ]
        )
    last = max(ws.max_row, 2)
    for row in ws.iter_rows(min_row=2):
        row[3].alignment = wrap
        for cell in row[4:7]:
            cell.fill = isian
    pilihan_hasil = DataValidation(type="list", formula1=f'"{DITERIMA},{REVISI}"', allow_blank=True)
    pilihan_jenis = DataValidation(
        type="list", formula1='"' + ",".join(JENIS_REVISI.values()) + '"', allow_blank=True
    )
    ws.add_data_validation(pilihan_hasil)
    ws.add_data_validation(pilihan_jenis)
    pilihan_hasil.add(f"E2:E{last}")
    pilihan_jenis.add(f"F2:F{last}")

    ws = sheet(LEMBAR_INDIKATOR, KOLOM_INDIKATOR, (15, 14, 60, 9, 70))
    for ind in acuan.indikator:
        hasil = per_indikator.get(ind.id)
        nilai = hasil.nilai if hasil else None
        ws.append(
            [
                ind.kode_singkat,
                ind.kode or None,
                ind.nama,
                _num(nilai) if nilai is not None else None,
                (hasil.rekomendasi or None) if hasil else None,
            ]
        )
    for row in ws.iter_rows(min_row=2):
        row[2].alignment = row[4].alignment = wrap
        row[3].fill = row[4].fill = isian
        row[3].number_format = "0.00##"
    return workbook_bytes(workbook)
