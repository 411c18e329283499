"""Writes of the disruption log: log (once per form shown), edit, mark finished, delete.
Every change is kept in the row's history (django-simple-history, the Log aktivitas page)."""

import uuid
from dataclasses import dataclass
from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from jaringan.models import Gangguan, Koneksi
from opd.models import Opd, Pengguna


class GangguanTidakSah(Exception):
    """A write the rules refuse; the message is shown to the user as it is."""


@dataclass(frozen=True)
class DataGangguan:
    opd: Opd
    mulai: datetime
    selesai: datetime | None
    layanan: str
    penyebab: str
    penyebab_lain: str
    tindakan: str
    koneksi: Koneksi | None
    nama_pelapor: str


def _periksa(data: DataGangguan) -> None:
    # The form says so first; this guards other callers (demo, shell) against the same rows.
    if data.selesai is not None and data.selesai < data.mulai:
        raise GangguanTidakSah("Waktu selesai tidak boleh sebelum waktu mulai.")
    if data.koneksi is not None and data.koneksi.opd_id != data.opd.pk:
        raise GangguanTidakSah("Koneksi yang dipilih bukan milik OPD tersebut.")


def _isi(gangguan: Gangguan, data: DataGangguan) -> None:
    gangguan.opd = data.opd
    gangguan.mulai = data.mulai
    gangguan.selesai = data.selesai
    gangguan.layanan = data.layanan
    gangguan.penyebab = data.penyebab
    gangguan.penyebab_lain = data.penyebab_lain if data.penyebab == "lainnya" else ""
    gangguan.tindakan = data.tindakan
    gangguan.koneksi = data.koneksi
    gangguan.nama_pelapor = data.nama_pelapor


def gangguan_catat(
    *, data: DataGangguan, user: Pengguna, kunci: uuid.UUID | None = None
) -> tuple[Gangguan, bool]:
    """Log a disruption reported by `user`. Returns (row, created). The create form carries a
    `kunci` drawn when it was shown: a second submit of that form (a double click, a resend)
    returns the row the first made and creates nothing. Raises GangguanTidakSah."""
    _periksa(data)
    if kunci is not None:
        ada = Gangguan.objects.filter(kunci_kirim=kunci).first()
        if ada is not None and ada.pelapor_id == user.pk:
            return ada, False
        if ada is not None:  # someone else's key, copied by hand: no link to their row
            kunci = None
    gangguan = Gangguan(pelapor=user, kunci_kirim=kunci)
    _isi(gangguan, data)
    gangguan._history_user = user  # also outside a request (demo, shell)
    try:
        with transaction.atomic():
            gangguan.save()
    except IntegrityError:
        # The other click inserted the same key between our check and our insert.
        if kunci is None:
            raise
        ada = Gangguan.objects.filter(kunci_kirim=kunci, pelapor=user).first()
        if ada is None:  # the other click's row is not visible to us (yet)
            raise GangguanTidakSah(
                "Formulir ini sedang atau sudah dikirim; periksa log gangguan sebelum "
                "mencatat lagi."
            ) from None
        return ada, False
    return gangguan, True


@transaction.atomic
def gangguan_ubah(*, gangguan: Gangguan, data: DataGangguan, user: Pengguna) -> Gangguan:
    """Save the edited fields of a disruption (the reporter stays who logged it)."""
    _periksa(data)
    row = Gangguan.objects.select_for_update(of=("self",)).get(pk=gangguan.pk)
    _isi(row, data)
    row._history_user = user
    row.save()
    return row


@transaction.atomic
def gangguan_tandai_selesai(
    *, gangguan: Gangguan, selesai: datetime, tindakan: str, user: Pengguna
) -> Gangguan:
    """Close an ongoing disruption at `selesai` (with the action taken, when given) under a
    row lock: a second click finds it closed and changes nothing (GangguanTidakSah)."""
    row = Gangguan.objects.select_for_update(of=("self",)).get(pk=gangguan.pk)
    if row.selesai is not None:
        waktu = timezone.localtime(row.selesai)
        raise GangguanTidakSah(f"Gangguan ini sudah ditandai selesai pada {waktu:%d-%m-%Y %H:%M}.")
    if selesai < row.mulai:
        raise GangguanTidakSah("Waktu selesai tidak boleh sebelum waktu mulai.")
    row.selesai = selesai
    fields = ["selesai", "diubah"]
    if tindakan.strip():
        row.tindakan = tindakan.strip()
        fields.append("tindakan")
    row._history_user = user
    row._change_reason = "Ditandai selesai"
    row.save(update_fields=fields)
    return row


@transaction.atomic
def gangguan_hapus(*, gangguan: Gangguan, user: Pengguna) -> None:
    """Delete a disruption logged by mistake; its history keeps the row and who removed it."""
    row = Gangguan.objects.select_for_update(of=("self",)).filter(pk=gangguan.pk).first()
    if row is None:
        return
    row._history_user = user
    row.delete()
