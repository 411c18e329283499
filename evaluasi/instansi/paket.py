"""The national package of the penilaian instansi (SPEC §12): a ZIP for a person to upload by
hand into the national application, which has no import format.

- one folder per indicator that has files, `I10 - <short ASCII name>`; in it each file of an
  item that goes in (`ButirRow.masuk_paket`: accepted by the internal asesor, or chosen by
  the Koordinator), from the answers going forward, named by the item code: `I10-L2-03.pdf`,
  then `I10-L2-03-2.pdf`, `-3` … when the item has several;
- `manifest.xlsx`: per file its code, indicator, level, item text, place in the ZIP, original
  name, SHA-256, size, pengampu OPD, the note to paste and confidentiality; a second sheet
  lists the items left out and why;
- `ringkasan.pdf`: the summary to print (per indicator the items in and the values).

Files are streamed from the private storage into the archive and hashed on the way, so a large
package never sits in memory. A file missing from the storage or changed since it was uploaded never
goes in silently: the package is refused (PaketTidakUtuh) naming the items.
"""

import re
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import BinaryIO

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from evaluasi import butir as butir_rules
from evaluasi.dokumen import zip_berkas
from evaluasi.galat import GalatEvaluasi
from evaluasi.instansi.selectors import ButirRow, KeadaanInstansi, keadaan_instansi
from evaluasi.laporan import cetak
from evaluasi.models import BerkasInstansi, Butir, IsianButir, PenilaianInstansi, Periode
from evaluasi.penilaian.berkas import BY_MIME
from spbe_portal.xlsx import workbook_bytes

MANIFEST = "manifest.xlsx"
RINGKASAN = "ringkasan.pdf"
PANJANG_NAMA_FOLDER = 40  # characters of the indicator name; Windows paths stay short

# Why an item is left out (second sheet of the manifest).
BELUM_ADA_BERKAS = "Belum ada berkas"
PERLU_DIPILIH = "Perlu dipilih Koordinator"
BELUM_DITERIMA = "Belum diterima"


class PaketTidakUtuh(GalatEvaluasi):
    """A file that should go in is missing on disk or no longer matches its SHA-256."""


# --- Names (pure) ---------------------------------------------------------------------------


def _ascii(teks: str) -> str:
    return unicodedata.normalize("NFKD", teks).encode("ascii", "ignore").decode("ascii")


def kode_aman(kode: str) -> str:
    """An item or indicator code as a file name part: letters, digits, dot and dash only
    (the codes are instrument data an admin may type)."""
    return re.sub(r"[^A-Za-z0-9.-]+", "-", _ascii(kode)).strip(".-") or "butir"


def nama_folder(kode: str, nama: str, *, panjang: int = PANJANG_NAMA_FOLDER) -> str:
    """`I10 - Manajemen Keamanan Informasi`: the indicator's code and its name in ASCII
    letters and digits, cut at a word to at most `panjang` characters."""
    words = re.sub(r"[^A-Za-z0-9]+", " ", _ascii(nama)).split()
    short = ""
    for word in words:
        candidate = f"{short} {word}".strip()
        if len(candidate) > panjang:
            break
        short = candidate
    if not short and words:
        short = words[0][:panjang]
    return f"{kode_aman(kode)} - {short}" if short else kode_aman(kode)


def nama_berkas(kode: str, urutan: int, ekstensi: str) -> str:
    """The item's n-th file (from 1): `I10-L2-03.pdf`, `I10-L2-03-2.pdf` …"""
    return f"{kode_aman(kode)}{'' if urutan == 1 else f'-{urutan}'}{ekstensi}"


def ekstensi(jenis: str, *nama: str) -> str:
    """The file's real extension: from its checked type, else from its stored or original
    name (a short alphanumeric suffix only), else none."""
    kind = BY_MIME.get(jenis)
    if kind is not None:
        return kind.ekstensi
    for name in nama:
        suffix = PurePosixPath(name).suffix.lower()
        if re.fullmatch(r"\.[a-z0-9]{1,8}", suffix):
            return suffix
    return ""


def alasan_tidak_masuk(row: ButirRow) -> tuple[str, str]:
    """(reason, detail) for an item that stays out of the package."""
    if row.perlu_dipilih:
        opds = ", ".join(i.opd.nama for i in row.isian if i.berkas_hidup and i.dipilih is not False)
        return PERLU_DIPILIH, f"Beberapa OPD pengampu mengunggah berkas: {opds}."
    if not row.terpilih:
        disisihkan = any(i.berkas_hidup and i.dipilih is False for i in row.isian)
        return BELUM_ADA_BERKAS, "Berkas yang ada disisihkan Koordinator." if disisihkan else ""
    if row.reviu is not None and row.reviu.putusan == butir_rules.Putusan.REVISI:
        return BELUM_DITERIMA, f"Revisi asesor internal: {row.reviu.alasan_tampil}."
    return BELUM_DITERIMA, "Belum diperiksa asesor internal."


