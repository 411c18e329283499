"""Send the queued e-mails that are due now (what Celery beat does every minute)."""

from django.core.management.base import BaseCommand

from notifikasi.services import surel_kirim_tertunda


class Command(BaseCommand):
    help = "Kirim surel dalam antrean yang sudah waktunya dikirim (juga dijalankan Celery beat)."

    def handle(self, *args, **options):
        self.stdout.write(f"{surel_kirim_tertunda()} surel diproses.")
