"""Rules of an interview or visit session (SPEC §14): which status may follow which, what a
session must say (when, where), the attendee list as typed, and when a berita acara may be
written. Pure: no Django."""

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from urllib.parse import urlsplit

DIJADWALKAN, SELESAI, BATAL = "dijadwalkan", "selesai", "batal"

# How far ahead "Tugas saya" lists a session.
HARI_TUGAS = 7
# The longest session accepted: a visit may take a working day, never several.
LAMA_MAKS = timedelta(hours=12)


class SesiTidakSah(Exception):
    """A session that cannot be saved or changed as asked; the message is for users."""


class LangkahTidakSah(SesiTidakSah):
    """A status change the table does not allow (e.g. the second of two clicks)."""


@dataclass(frozen=True)
class Langkah:
    ke: str
    label: str


# from → the steps it may take. A session ends "selesai" when its berita acara is written;
# a cancelled one may be put back on the schedule (a new SEQUENCE tells calendars).
LANGKAH: dict[str, tuple[Langkah, ...]] = {
    DIJADWALKAN: (Langkah(SELESAI, "Tandai selesai"), Langkah(BATAL, "Batalkan")),
    SELESAI: (),
    BATAL: (Langkah(DIJADWALKAN, "Jadwalkan kembali"),),
}


def periksa_langkah(dari: str, ke: str) -> Langkah:
    for step in LANGKAH.get(dari, ()):
        if step.ke == ke:
            return step
    if dari == BATAL and ke == BATAL:
        raise LangkahTidakSah("Sesi ini sudah dibatalkan.")
    raise LangkahTidakSah("Status sesi sudah berubah; muat ulang halaman ini.")


def periksa_waktu(mulai: datetime, selesai: datetime) -> None:
    if selesai <= mulai:
        raise SesiTidakSah("Jam selesai harus setelah jam mulai.")
    if selesai - mulai > LAMA_MAKS:
        raise SesiTidakSah("Satu sesi paling lama 12 jam; buat sesi lain untuk hari berikutnya.")


def periksa_tempat(tempat: str, tautan: str) -> tuple[str, str]:
    """Place and/or meeting link, stripped; at least one, and a link must be http(s)."""
    tempat, tautan = (tempat or "").strip(), (tautan or "").strip()
    if not tempat and not tautan:
        raise SesiTidakSah("Isi tempat pertemuan atau tautan rapat daring.")
    if tautan:
        bagian = urlsplit(tautan)
        if bagian.scheme.lower() not in ("http", "https") or not bagian.netloc:
            raise SesiTidakSah("Tautan rapat harus diawali http:// atau https://.")
    return tempat, tautan


# "Nama — Jabatan": an em or en dash, or a hyphen with spaces around it (names may hold one).
_PEMISAH = re.compile(r"\s*[—–]\s*|\s+-\s+")


@dataclass(frozen=True)
class Peserta:
    nama: str
    jabatan: str = ""


PESERTA_MAKS = 100


def baca_peserta(teks: str) -> list[Peserta]:
    """One attendee a line, "name — jabatan"; blank lines skipped, duplicates kept once."""
    hasil: dict[str, Peserta] = {}
    for baris in (teks or "").splitlines():
        baris = baris.strip()
        if not baris:
            continue
        bagian = _PEMISAH.split(baris, maxsplit=1)
        nama, jabatan = bagian[0].strip(), bagian[1].strip() if len(bagian) > 1 else ""
        if not nama:
            raise SesiTidakSah(f"Baris peserta “{baris[:60]}” tidak memuat nama.")
        if len(nama) > 150 or len(jabatan) > 200:
            raise SesiTidakSah(f"Baris peserta “{baris[:60]}…” terlalu panjang.")
        hasil.setdefault(nama.casefold(), Peserta(nama, jabatan))
    if len(hasil) > PESERTA_MAKS:
        raise SesiTidakSah(f"Paling banyak {PESERTA_MAKS} peserta ditulis per sesi.")
    return list(hasil.values())


def boleh_berita_acara(status: str, mulai: datetime, sekarang: datetime) -> bool:
    """A berita acara is written once the session has begun, and never for a cancelled one."""
    return status != BATAL and mulai <= sekarang


def dalam_tugas(mulai: datetime, sekarang: datetime, hari: int = HARI_TUGAS) -> bool:
    """Listed in "Tugas saya": not begun more than a day ago and starting within `hari` days."""
    return sekarang - timedelta(days=1) <= mulai <= sekarang + timedelta(days=hari)
