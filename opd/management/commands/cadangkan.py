"""python manage.py cadangkan --out FOLDER: database + stored files + manifest."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from opd.backup import CadanganGagal, backup


class Command(BaseCommand):
    help = "Cadangkan basis data dan berkas (bukti, laporan, dokumen) ke satu folder."

    def add_arguments(self, parser):
        parser.add_argument("--out", required=True, help="folder cadangan (baru atau kosong)")

    def handle(self, *args, out: str, **options):
        try:
            manifest = backup(Path(out))
        except CadanganGagal as exc:
            raise CommandError(str(exc), returncode=2) from exc
        rows = sum(manifest["baris"].values())
        self.stdout.write(
            f"Cadangan ditulis ke {out}: {rows} baris, {len(manifest['berkas'])} berkas."
        )
