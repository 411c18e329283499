"""python manage.py impor_hasil_nasional --periode YEAR FILE.xlsx [--nama "Tahap 1"]
[--batas YYYY-MM-DD] [--oleh USERNAME] [--dry-run]

Imports one national round into the period's penilaian instansi, as the Koordinator's page
does: row errors are printed and nothing is written (exit 1); otherwise one summary line.
"""

from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from evaluasi.galat import GalatEvaluasi
from evaluasi.instansi import putaran as putaran_services
from evaluasi.instansi.hasil_nasional import baca
from evaluasi.instansi.selectors import penilaian_instansi
from evaluasi.models import Periode
from opd.models import Pengguna, Peran
from opd.spreadsheet import SpreadsheetError


class Command(BaseCommand):
    help = "Impor hasil evaluasi nasional satu putaran (templat .xlsx) ke penilaian instansi."

    def add_arguments(self, parser):
        parser.add_argument("berkas", help="berkas .xlsx (templat hasil nasional yang diisi)")
        parser.add_argument("--periode", type=int, required=True, help="tahun evaluasi")
        parser.add_argument("--nama", default="", help="nama putaran (bawaan: Tahap 1, …)")
        parser.add_argument("--batas", default="", help="batas perbaikan, YYYY-MM-DD")
        parser.add_argument("--oleh", default="", help="username pengimpor (bawaan: admin aktif)")
        parser.add_argument(
            "--dry-run", action="store_true", help="periksa saja, tidak menyimpan apa pun"
        )

    def handle(self, *args, berkas: str, periode: int, nama: str, batas: str, oleh: str, **opts):
        obj = Periode.objects.select_related("instrumen").filter(tahun=periode).first()
        if obj is None:
            raise CommandError(f"Periode {periode} tidak ditemukan.", returncode=2)
        penilaian = penilaian_instansi(obj)
        if penilaian is None:
            raise CommandError(
                f"Periode {periode} belum dibuka: penilaian instansi belum ada.", returncode=2
            )
        try:
            tanggal = date.fromisoformat(batas) if batas else None
        except ValueError:
            raise CommandError(f"Batas '{batas}' bukan tanggal YYYY-MM-DD.", returncode=2) from None
        user = self._pengimpor(oleh)
        path = Path(berkas)
        if not path.is_file():
            raise CommandError(f"Berkas {berkas} tidak ditemukan.", returncode=2)
        try:
            rows = baca(path.read_bytes(), putaran_services.acuan(obj.instrumen))
        except SpreadsheetError as exc:
            raise CommandError(str(exc)) from None
        if rows.galat:
            for lembar, baris, pesan in rows.galat:
                where = f"{lembar} baris {baris}" if baris else lembar
                self.stderr.write(f"{where}: {pesan}")
            raise CommandError(f"{len(rows.galat)} galat; tidak ada yang disimpan.")
        nomor = putaran_services.nomor_berikut(penilaian)
        nama = nama or putaran_services.nama_bawaan(nomor)
        ringkasan = (
            f"{rows.jumlah_diterima} butir diterima, {rows.jumlah_revisi} butir revisi, "
            f"{rows.jumlah_bernilai} indikator bernilai"
        )
        if opts["dry_run"]:
            self.stdout.write(f"Periksa saja: {nama} (putaran {nomor}) {ringkasan}; tidak disimpan")
            return
        try:
            putaran = putaran_services.putaran_impor(
                penilaian_instansi=penilaian,
                rows=rows,
                nama=nama,
                batas=tanggal,
                user=user,
                nama_berkas=path.name,
            )
        except GalatEvaluasi as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(
            f"{putaran.nama} (putaran {putaran.nomor}) {obj.nama} diimpor: {ringkasan}."
        )

    def _pengimpor(self, username: str) -> Pengguna:
        admins = Pengguna.objects.filter(is_active=True, peran=Peran.ADMIN)
        if username:
            user = admins.filter(username=username).first()
            if user is None:
                raise CommandError(f"Admin aktif '{username}' tidak ditemukan.", returncode=2)
            return user
        user = admins.order_by("pk").first()
        if user is None:
            raise CommandError("Tidak ada Admin aktif; sebutkan --oleh USERNAME.", returncode=2)
        return user
