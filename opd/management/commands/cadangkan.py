"""python manage.py cadangkan --out FOLDER: database + stored files + manifest."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from opd.backup import CadanganGagal, backup


class Command(BaseCommand):
    help = "Cadangkan basis data dan berkas (bukti, laporan, dokumen) ke satu folder."

    def add_arguments(self, parser):
        parser.add_argument("--out", required=True, help="folder cadangan (baru atau kosong)")
        parser.add_argument(
            "--tanpa-berkas-privat",
            action="store_true",
            help="dengan penyimpanan objek (S3): cadangkan basis data dan MEDIA_ROOT saja; "
            "berkas privat dicadangkan lewat versioning/replikasi bucket",
        )

    def handle(self, *args, out: str, tanpa_berkas_privat: bool = False, **options):
        try:
            manifest = backup(Path(out), tanpa_berkas_privat=tanpa_berkas_privat)
        except CadanganGagal as exc:
            raise CommandError(str(exc), returncode=2) from exc
        rows = sum(manifest["baris"].values())
        self.stdout.write(
            f"Cadangan ditulis ke {out}: {rows} baris, {len(manifest['berkas'])} berkas."
        )
        if "berkas_privat_di_luar" in manifest:
            self.stdout.write(
                "Berkas privat TIDAK termasuk: tetap di "
                f"{manifest['berkas_privat_di_luar']} (cadangkan lewat versioning bucket)."
            )
