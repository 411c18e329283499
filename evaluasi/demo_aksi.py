"""Demo rencana aksi (SPEC §14): the published 2022 year's recommendations followed up —
Kominfo's one in progress and due within a week (Tugas saya, the 7-day reminder), one
overdue, one done with its evidence from the library; BKD's one planned; others still waiting
on "Rekomendasi belum ditindaklanjuti". The open ones show on their indicator in the 2023
penilaian, and through the crosswalk in the Pemdi period."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from evaluasi.aksi import services
from evaluasi.demo import tanpa_surel
from evaluasi.demo_dokumen import TAHUN
from evaluasi.models import Dokumen, Jawaban, RencanaAksi, StatusAksi
from opd.models import Pengguna

# (OPD code's operator, indicator, what, days from today to the due date, status)
AKSI = [
    ("kominfo", 1, "Menyusun rancangan perubahan Perbup SPBE bersama Bagian Hukum", 6, "berjalan"),
    ("kominfo", 3, "Menetapkan SK kebijakan internal manajemen data", -10, "rencana"),
    ("kominfo", 8, "Menetapkan SOP layanan pengaduan publik elektronik", -30, "selesai"),
    ("bkd", 1, "Menyampaikan masukan BKD untuk perubahan Perbup SPBE", 40, "rencana"),
]


def seed_aksi_demo(
    *, operator_kominfo: Pengguna, operator_bkd: Pengguna, evaluator: Pengguna
) -> str:
    if RencanaAksi.objects.exists():
        return "Rencana aksi demo: sudah ada."
    hari_ini = timezone.localdate()
    operator = {"kominfo": operator_kominfo, "bkd": operator_bkd}
    with tanpa_surel(), transaction.atomic():
        for siapa, nomor, uraian, hari, status in AKSI:
            op = operator[siapa]
            jawaban = (
                Jawaban.objects.select_related("penilaian__opd", "indikator")
                .filter(
                    penilaian__opd_id=op.opd_id,
                    penilaian__periode__tahun=TAHUN,
                    indikator__nomor=nomor,
                )
                .exclude(rekomendasi="")
                .first()
            )
            if jawaban is None:
                continue
            aksi = services.aksi_buat(
                user=evaluator,
                opd=jawaban.penilaian.opd,
                uraian=uraian,
                batas=hari_ini + timedelta(days=hari),
                tahun=TAHUN,
                jawaban=jawaban,
            )
            if status in (StatusAksi.BERJALAN, StatusAksi.SELESAI):
                services.aksi_transisi(aksi=aksi, ke=StatusAksi.BERJALAN, user=op, tim=False)
                services.aksi_komentar(
                    aksi=aksi, user=op, teks="Rapat koordinasi pertama sudah dilaksanakan."
                )
            if status == StatusAksi.SELESAI:
                sop = Dokumen.objects.filter(opd_id=op.opd_id, judul__icontains="SOP").first()
                if sop is not None:
                    services.aksi_bukti(aksi=aksi, user=op, versi=sop.versi.order_by("-nomor")[0])
                    services.aksi_transisi(aksi=aksi, ke=StatusAksi.SELESAI, user=op, tim=False)
    n = RencanaAksi.objects.count()
    terlambat = RencanaAksi.objects.filter(
        status__in=(StatusAksi.RENCANA, StatusAksi.BERJALAN), batas__lt=hari_ini
    ).count()
    return f"Rencana aksi demo: {n} dari rekomendasi {TAHUN} ({terlambat} terlambat)."
