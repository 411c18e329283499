"""python manage.py ringkasan_periode [--tahun 2026]: rebuild the per-period summary the
dashboard and period page read (RingkasanPeriode: averages and counts), for every period or
the one of `--tahun`.

The services keep them up to date; run this after loading penilaian in bulk past the
services (seed_scale) or to repair. Exit code 2 for an unknown year.
"""

from django.core.management.base import BaseCommand, CommandError

from evaluasi.models import Periode
from evaluasi.penilaian.services import ringkasan_bangun


class Command(BaseCommand):
    help = (
        "Bangun ulang ringkasan per periode (rata-rata dan jumlah per status/predikat) untuk "
        "dasbor dan halaman periode."
    )

    def add_arguments(self, parser):
        parser.add_argument("--tahun", type=int, help="hanya periode tahun evaluasi ini")

    def handle(self, *args, tahun: int | None = None, **options):
        periode = Periode.objects.order_by("tahun")
        if tahun is not None:
            periode = periode.filter(tahun=tahun)
            if not periode.exists():
                raise CommandError(f"Tidak ada periode tahun {tahun}.", returncode=2)
        for p in periode:
            baris = ringkasan_bangun(periode=p)
            self.stdout.write(f"{p.nama}: {baris} baris ringkasan.")
