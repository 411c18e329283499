"""Send the queued e-mails that are due now (what Celery beat does every minute)."""

from django.core.management.base import BaseCommand

from notifikasi.tasks import kirim_surel_tertunda


class Command(BaseCommand):
    help = "Kirim surel dalam antrean yang sudah waktunya dikirim (juga dijalankan Celery beat)."

    def handle(self, *args, **options):
        self.stdout.write(f"{kirim_surel_tertunda()} surel diproses.")
