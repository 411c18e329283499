"""Send the reminders before documents' "berlaku sampai" that are due today (what Celery beat
does hourly), for installations that run cron instead of beat."""

from django.core.management.base import BaseCommand

from evaluasi.dokumen import aturan, pengingat


class Command(BaseCommand):
    help = (
        f"Kirim pengingat dokumen yang masa berlakunya berakhir dalam {aturan.HARI_PERINGATAN} "
        "hari (juga dijalankan Celery beat setiap jam)."
    )

    def handle(self, *args, **options):
        hasil = pengingat.kirim_otomatis()
        self.stdout.write(f"{hasil.surel} surel pengingat untuk {hasil.dokumen} dokumen.")
