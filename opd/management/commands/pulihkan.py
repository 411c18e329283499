"""python manage.py pulihkan FOLDER: restore a backup into an empty database and verify it."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from opd.backup import CadanganGagal, restore


class Command(BaseCommand):
    help = (
        "Pulihkan cadangan ke basis data kosong (DATABASE_URL), lalu periksa barisnya dan SHA-256."
    )

    def add_arguments(self, parser):
        parser.add_argument("folder", help="folder hasil manage.py cadangkan")

    def handle(self, *args, folder: str, **options):
        try:
            manifest = restore(Path(folder))
        except CadanganGagal as exc:
            raise CommandError(str(exc), returncode=2) from exc
        rows = sum(manifest["baris"].values())
        files = len(manifest["berkas"])
        self.stdout.write(
            f"Pemulihan selesai dan cocok dengan manifest: {rows} baris, {files} berkas."
        )
