"""A ZIP of stored evidence files for a person to take away — the national package and the
evidence archive. Every file is checked in the private storage before anything is written,
then streamed in file by file and hashed on the way, so what leaves matches the SHA-256
recorded at upload; a ZIP that fails is not kept. The callers name the files and phrase the
refusal."""

import hashlib
import tempfile
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, TypeVar

from django.utils import timezone

from evaluasi.models import DokumenVersi
from spbe_portal.files import open_private_file, private_file_size, save_private_file

POTONGAN = 1024 * 1024  # bytes read from disk at a time
T = TypeVar("T")


@dataclass(frozen=True)
class Anggota:
    """One stored file going into a ZIP under `nama_zip`; `label` names it in a refusal."""

    nama_zip: str
    versi: DokumenVersi
    label: str


def masalah_berkas(anggota: list[Anggota]) -> list[str]:
    """What is wrong with the stored files before writing (Indonesian; empty when nothing):
    missing, outside the private folder, or of another size than recorded."""
    hilang, berubah = [], []
    for a in anggota:
        ukuran = private_file_size(a.versi.path)
        if ukuran is None:
            hilang.append(a.label)
        elif ukuran != a.versi.ukuran:
            berubah.append(a.label)
    masalah = []
    if hilang:
        masalah.append(f"berkas tidak ditemukan di penyimpanan: {'; '.join(hilang)}")
    if berubah:
        masalah.append(f"berkas berubah sejak diunggah (ukuran berbeda): {'; '.join(berubah)}")
    return masalah


def info(nama: str, waktu, ukuran: int) -> zipfile.ZipInfo:
    entry = zipfile.ZipInfo(nama, date_time=timezone.localtime(waktu).timetuple()[:6])
    entry.compress_type = zipfile.ZIP_DEFLATED
    entry.external_attr = 0o644 << 16  # a plain readable file when unpacked
    # Known in advance, so zipfile picks ZIP64 itself for a file over 2 GiB.
    entry.file_size = ukuran
    return entry


def _salin(archive: zipfile.ZipFile, a: Anggota) -> str:
    """Stream one stored file into the archive; returns the SHA-256 of what was written."""
    digest = hashlib.sha256()
    entry = info(a.nama_zip, a.versi.diunggah_pada, a.versi.ukuran)
    with open_private_file(a.versi.path) as source, archive.open(entry, "w") as target:
        while chunk := source.read(POTONGAN):
            digest.update(chunk)
            target.write(chunk)
    return digest.hexdigest()


def tulis_anggota(archive: zipfile.ZipFile, anggota: list[Anggota]) -> list[str]:
    """Copy every file in; returns the problems (files whose content no longer matches the
    SHA-256 recorded at upload), empty when all matched. Check `masalah_berkas` first."""
    tidak_cocok = [a.label for a in anggota if _salin(archive, a) != a.versi.sha256.lower()]
    if tidak_cocok:
        return [f"isi berkas tidak cocok dengan SHA-256-nya: {'; '.join(tidak_cocok)}"]
    return []


def simpan_baru(path: Path, tulis: Callable[[BinaryIO], T]) -> T:
    """Run `tulis` on a new file at `path` (never overwrites); the file is removed again when
    writing fails. Raises what `tulis` raises, FileExistsError."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle = path.open("xb")
    try:
        with handle:
            return tulis(handle)
    except BaseException:
        path.unlink(missing_ok=True)
        raise


def simpan_privat(relative_path: str, tulis: Callable[[BinaryIO], T]) -> T:
    """Run `tulis` on a temp file, then store it as the private file `relative_path` (never
    overwrites; tracked by `atomic_with_files`). A failed `tulis` stores nothing: with object
    storage only the temp file ever touches local disk."""
    with tempfile.TemporaryFile() as handle:
        hasil = tulis(handle)
        save_private_file(relative_path, handle)
    return hasil
