"""python manage.py seed_demo: demo data for a local portal (refused when DEBUG is off).

It lives in the top layer (spbe_portal) because it seeds every app.

Idempotent: re-running re-imports the same OPD list (no changes) and resets the demo
accounts' passwords, so the printed logins always work.
"""

from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from opd.models import Opd, Pengguna, Peran
from opd.services import opd_import
from opd.spreadsheet import read_dataset

DEMO_PASSWORD = "spbe-demo-2026"  # printed on purpose: demo only, refused in production
OPD_FILE = Path(settings.BASE_DIR) / "fixtures" / "opd_sulbar.csv"

# username, nama, peran, singkatan of the OPD (or None), superuser
DEMO_USERS = [
    ("admin", "Admin Diskominfo", Peran.ADMIN, "Diskominfopers"),
    ("operator.kominfo", "Operator Diskominfopers", Peran.OPERATOR, "Diskominfopers"),
    ("operator.bkd", "Operator BKD", Peran.OPERATOR, "BKD"),
    ("evaluator", "Evaluator Tim SPBE", Peran.EVALUATOR, None),
    ("pimpinan", "Sekretaris Daerah", Peran.PIMPINAN, None),
]


class Command(BaseCommand):
    help = "Isi data demo (OPD Sulawesi Barat dan satu akun per peran). Hanya saat DEBUG aktif."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError(
                "seed_demo menolak berjalan saat DEBUG mati: data dan kata sandi demo "
                "tidak boleh masuk ke server produksi."
            )
        with transaction.atomic():
            dataset = read_dataset(OPD_FILE.read_bytes(), OPD_FILE.name, max_bytes=10 * 1024 * 1024)
            hasil = opd_import(dataset=dataset, dry_run=False)
            if hasil.ada_galat:
                raise CommandError(f"Impor OPD demo gagal: {hasil.galat}")
            opd_by_singkatan = {o.singkatan: o for o in Opd.objects.exclude(singkatan="")}
            for username, nama, peran, singkatan in DEMO_USERS:
                pengguna = Pengguna.objects.filter(username=username).first() or Pengguna(
                    username=username
                )
                pengguna.nama = nama
                pengguna.peran = peran
                pengguna.opd = opd_by_singkatan[singkatan] if singkatan else None
                pengguna.email = f"{username}@demo.spbe.localhost"
                pengguna.is_active = True
                pengguna.set_password(DEMO_PASSWORD)
                pengguna.save()

        call_command("muat_instrumen", stdout=self.stdout)
        from evaluasi.padanan.selectors import jumlah_padanan, pasangan_bawaan
        from evaluasi.padanan.services import muat_padanan_bawaan

        # The crosswalk 59/2020 → Pemdi 2026 (an admin's edited map is kept).
        muat_padanan_bawaan()
        pasangan = pasangan_bawaan()
        padanan = (
            f"Padanan 59/2020 → Pemdi: {jumlah_padanan(*(i.pk for i in pasangan))} baris "
            "(perkiraan)."
            if pasangan
            else "Padanan 59/2020 → Pemdi: instrumen belum dimuat."
        )
        from evaluasi.demo import seed_periode_demo

        periode = seed_periode_demo(
            operator_kominfo=Pengguna.objects.get(username="operator.kominfo"),
            operator_bkd=Pengguna.objects.get(username="operator.bkd"),
            evaluator=Pengguna.objects.get(username="evaluator"),
            admin=Pengguna.objects.get(username="admin"),
            password=DEMO_PASSWORD,
        )
        from evaluasi.demo_pemdi import seed_pemdi_demo

        pemdi = seed_pemdi_demo(
            operator_kominfo=Pengguna.objects.get(username="operator.kominfo"),
            operator_bkd=Pengguna.objects.get(username="operator.bkd"),
            evaluator=Pengguna.objects.get(username="evaluator"),
            admin=Pengguna.objects.get(username="admin"),
        )
        from evaluasi.demo import tanpa_surel
        from evaluasi.demo_instansi import seed_instansi_demo
        from evaluasi.demo_pemdi import TAHUN as TAHUN_PEMDI

        with tanpa_surel(), transaction.atomic():
            instansi = seed_instansi_demo(
                tahun=TAHUN_PEMDI,
                admin=Pengguna.objects.get(username="admin"),
                evaluator=Pengguna.objects.get(username="evaluator"),
            )
        from evaluasi.demo_dokumen import seed_dokumen_demo

        dokumen = seed_dokumen_demo(
            operator_kominfo=Pengguna.objects.get(username="operator.kominfo"),
            operator_bkd=Pengguna.objects.get(username="operator.bkd"),
            evaluator=Pengguna.objects.get(username="evaluator"),
            admin=Pengguna.objects.get(username="admin"),
        )
        from evaluasi.demo_aksi import seed_aksi_demo

        aksi = seed_aksi_demo(
            operator_kominfo=Pengguna.objects.get(username="operator.kominfo"),
            operator_bkd=Pengguna.objects.get(username="operator.bkd"),
            evaluator=Pengguna.objects.get(username="evaluator"),
        )
        from evaluasi.demo_target import seed_target_demo

        target = seed_target_demo(admin=Pengguna.objects.get(username="admin"))
        from evaluasi.demo_jadwal import seed_jadwal_demo

        jadwal = seed_jadwal_demo(
            operator_kominfo=Pengguna.objects.get(username="operator.kominfo"),
            operator_bkd=Pengguna.objects.get(username="operator.bkd"),
            evaluator=Pengguna.objects.get(username="evaluator"),
            admin=Pengguna.objects.get(username="admin"),
        )
        from evaluasi.demo_program import seed_program_demo

        program = seed_program_demo(admin=Pengguna.objects.get(username="admin"))
        from arsitektur.demo import seed_arsitektur_demo

        arsitektur = seed_arsitektur_demo()
        # The province's other two agendas (SPEC §15): network and application requests.
        from jaringan.demo_gangguan import seed_gangguan_demo
        from jaringan.demo_mrtg import seed_mrtg_demo
        from jaringan.demo_standar import seed_standar_demo

        standar = seed_standar_demo()
        gangguan = seed_gangguan_demo(
            admin=Pengguna.objects.get(username="admin"),
            operator_kominfo=Pengguna.objects.get(username="operator.kominfo"),
            operator_bkd=Pengguna.objects.get(username="operator.bkd"),
        )
        mrtg = seed_mrtg_demo()
        from arsitektur.permohonan.demo import seed_permohonan_demo

        with tanpa_surel():
            permohonan = seed_permohonan_demo()
        self.stdout.write(f"OPD demo ({OPD_FILE.name}): {hasil.ringkasan}.")
        self.stdout.write(padanan)
        self.stdout.write(periode)
        self.stdout.write(pemdi)
        self.stdout.write(instansi)
        self.stdout.write(dokumen)
        self.stdout.write(aksi)
        self.stdout.write(target)
        self.stdout.write(jadwal)
        self.stdout.write(program)
        self.stdout.write(arsitektur)
        self.stdout.write(standar)
        self.stdout.write(gangguan)
        self.stdout.write(mrtg)
        self.stdout.write(permohonan)
        self.stdout.write("")
        self.stdout.write(f"Akun demo (kata sandi semua akun: {DEMO_PASSWORD})")
        for username, _nama, peran, singkatan in DEMO_USERS:
            opd = f" — {singkatan}" if singkatan else ""
            self.stdout.write(f"  {username:<18} {Peran(peran).label}{opd}")
        main = {u[0] for u in DEMO_USERS}
        others = Pengguna.objects.exclude(username__in=main).order_by("username")
        if others:
            self.stdout.write(
                "  Operator OPD yang penilaiannya sudah final: "
                + ", ".join(u.username for u in others)
            )