# --- The plan: what goes where --------------------------------------------------------------


@dataclass(frozen=True)
class IsiPaket:
    """One file of the package and where it goes."""

    nama_zip: str  # folder/file inside the ZIP
    row: ButirRow
    isian: IsianButir
    berkas: BerkasInstansi

    @property
    def butir(self) -> Butir:
        return self.row.butir

    @property
    def folder(self) -> str:
        return self.nama_zip.rpartition("/")[0]

    @property
    def nama(self) -> str:
        return self.nama_zip.rpartition("/")[2]


@dataclass(frozen=True)
class TidakMasuk:
    row: ButirRow
    alasan: str
    keterangan: str


@dataclass
class RencanaPaket:
    keadaan: KeadaanInstansi
    isi: list[IsiPaket]
    tidak_masuk: list[TidakMasuk]

    @property
    def periode(self) -> Periode:
        return self.keadaan.penilaian.periode

    @property
    def jumlah_butir(self) -> int:
        return len({i.butir.pk for i in self.isi})


@dataclass(frozen=True)
class HasilPaket:
    """What went into a package: items, files and their bytes (before compression)."""

    butir: int
    berkas: int
    bita: int
    tidak_masuk: int


def rencana_paket(penilaian: PenilaianInstansi) -> RencanaPaket:
    """Which files go in under which names, and which items stay out (a fixed number of
    queries: those of `keadaan_instansi`)."""
    keadaan = keadaan_instansi(penilaian)
    isi: list[IsiPaket] = []
    tidak_masuk: list[TidakMasuk] = []
    folders: set[str] = set()
    for indikator_row in keadaan.indikator:
        indikator = indikator_row.indikator
        folder = nama_folder(indikator.kode_butir, indikator.nama)
        if folder in folders:  # two indicators with the same short code: keep both apart
            folder = f"{folder} ({indikator.nomor})"
        folders.add(folder)
        for row in indikator_row.butir:
            if not row.masuk_paket:
                tidak_masuk.append(TidakMasuk(row, *alasan_tidak_masuk(row)))
                continue
            urutan = 0
            for isian in row.isian_terpilih:
                for berkas in isian.berkas_hidup:
                    urutan += 1
                    name = nama_berkas(
                        row.butir.kode,
                        urutan,
                        ekstensi(berkas.jenis, berkas.path, berkas.nama_asli),
                    )
                    isi.append(IsiPaket(f"{folder}/{name}", row, isian, berkas))
    return RencanaPaket(keadaan=keadaan, isi=isi, tidak_masuk=tidak_masuk)


# --- Writing the ZIP ------------------------------------------------------------------------


def _nama_item(item: IsiPaket) -> str:
    return f"butir {item.butir.kode} ({item.berkas.nama_asli}, {item.isian.opd.nama})"


def _pesan(problems: list[str]) -> str:
    return (
        f"Paket nasional tidak dibuat: {' — '.join(problems)}. Unggah ulang berkas butir itu "
        "(atau hapus berkas yang rusak), lalu buat paket lagi."
    )


def paket_tulis(penilaian: PenilaianInstansi, target: BinaryIO) -> HasilPaket:
    """Write the package of `penilaian` as a ZIP into the binary file object `target`.

    Raises PaketTidakUtuh when a file is missing or its content no longer matches the
    SHA-256 recorded at upload; the message names each item. What was written to `target` by
    then (files, no manifest) must be discarded: `paket_simpan` deletes it."""
    rencana = rencana_paket(penilaian)
    anggota = [
        zip_berkas.Anggota(item.nama_zip, item.berkas.versi, _nama_item(item))
        for item in rencana.isi
    ]
    if masalah := zip_berkas.masalah_berkas(anggota):
        raise PaketTidakUtuh(_pesan(masalah))
    now = timezone.now()
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        if masalah := zip_berkas.tulis_anggota(archive, anggota):
            raise PaketTidakUtuh(_pesan(masalah))
        archive.writestr(zip_berkas.info(MANIFEST, now, 0), manifest_xlsx(rencana))
        archive.writestr(zip_berkas.info(RINGKASAN, now, 0), ringkasan_pdf(rencana, dibuat=now))
    return HasilPaket(
        butir=rencana.jumlah_butir,
        berkas=len(rencana.isi),
        bita=sum(i.berkas.ukuran for i in rencana.isi),
        tidak_masuk=len(rencana.tidak_masuk),
    )


