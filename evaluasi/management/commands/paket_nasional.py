"""python manage.py paket_nasional --periode YEAR --out FILE.zip (synchronous): the national
package of the period's penilaian instansi, the same ZIP the report job builds."""

import uuid
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from evaluasi.instansi.paket import PaketTidakUtuh, paket_simpan, paket_tersedia
from evaluasi.instansi.selectors import penilaian_instansi
from evaluasi.models import Periode


class Command(BaseCommand):
    help = (
        "Buat paket evaluasi nasional (ZIP: folder per indikator, manifest.xlsx, ringkasan.pdf) "
        "dari penilaian instansi satu periode, langsung (tanpa antrean)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--periode", type=int, required=True, help="tahun evaluasi")
        parser.add_argument("--out", required=True, help="berkas .zip keluaran")

    def handle(self, *args, periode: int, out: str, **options):
        obj = Periode.objects.select_related("instrumen").filter(tahun=periode).first()
        if obj is None:
            raise CommandError(f"Periode {periode} tidak ditemukan.", returncode=2)
        penilaian = penilaian_instansi(obj)
        if penilaian is None:
            raise CommandError(
                f"Periode {periode} belum memiliki penilaian instansi (dibuat saat periode "
                "dibuka).",
                returncode=2,
            )
        if not paket_tersedia(obj):
            raise CommandError(
                f"Instrumen periode {periode} tidak dinilai per butir; tidak ada paket nasional.",
                returncode=2,
            )
        target = Path(out)
        # Built beside the target and moved into place at the end: a failed run never leaves
        # a half-written ZIP under the name asked for, and an older package is replaced whole.
        temporary = target.with_name(f".{target.name}.{uuid.uuid4().hex}.tmp")
        try:
            hasil = paket_simpan(penilaian, temporary)
        except PaketTidakUtuh as exc:
            raise CommandError(str(exc)) from exc
        except OSError as exc:
            raise CommandError(f"Berkas {out} tidak dapat ditulis: {exc}") from exc
        temporary.replace(target)
        self.stdout.write(
            f"Paket nasional {obj.tahun} ditulis ke {out}: {hasil.butir} butir, "
            f"{hasil.berkas} berkas, {hasil.bita} bita berkas ({target.stat().st_size} bita ZIP); "
            f"{hasil.tidak_masuk} butir tidak masuk."
        )
