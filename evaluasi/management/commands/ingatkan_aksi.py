"""Send the reminders before rencana aksi due dates that are due today (what Celery beat does
hourly), for installations that run cron instead of beat."""

from django.core.management.base import BaseCommand

from evaluasi.aksi import aturan, pengingat


class Command(BaseCommand):
    help = (
        "Kirim pengingat rencana aksi "
        f"{', '.join(str(h) for h in aturan.HARI_PENGINGAT)} hari sebelum batas waktunya "
        "(juga dijalankan Celery beat setiap jam)."
    )

    def handle(self, *args, **options):
        hasil = pengingat.kirim_otomatis()
        self.stdout.write(f"{hasil.surel} surel pengingat untuk {hasil.aksi} rencana aksi.")
