"""python manage.py import_opd FILE [--dry-run]: the page's OPD import, for scripting.

Exit codes: 0 imported (or previewed) cleanly; 1 the file has bad rows (nothing saved);
2 the file cannot be read or lacks a required column.
"""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from opd.services import opd_import
from opd.spreadsheet import SpreadsheetError, read_dataset


class Command(BaseCommand):
    help = "Impor daftar OPD dari berkas .xlsx atau .csv (kolom wajib: nama, jenis)."

    def add_arguments(self, parser):
        parser.add_argument("berkas", metavar="FILE", help="berkas .xlsx atau .csv")
        parser.add_argument(
            "--dry-run", action="store_true", help="periksa dan tampilkan hasil tanpa menyimpan"
        )

    def handle(self, *args, berkas: str, dry_run: bool, **options):
        path = Path(berkas)
        if not path.is_file():
            raise CommandError(f"Berkas tidak ditemukan: {berkas}", returncode=2)
        try:
            dataset = read_dataset(
                path.read_bytes(),
                path.name,
                max_bytes=settings.IMPORT_MAX_BYTES,
                max_rows=settings.IMPORT_MAX_ROWS,
            )
            hasil = opd_import(dataset=dataset, dry_run=dry_run)
        except SpreadsheetError as exc:
            raise CommandError(str(exc), returncode=2) from exc

        for baris, pesan in hasil.galat:
            where = f"Baris {baris}" if baris else "Berkas"
            self.stderr.write(f"{where}: {pesan}")
        if hasil.ada_galat:
            raise CommandError(
                f"Impor dibatalkan: {len(hasil.galat)} galat pada berkas; tidak ada yang disimpan.",
                returncode=1,
            )
        if dry_run:
            self.stdout.write(f"Uji coba (tidak disimpan): {hasil.ringkasan}.")
        else:
            self.stdout.write(f"Impor OPD selesai: {hasil.ringkasan}.")
