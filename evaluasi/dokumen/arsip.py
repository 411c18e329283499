"""The evidence archive: every live evidence file of one OPD penilaian, or of the period's
penilaian instansi, as one ZIP for the people who judge them (a report job, `JenisLaporan.ARSIP`).

- one folder per indicator that has files, named as in the national package
  (`I10 - Keamanan Pemerintah Digital`: short code, short ASCII name);
- in it each linked file, named by the item it is evidence for and its own name
  (`I10-L2-03 SK Tim SPBE.pdf`), or by its own name alone when it serves the indicator as a
  whole; a clash gets `-2`, `-3` … before the extension;
- `daftar_berkas.xlsx`: per file its place in the ZIP, indicator, item, OPD, document title,
  version, original name, SHA-256, size, confidentiality, who linked it and when, and the year
  it was carried over from. No verdict and no final value: the archive is the evidence, not a
  result, so it holds nothing that waits for publication.

A removed link (`dihapus_pada` set) is left out. Files are streamed from the private storage
into the archive one at a time and hashed on the way, so a large archive never sits in
memory; a file missing from the storage or no longer matching the SHA-256 recorded at upload
refuses the archive (ArsipTidakUtuh, naming the files) and no partial ZIP is kept.
"""

import re
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import tablib
from django.db.models import F
from django.utils import timezone

from evaluasi.dokumen import zip_berkas
from evaluasi.galat import GalatEvaluasi
from evaluasi.instansi import paket
from evaluasi.models import (
    BerkasInstansi,
    Bukti,
    Butir,
    DokumenVersi,
    Indikator,
    Penilaian,
    PenilaianInstansi,
    Periode,
)
from spbe_portal.xlsx import dataset_bytes

DAFTAR = "daftar_berkas.xlsx"
PANJANG_NAMA = 60  # characters of a file's own name kept in the ZIP; Windows paths stay short

KOLOM_DAFTAR = [
    "Nama dalam ZIP",
    "Kode indikator",
    "Indikator",
    "Kode butir",
    "OPD",
    "Judul dokumen",
    "Versi",
    "Nama asli",
    "SHA-256",
    "Ukuran (bita)",
    "Rahasia",
    "Ditautkan oleh",
    "Ditautkan pada",
    "Dari tahun",
]


class ArsipTidakUtuh(GalatEvaluasi):
    """A linked file is missing on disk or no longer matches its SHA-256."""


# --- Names (pure) ---------------------------------------------------------------------------


def nama_aman(nama: str, *, panjang: int = PANJANG_NAMA) -> str:
    """A file's own name without its extension as a safe part of a ZIP name: ASCII letters,
    digits, spaces, dot, dash, underscore and parentheses, at most `panjang` characters
    (uploaded names are the user's text: no slashes, no control or bidi characters)."""
    stem = re.sub(r"\.[A-Za-z0-9]{1,8}$", "", nama)
    text = unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode("ascii")
    text = re.sub(r"\s+", " ", re.sub(r"[^A-Za-z0-9 ._()-]+", " ", text)).strip(" .-")
    return text[:panjang].rstrip(" .-") or "berkas"


def nama_unik(dasar: str, ekstensi: str, dipakai: set[str]) -> str:
    """`dasar + ekstensi`, or with `-2`, `-3` … before the extension when that name is taken
    (compared without case, as Windows and macOS unpack them); records the name taken."""
    urutan = 1
    while True:
        nama = f"{dasar}{'' if urutan == 1 else f'-{urutan}'}{ekstensi}"
        if nama.lower() not in dipakai:
            dipakai.add(nama.lower())
            return nama
        urutan += 1


# --- The plan: what goes where --------------------------------------------------------------


@dataclass(frozen=True)
class IsiArsip:
    """One linked file of the archive and where it goes."""

    nama_zip: str  # folder/file inside the ZIP
    indikator: Indikator
    butir: Butir | None
    opd: str
    tautan: Bukti | BerkasInstansi

    @property
    def versi(self) -> DokumenVersi:
        return self.tautan.versi

    @property
    def kode_butir(self) -> str:
        return self.butir.kode if self.butir is not None else ""


@dataclass(frozen=True)
class HasilArsip:
    """What went into an archive: files and their bytes (before compression)."""

    berkas: int
    bita: int


def _beri_nama(baris: list[tuple[Indikator, Butir | None, str, Bukti | BerkasInstansi]]):
    """Place each link (in indicator order) in its indicator's folder under a unique name."""
    folder_indikator: dict[int, str] = {}
    dipakai: set[str] = set()
    isi = []
    for indikator, butir, opd, tautan in baris:
        folder = folder_indikator.get(indikator.pk)
        if folder is None:
            folder = paket.nama_folder(indikator.kode_butir, indikator.nama)
            if folder.lower() in dipakai:  # two indicators with the same short code
                folder = f"{folder} ({indikator.nomor})"
            dipakai.add(folder.lower())
            folder_indikator[indikator.pk] = folder
        versi = tautan.versi
        awalan = f"{paket.kode_aman(butir.kode)} " if butir is not None else ""
        dasar = f"{folder}/{awalan}{nama_aman(versi.nama_asli)}"
        ekstensi = paket.ekstensi(versi.jenis, versi.path, versi.nama_asli)
        isi.append(IsiArsip(nama_unik(dasar, ekstensi, dipakai), indikator, butir, opd, tautan))
    return isi