def paket_simpan(penilaian: PenilaianInstansi, path: Path) -> HasilPaket:
    """Write the package to a new file at `path` (never overwrites); the file is removed
    again when building fails. Raises PaketTidakUtuh, FileExistsError."""
    return zip_berkas.simpan_baru(path, lambda handle: paket_tulis(penilaian, handle))


# --- The manifest and the summary -----------------------------------------------------------

KOLOM_MANIFEST = [
    ("Kode butir", 13),
    ("Kode indikator", 10),
    ("Indikator", 36),
    ("Level", 7),
    ("Butir", 60),
    ("Nama berkas", 48),
    ("Nama asli", 32),
    ("SHA-256", 66),
    ("Ukuran", 12),
    ("OPD pengampu", 32),
    ("Keterangan untuk asesor", 60),
    ("Rahasia", 9),
]
KOLOM_TIDAK_MASUK = [
    ("Kode butir", 13),
    ("Kode indikator", 10),
    ("Indikator", 36),
    ("Level", 7),
    ("Butir", 60),
    ("Jenis", 11),
    ("Alasan", 26),
    ("Keterangan", 60),
]


def _kode_indikator(row: ButirRow) -> str:
    indikator = row.butir.indikator
    return indikator.kode or str(indikator.nomor)


def _lembar(sheet, kolom: list[tuple[str, int]], rows: list[list]) -> None:
    sheet.append([name for name, _ in kolom])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(row)
        for cell in sheet[sheet.max_row]:
            cell.alignment = Alignment(vertical="top", wrap_text=True)
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(kolom))}{sheet.max_row}"
    for index, (_, width) in enumerate(kolom, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width


def manifest_xlsx(rencana: RencanaPaket) -> bytes:
    """The manifest: one row per file in the package, then a sheet of the items left out.
    Saved through `workbook_bytes`, so a note starting with "=" stays text."""
    wb = Workbook()
    sheet = wb.active
    sheet.title = "Manifest"
    _lembar(
        sheet,
        KOLOM_MANIFEST,
        [
            [
                item.butir.kode,
                _kode_indikator(item.row),
                item.butir.indikator.nama,
                item.butir.level,
                item.butir.teks,
                item.nama_zip,
                item.berkas.nama_asli,
                item.berkas.sha256,
                item.berkas.ukuran,
                item.isian.opd.nama,
                item.isian.catatan,
                "Ya" if item.berkas.rahasia else "Tidak",
            ]
            for item in rencana.isi
        ],
    )
    _lembar(
        wb.create_sheet("Tidak masuk paket"),
        KOLOM_TIDAK_MASUK,
        [
            [
                t.row.butir.kode,
                _kode_indikator(t.row),
                t.row.butir.indikator.nama,
                t.row.butir.level,
                t.row.butir.teks,
                t.row.butir.jenis,
                t.alasan,
                t.keterangan,
            ]
            for t in rencana.tidak_masuk
        ],
    )
    return workbook_bytes(wb)


def ringkasan_pdf(rencana: RencanaPaket, *, dibuat) -> bytes:
    """The printable summary: per indicator the items in out of all and the values mandiri
    and internal, then every file of the package."""
    masuk: dict[int, set[int]] = {}
    for item in rencana.isi:
        masuk.setdefault(item.butir.indikator_id, set()).add(item.butir.pk)
    keadaan = rencana.keadaan
    ctx = {
        "periode": rencana.periode,
        "dibuat": dibuat,
        "indikator": [
            {
                "row": row,
                "masuk": len(masuk.get(row.indikator.pk, ())),
                "jumlah": len(row.butir),
            }
            for row in keadaan.indikator
        ],
        "isi": rencana.isi,
        "jumlah_butir": rencana.jumlah_butir,
        "jumlah_tidak_masuk": len(rencana.tidak_masuk),
        "bita": sum(i.berkas.ukuran for i in rencana.isi),
        "indeks_mandiri": keadaan.indeks("mandiri"),
        "indeks_internal": keadaan.indeks("internal"),
    }
    return cetak.paket_ringkasan_pdf(ctx)


def paket_tersedia(periode: Periode) -> bool:
    """Whether a package can be built for the period: it has a penilaian instansi and its
    instrument judges item by item (two queries)."""
    return (
        PenilaianInstansi.objects.filter(periode=periode).exists()
        and Butir.objects.filter(indikator__instrumen_id=periode.instrumen_id).exists()
    )
