"""Reminders before a rencana aksi's due date (SPEC §14: 14, 7 and 1 day before): the PIC
OPD's operators get one mail per run listing their actions due, with a link to each. Each
reminder day is sent once per due date (`RencanaAksi.diingatkan` for `diingatkan_untuk`); a
moved due date starts over.

Run by beat (`evaluasi.tasks.ingatkan_aksi`, hourly) or `manage.py ingatkan_aksi`; any number
of runs, even two at once, send each reminder once."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from evaluasi import surel
from evaluasi.aksi import aturan
from evaluasi.models import RencanaAksi
from evaluasi.penilaian.akibat import hari_lagi


@dataclass(frozen=True)
class Hasil:
    surel: int
    aksi: int


def _sudah(aksi: RencanaAksi) -> list[int]:
    return list(aksi.diingatkan or []) if aksi.diingatkan_untuk == aksi.batas else []


def _kirim(kepada: list[str], aksi: list[tuple[RencanaAksi, int]], hari_ini: date) -> int:
    opd = aksi[0][0].opd
    return surel.kirim(
        kepada,
        subjek=f"Pengingat: {len(aksi)} rencana aksi {opd.nama} mendekati batas waktu",
        salam=f"Yth. operator {opd.nama}",
        paragraf=[
            "Rencana aksi tindak lanjut evaluasi SPBE berikut mendekati batas waktunya.",
            "Perbarui statusnya dan tautkan dokumen bukti penyelesaian di halaman rencana aksi; "
            "yang belum selesai tampil pada indikatornya di penilaian tahun berikutnya.",
        ],
        daftar=[
            {
                "teks": f"{a.uraian[:140]} — batas {a.batas:%d-%m-%Y} "
                f"({hari_lagi(a.batas, hari_ini)})",
                "tautan": surel.tautan("tindak:aksi", pk=a.pk),
            }
            for a, _ in aksi
        ],
        tautan_utama=surel.tautan("tindak:aksi_daftar") + f"?opd={opd.pk}&status=terbuka",
        tombol="Buka rencana aksi",
    )


def kirim_otomatis(hari_ini: date | None = None) -> Hasil:
    """The beat's run: every open action with a reminder due on `hari_ini`, one mail per OPD
    to its operators. Marked in the transaction that queues the mails: a failed run sends and
    marks nothing; rows another run holds are skipped (that run reminds them)."""
    hari_ini = hari_ini or timezone.localdate()
    paling_jauh = hari_ini + timedelta(days=max(aturan.HARI_PENGINGAT))
    with transaction.atomic():
        calon = (
            RencanaAksi.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("opd")
            .filter(status__in=aturan.TERBUKA, batas__gte=hari_ini, batas__lte=paling_jauh)
            .order_by("opd_id", "batas", "pk")
        )
        jatuh: dict[int, list[tuple[RencanaAksi, int]]] = defaultdict(list)
        for a in calon:
            hari = aturan.pengingat_jatuh(a.status, a.batas, hari_ini, _sudah(a))
            if hari is not None:
                jatuh[a.opd_id].append((a, hari))
        if not jatuh:
            return Hasil(surel=0, aksi=0)
        for daftar in jatuh.values():
            for a, hari in daftar:
                a.diingatkan = [*_sudah(a), hari]
                a.diingatkan_untuk = a.batas
        semua = [a for daftar in jatuh.values() for a, _ in daftar]
        RencanaAksi.objects.bulk_update(semua, ["diingatkan", "diingatkan_untuk"])
        operator = surel.operator_per_opd(list(jatuh))
        n = sum(
            _kirim(operator[opd_id], daftar, hari_ini)
            for opd_id, daftar in jatuh.items()
            if operator.get(opd_id)
        )
    return Hasil(surel=n, aksi=len(semua))
