"""python manage.py laporan_opd --periode YEAR --opd KODE --out FILE.pdf (synchronous)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from evaluasi.laporan.cetak import laporan_opd_pdf
from evaluasi.models import Penilaian


class Command(BaseCommand):
    help = "Buat laporan PDF satu OPD untuk satu periode, langsung (tanpa antrean)."

    def add_arguments(self, parser):
        parser.add_argument("--periode", type=int, required=True, help="tahun evaluasi")
        parser.add_argument("--opd", required=True, help="kode OPD")
        parser.add_argument("--out", required=True, help="berkas PDF keluaran")

    def handle(self, *args, periode: int, opd: str, out: str, **options):
        penilaian = (
            Penilaian.objects.select_related("periode__instrumen", "opd")
            .filter(periode__tahun=periode, opd__kode=opd)
            .first()
        )
        if penilaian is None:
            raise CommandError(
                f"Tidak ada penilaian OPD {opd} pada periode {periode}.", returncode=2
            )
        content, _ = laporan_opd_pdf(penilaian)
        Path(out).write_bytes(content)
        self.stdout.write(
            f"Laporan {penilaian.opd.nama} {periode} ditulis ke {out} ({len(content)} bita)."
        )
