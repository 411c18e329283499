"""Remove private files that no row points at (left by a rolled-back transaction or a crash)
and spreadsheet uploads never confirmed (they hold NIPs and e-mail addresses)."""

from datetime import timedelta

from django.core.management.base import BaseCommand

from opd.services import private_files_cleanup
from spbe_portal.files import orphan_files


class Command(BaseCommand):
    help = (
        "Hapus berkas privat yang tidak dirujuk data mana pun (sisa transaksi yang batal) dan "
        "unggahan impor yang tidak dikonfirmasi, yang lebih tua dari --umur-jam jam."
    )

    def add_arguments(self, parser):
        parser.add_argument("--umur-jam", type=int, default=24, help="bawaan 24 jam")
        parser.add_argument("--dry-run", action="store_true", help="hanya hitung berkas yatim")

    def handle(self, *args, umur_jam: int, dry_run: bool, **options):
        umur = timedelta(hours=umur_jam)
        if dry_run:
            self.stdout.write(f"{len(orphan_files(older_than=umur))} berkas yatim akan dihapus.")
            return
        orphans, uploads = private_files_cleanup(older_than=umur)
        self.stdout.write(f"{orphans} berkas yatim dihapus, {uploads} unggahan impor dihapus.")