def rencana_penilaian(penilaian: Penilaian) -> list[IsiArsip]:
    """Every live evidence link of every answer of an OPD penilaian, by indicator, item and
    time of linking (one query)."""
    links = (
        Bukti.objects.filter(jawaban__penilaian_id=penilaian.pk, dihapus_pada__isnull=True)
        .select_related(
            "versi__dokumen",
            "jawaban__indikator",
            "jawaban__penilaian__opd",
            "butir__indikator",
            "ditautkan_oleh",
        )
        .order_by(
            "jawaban__indikator__nomor",
            F("butir__level").asc(nulls_first=True),
            F("butir__nomor").asc(nulls_first=True),
            "ditautkan_pada",
            "pk",
        )
    )
    return _beri_nama(
        [(b.jawaban.indikator, b.butir, b.jawaban.penilaian.opd.nama, b) for b in links]
    )


def rencana_instansi(instansi: PenilaianInstansi) -> list[IsiArsip]:
    """Every live file of every pengampu answer of the penilaian instansi, by indicator, item,
    OPD and time of linking (one query)."""
    links = (
        BerkasInstansi.objects.filter(isian__penilaian_id=instansi.pk, dihapus_pada__isnull=True)
        .select_related("versi__dokumen", "isian__butir__indikator", "isian__opd", "ditautkan_oleh")
        .order_by(
            "isian__butir__indikator__nomor",
            "isian__butir__level",
            "isian__butir__nomor",
            "isian__opd__nama",
            "ditautkan_pada",
            "pk",
        )
    )
    return _beri_nama(
        [(b.isian.butir.indikator, b.isian.butir, b.isian.opd.nama, b) for b in links]
    )


def ada_bukti(*, periode: Periode, penilaian: Penilaian | None = None) -> bool:
    """Whether there is anything to archive: a live evidence link of the OPD penilaian, or of
    the period's penilaian instansi (one query)."""
    if penilaian is not None:
        return Bukti.objects.filter(
            jawaban__penilaian_id=penilaian.pk, dihapus_pada__isnull=True
        ).exists()
    return BerkasInstansi.objects.filter(
        isian__penilaian__periode_id=periode.pk, dihapus_pada__isnull=True
    ).exists()


def nama_unduhan(periode: Periode, penilaian: Penilaian | None = None) -> str:
    """`arsip-bukti-DISKOMINFO-2027.zip` for an OPD, `arsip-bukti-instansi-2027.zip`."""
    if penilaian is None:
        return f"arsip-bukti-instansi-{periode.tahun}.zip"
    opd = penilaian.opd
    return f"arsip-bukti-{paket.kode_aman(opd.singkatan or opd.kode)}-{periode.tahun}.zip"


# --- Writing the ZIP ------------------------------------------------------------------------


def _nama_item(item: IsiArsip) -> str:
    return f"{item.nama_zip} ({item.versi.nama_asli}, {item.opd})"


def _pesan(masalah: list[str]) -> str:
    return (
        f"Arsip bukti tidak dibuat: {' — '.join(masalah)}. Unggah ulang berkas itu (atau lepas "
        "tautannya dari jawaban), lalu buat arsip lagi."
    )


def arsip_tulis(isi: list[IsiArsip], target: BinaryIO) -> HasilArsip:
    """Write the archive of `isi` as a ZIP into the binary file object `target`.

    Raises ArsipTidakUtuh when a file is missing or its content no longer matches the SHA-256
    recorded at upload; the message names each file. What was written to `target` by then
    must be discarded: `arsip_simpan` deletes it."""
    anggota = [zip_berkas.Anggota(item.nama_zip, item.versi, _nama_item(item)) for item in isi]
    if masalah := zip_berkas.masalah_berkas(anggota):
        raise ArsipTidakUtuh(_pesan(masalah))
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        if masalah := zip_berkas.tulis_anggota(archive, anggota):
            raise ArsipTidakUtuh(_pesan(masalah))
        archive.writestr(zip_berkas.info(DAFTAR, timezone.now(), 0), daftar_xlsx(isi))
    return HasilArsip(berkas=len(isi), bita=sum(item.versi.ukuran for item in isi))


def arsip_simpan(isi: list[IsiArsip], path: Path) -> HasilArsip:
    """Write the archive to a new file at `path` (never overwrites); the file is removed again
    when building fails. Raises ArsipTidakUtuh, FileExistsError."""
    return zip_berkas.simpan_baru(path, lambda handle: arsip_tulis(isi, handle))


# --- The list -------------------------------------------------------------------------------


def daftar_xlsx(isi: list[IsiArsip]) -> bytes:
    """The list of files: one row per file in the archive. Saved through `dataset_bytes`, so a
    title or file name starting with "=" stays text, never a formula."""
    data = tablib.Dataset(headers=KOLOM_DAFTAR, title="Daftar berkas")
    for item in isi:
        tautan, versi = item.tautan, item.versi
        data.append(
            [
                item.nama_zip,
                item.indikator.kode_butir,
                item.indikator.nama,
                item.kode_butir,
                item.opd,
                versi.dokumen.judul,
                versi.nomor,
                versi.nama_asli,
                versi.sha256,
                versi.ukuran,
                "Ya" if versi.dokumen.rahasia else "Tidak",
                tautan.ditautkan_oleh.nama,
                # Excel keeps no time zone: the local time, as shown on the pages.
                timezone.localtime(tautan.ditautkan_pada).replace(tzinfo=None),
                tautan.dari_tahun or "",
            ]
        )
    return dataset_bytes(data, max_width=70)
