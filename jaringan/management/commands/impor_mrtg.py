"""`impor_mrtg --opd KODE FILE.log`: store an MRTG log for an OPD's link, as the upload page
does (same service), and print one summary line."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from jaringan.models import Koneksi
from jaringan.mrtg import aturan, services
from opd.models import Opd


class Command(BaseCommand):
    help = "Impor log MRTG (.log) untuk koneksi sebuah OPD; mencetak satu baris ringkasan."

    def add_arguments(self, parser):
        parser.add_argument("berkas", help="Berkas .log MRTG")
        parser.add_argument("--opd", required=True, help="Kode OPD")
        parser.add_argument("--koneksi", help="Nama koneksi (wajib bila OPD punya lebih dari satu)")
        parser.add_argument("--tahun", type=int, help="Tahun koneksi (bawaan: tahun ini)")

    def handle(self, *args, **options):
        opd = Opd.objects.filter(kode=options["opd"]).first()
        if opd is None:
            raise CommandError(f"OPD dengan kode {options['opd']} tidak ditemukan.")
        tahun = options["tahun"] or timezone.localdate().year
        koneksi = self._koneksi(opd, tahun, options["koneksi"])
        path = Path(options["berkas"])
        if not path.is_file():
            raise CommandError(f"Berkas {path} tidak ditemukan.")
        batas = services.maks_bait()
        if path.stat().st_size > batas:  # before reading it into memory
            raise CommandError(
                f"Berkas terlalu besar ({path.stat().st_size / 1024 / 1024:.1f} MB); "
                f"batasnya {batas / 1024 / 1024:.0f} MB."
            )
        try:
            hasil = services.unggah_simpan(
                koneksi=koneksi, data=path.read_bytes(), nama=path.name, user=None
            )
        except services.UnggahDitolak as exc:
            raise CommandError(f"Log MRTG ditolak: {exc}") from exc
        u = hasil.unggah
        if not hasil.baru:
            self.stdout.write(
                f"Berkas yang sama sudah diimpor untuk {koneksi.nama} pada "
                f"{timezone.localtime(u.diunggah):%Y-%m-%d %H:%M}; tidak ada yang berubah."
            )
            return
        self.stdout.write(aturan.kalimat(hasil.ringkasan, u.mulai, u.selesai))

    def _koneksi(self, opd: Opd, tahun: int, nama: str | None) -> Koneksi:
        pilihan = Koneksi.objects.filter(opd=opd, tahun=tahun)
        if nama:
            koneksi = pilihan.filter(nama=nama).first()
            if koneksi is None:
                raise CommandError(
                    f"Koneksi {nama} milik {opd.kode} tahun {tahun} tidak ditemukan."
                )
            return koneksi
        semua = list(pilihan[:2])
        if not semua:
            raise CommandError(f"{opd.kode} belum memiliki koneksi pada tahun {tahun}.")
        if len(semua) > 1:
            nama_semua = ", ".join(pilihan.values_list("nama", flat=True))
            raise CommandError(
                f"{opd.kode} memiliki beberapa koneksi pada tahun {tahun} ({nama_semua}); "
                "pilih dengan --koneksi NAMA."
            )
        return semua[0]
