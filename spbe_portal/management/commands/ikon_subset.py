"""python manage.py ikon_subset: rewrite the Bootstrap Icons subset (font + CSS) the pages load.

Run it after adding a `bi-<name>` class; tests/test_ikon.py fails until the subset has it.
Needs the development requirements (fonttools, brotli).
"""

from django.core.management.base import BaseCommand, CommandError

from spbe_portal import ikon


class Command(BaseCommand):
    help = "Tulis ulang subset ikon Bootstrap Icons: hanya ikon yang dipakai template dan kode."

    def handle(self, *args, **options):
        pemakaian = ikon.ikon_dipakai()
        lain = {e: f for e, f in pemakaian.dinamis.items() if e != ikon.SIDEBAR}
        if lain:
            raise CommandError(
                "Kelas ikon dibentuk dari variabel yang tidak dikenal: "
                + "; ".join(f"bi-{{{{ {e} }}}} di {', '.join(f)}" for e, f in lain.items())
                + ". Tambahkan sumber nama ikonnya ke spbe_portal/ikon.py."
            )
        try:
            jumlah, ukuran = ikon.ikon_subset_tulis(pemakaian.nama)
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"{jumlah} ikon ditulis ke {ikon.CSS_SUBSET.name} dan "
            f"{ikon.FONT_SUBSET.name} ({ukuran:,} bita)."
        )
