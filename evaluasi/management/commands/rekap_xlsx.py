"""python manage.py rekap_xlsx --periode YEAR --out FILE.xlsx (synchronous)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from evaluasi.laporan.cetak import rekap_xlsx_tulis
from evaluasi.models import Periode


class Command(BaseCommand):
    help = "Tulis rekapitulasi satu periode sebagai .xlsx (peringkat dan nilai indikator)."

    def add_arguments(self, parser):
        parser.add_argument("--periode", type=int, required=True, help="tahun evaluasi")
        parser.add_argument("--out", required=True, help="berkas .xlsx keluaran")

    def handle(self, *args, periode: int, out: str, **options):
        obj = Periode.objects.select_related("instrumen").filter(tahun=periode).first()
        if obj is None:
            raise CommandError(f"Periode {periode} tidak ditemukan.", returncode=2)
        with Path(out).open("wb") as berkas:
            rekap_xlsx_tulis(obj, berkas)
        self.stdout.write(f"Rekap {obj.nama} ditulis ke {out} ({obj.penilaian.count()} OPD).")
