"""python manage.py muat_padanan: load the bundled crosswalk 59/2020 → Pemdi 2026 (idempotent).

A map that already exists between the two instruments is left alone, so admins' edits survive.
"""

from django.core.management.base import BaseCommand, CommandError

from evaluasi.galat import GalatEvaluasi
from evaluasi.padanan.selectors import KODE_ASAL_BAWAAN, KODE_TUJUAN_BAWAAN, pasangan_bawaan
from evaluasi.padanan.services import muat_padanan_bawaan


class Command(BaseCommand):
    help = "Muat padanan bawaan indikator PermenPANRB 59/2020 → Pemdi 2026 (perkiraan)."

    def handle(self, *args, **options):
        pasangan = pasangan_bawaan()
        if pasangan is None:
            raise CommandError(
                f"Instrumen {KODE_ASAL_BAWAAN} dan {KODE_TUJUAN_BAWAAN} belum dimuat; "
                "jalankan manage.py muat_instrumen dahulu."
            )
        try:
            dibuat = muat_padanan_bawaan()
        except GalatEvaluasi as exc:
            raise CommandError(str(exc)) from exc
        asal, tujuan = pasangan
        if dibuat:
            self.stdout.write(
                f"Padanan {asal.kode} → {tujuan.kode} dimuat: {dibuat} baris (perkiraan)."
            )
        else:
            self.stdout.write(
                f"Padanan {asal.kode} → {tujuan.kode} sudah ada; tidak ada yang diubah."
            )
