"""Remove private files that no row points at (left by a rolled-back transaction or a crash)."""

from datetime import timedelta

from django.core.management.base import BaseCommand

from spbe_portal.files import orphan_files


class Command(BaseCommand):
    help = (
        "Hapus berkas privat yang tidak dirujuk data mana pun (sisa transaksi yang batal) dan "
        "lebih tua dari --umur-jam jam."
    )

    def add_arguments(self, parser):
        parser.add_argument("--umur-jam", type=int, default=24, help="bawaan 24 jam")
        parser.add_argument("--dry-run", action="store_true", help="hanya tampilkan")

    def handle(self, *args, umur_jam: int, dry_run: bool, **options):
        orphans = orphan_files(older_than=timedelta(hours=umur_jam))
        if not dry_run:
            for path in orphans:
                path.unlink(missing_ok=True)
        verb = "akan dihapus" if dry_run else "dihapus"
        self.stdout.write(f"{len(orphans)} berkas yatim {verb}.")
