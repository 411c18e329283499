"""Storing an MRTG log for a link (issue 18, item 3): one service for the upload page and the
`impor_mrtg` command. The file is checked and parsed before anything is written; a refused
file changes nothing.

Which figures a day keeps when uploads overlap: the upload covering more of that day; with
equal coverage the newer upload (see jaringan/mrtg/model.py). The identical file again (same
SHA-256 for the same link) changes nothing.
"""

import hashlib
import uuid
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.conf import settings

from evaluasi.penilaian import berkas
from jaringan.models import Koneksi
from jaringan.mrtg import aturan, log
from jaringan.mrtg.model import TrafikHarian, UnggahMrtg
from spbe_portal.files import atomic_with_files, write_private_file


class UnggahDitolak(ValueError):
    """The log is refused; the message says why, in Indonesian."""


@dataclass(frozen=True)
class HasilUnggah:
    unggah: UnggahMrtg
    baru: bool  # False: the identical file was already stored, nothing changed
    ringkasan: aturan.Ringkasan | None = None
    catatan: tuple[str, ...] = ()


def maks_bait() -> int:
    return settings.MRTG_MAX_BYTES


def zona() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def catatan(hasil: log.HasilLog, hari_luar_tahun: int, tahun: int) -> tuple[str, ...]:
    """What was skipped, for the user (line numbers for garbage and resets)."""
    teks = []
    if hasil.sampah:
        teks.append(f"{len(hasil.sampah)} baris rusak dilewati ({log.daftar_baris(hasil.sampah)}).")
    if hasil.reset:
        teks.append(
            f"{len(hasil.reset)} baris dengan laju tidak wajar (reset penghitung) dilewati "
            f"({log.daftar_baris(hasil.reset)})."
        )
    if hasil.celah:
        teks.append(
            f"{len(hasil.celah)} celah tanpa data ({aturan.jam(hasil.detik_celah)} jam) "
            "tidak diisi; "
            "rata-rata hari tersebut hanya dari waktu yang tercatat."
        )
    if hari_luar_tahun:
        teks.append(f"{hari_luar_tahun} hari di luar tahun {tahun} tidak disimpan.")
    return tuple(teks)


@atomic_with_files
def unggah_simpan(*, koneksi: Koneksi, data: bytes, nama: str, user) -> HasilUnggah:
    """Check, parse and store an MRTG log for `koneksi`. Raises UnggahDitolak."""
    try:
        nama = berkas.check_name(nama)
        hasil = log.baca(
            data, tz=zona(), bandwidth_mbps=koneksi.bandwidth_mbps, maks_bait=maks_bait()
        )
    except (berkas.BerkasDitolak, log.LogDitolak) as exc:
        raise UnggahDitolak(str(exc)) from exc
    # One upload per link at a time: two clicks store the file once.
    koneksi = Koneksi.objects.select_for_update().get(pk=koneksi.pk)
    sha256 = hashlib.sha256(data).hexdigest()
    lama = UnggahMrtg.objects.filter(koneksi=koneksi, sha256=sha256).first()
    if lama is not None:
        return HasilUnggah(unggah=lama, baru=False)
    hari = [h for h in hasil.hari if h.tanggal.year == koneksi.tahun]
    luar = len(hasil.hari) - len(hari)
    if not hari:
        raise UnggahDitolak(
            f"Log ini tidak memuat satu hari pun pada tahun {koneksi.tahun} (tahun koneksi "
            f"{koneksi.nama}); pilih koneksi tahun yang sesuai."
        )
    harian = [
        aturan.Harian(
            h.tanggal,
            aturan.rata_hari(h.jumlah_in, h.detik),
            aturan.rata_hari(h.jumlah_out, h.detik),
            aturan.bulat(h.max_in),
            aturan.bulat(h.max_out),
            h.detik,
        )
        for h in hari
    ]
    path = f"mrtg/{koneksi.opd_id}/{uuid.uuid4().hex}.log"
    write_private_file(path, data)
    unggah = UnggahMrtg.objects.create(
        koneksi=koneksi,
        nama_asli=nama,
        sha256=sha256,
        ukuran=len(data),
        path=path,
        diunggah_oleh=user,
        mulai=harian[0].tanggal,
        selesai=harian[-1].tanggal,
        jumlah_hari=len(harian),
        baris_data=hasil.baris_data,
        baris_sampah=len(hasil.sampah),
        baris_reset=len(hasil.reset),
        detik_celah=hasil.detik_celah,
        hari_luar_tahun=luar,
    )
    unggah.hari_dipakai = _gabung(koneksi, unggah, harian)
    unggah.save(update_fields=["hari_dipakai"])
    return HasilUnggah(
        unggah=unggah,
        baru=True,
        ringkasan=aturan.ringkas(harian),
        catatan=catatan(hasil, luar, koneksi.tahun),
    )


KOLOM_HARIAN = ("avg_in", "avg_out", "max_in", "max_out", "detik_tercakup", "unggah")


def _gabung(koneksi: Koneksi, unggah: UnggahMrtg, harian: list[aturan.Harian]) -> int:
    """Upsert the days; returns how many days now hold this upload's figures."""
    ada = {
        t.tanggal: t
        for t in TrafikHarian.objects.filter(
            koneksi=koneksi, tanggal__range=(harian[0].tanggal, harian[-1].tanggal)
        )
    }
    baru, ubah = [], []
    for h in harian:
        nilai = {
            "avg_in": h.avg_in,
            "avg_out": h.avg_out,
            "max_in": h.max_in,
            "max_out": h.max_out,
            "detik_tercakup": h.detik,
            "unggah": unggah,
        }
        lama = ada.get(h.tanggal)
        if lama is None:
            baru.append(TrafikHarian(koneksi=koneksi, tanggal=h.tanggal, **nilai))
        elif h.detik >= lama.detik_tercakup:
            for kunci, isi in nilai.items():
                setattr(lama, kunci, isi)
            ubah.append(lama)
    TrafikHarian.objects.bulk_create(baru)
    TrafikHarian.objects.bulk_update(ubah, KOLOM_HARIAN)
    return len(baru) + len(ubah)
