"""python manage.py muat_instrumen: load the bundled instruments (idempotent).

An instrument that already exists is left alone, so admins' edits to criteria survive.
"""

from django.core.management.base import BaseCommand, CommandError

from evaluasi.instrumen.bundled import BUNDLED, load
from evaluasi.instrumen.services import instrumen_save, instrumen_set_default
from evaluasi.models import Instrumen


class Command(BaseCommand):
    help = "Muat instrumen bawaan (PermenPANRB 59/2020 dan contoh Pemdi 2026)."

    def handle(self, *args, **options):
        loaded, kept = [], []
        for bawaan in BUNDLED:
            existing = Instrumen.objects.filter(kode=bawaan.kode).first()
            if existing is not None:
                if existing.berlaku_mulai is None:
                    # Added later than the instrument: filled in, nothing else touched.
                    existing.berlaku_mulai = bawaan.berlaku_mulai
                    existing.save(update_fields=["berlaku_mulai", "diubah"])
                kept.append(bawaan.kode)
                continue
            data, errors = load(bawaan)
            if errors:
                detail = "; ".join(f"{sheet} baris {line}: {msg}" for sheet, line, msg in errors)
                raise CommandError(f"Instrumen bawaan {bawaan.kode} tidak sah: {detail}")
            instrumen = instrumen_save(data=data)
            if bawaan.bawaan and not Instrumen.objects.filter(bawaan=True).exists():
                instrumen_set_default(instrumen=instrumen)
            loaded.append(bawaan.kode)
        self.stdout.write(
            f"Instrumen dimuat: {', '.join(loaded) or '-'}; sudah ada: {', '.join(kept) or '-'}."
        )
