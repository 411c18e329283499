"""Demo of the interview and visit schedule (SPEC §14) for `seed_demo`: an interview with
Diskominfo next week (invitation queued), and a visit last month with its berita acara and
two agreed follow-ups that became rencana aksi (PIC Diskominfo and BKD)."""

from datetime import datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from evaluasi.demo import tanpa_surel
from evaluasi.jadwal import services
from evaluasi.models import JenisSesi, Periode, Sesi
from opd.models import Pengguna


def _pada(hari: int, jam: int):
    tanggal = timezone.localdate() + timedelta(days=hari)
    return datetime.combine(tanggal, time(jam), tzinfo=timezone.get_current_timezone())


def seed_jadwal_demo(
    *, operator_kominfo: Pengguna, operator_bkd: Pengguna, evaluator: Pengguna, admin: Pengguna
) -> str:
    if Sesi.objects.exists():
        return "Jadwal interviu/visitasi demo sudah ada."
    periode = (
        Periode.objects.filter(penugasan__evaluator=evaluator).order_by("-tahun").first()
        or Periode.objects.order_by("-tahun").first()
    )
    if periode is None:
        return "Jadwal demo tidak dibuat: belum ada periode."
    kominfo, bkd = operator_kominfo.opd, operator_bkd.opd
    with tanpa_surel(), transaction.atomic():
        interviu = services.sesi_simpan(
            user=admin,
            data=services.DataSesi(
                periode=periode,
                opd=kominfo,
                jenis=JenisSesi.INTERVIU,
                mulai=_pada(7, 9),
                selesai=_pada(7, 11),
                tempat=f"Ruang Rapat {kominfo.singkatan or kominfo.nama}",
                tautan="https://meet.example.id/spbe-interviu",
                evaluator=[evaluator],
                operator=[operator_kominfo],
                peserta="Kepala Dinas — Kepala Diskominfo\nKabid Aplikasi — Kepala Bidang",
                agenda="Klarifikasi indikator tata kelola, manajemen data; tinjauan bukti dukung.",
            ),
        )
        visitasi = services.sesi_simpan(
            user=admin,
            data=services.DataSesi(
                periode=periode,
                opd=kominfo,
                jenis=JenisSesi.VISITASI,
                mulai=_pada(-30, 9),
                selesai=_pada(-30, 12),
                tempat="Pusat Data Daerah, Gedung Diskominfo Lt. 3",
                tautan="",
                evaluator=[evaluator],
                operator=[operator_kominfo],
                peserta="Kepala Seksi Infrastruktur — Diskominfo\nAnalis Kepegawaian — BKD",
                agenda="Peninjauan pusat data, ruang server, dan layanan TTE.",
            ),
        )
        batas = timezone.localdate() + timedelta(days=60)
        services.berita_acara_simpan(
            sesi=visitasi,
            user=evaluator,
            ringkasan=(
                "Pusat data telah memiliki kontrol akses dan UPS, belum ada prosedur pemulihan "
                "bencana yang diuji. Kompetensi SDM TIK belum dipetakan."
            ),
            tindak_lanjut=[
                services.TindakLanjut(
                    "Susun dan uji prosedur pemulihan bencana (DRP) pusat data", kominfo, batas
                ),
                services.TindakLanjut(
                    "Petakan kompetensi talenta digital ASN", bkd, batas + timedelta(days=30)
                ),
            ],
        )
    return (
        f"Jadwal demo: interviu {kominfo.singkatan or kominfo.nama} "
        f"{timezone.localtime(interviu.mulai):%d-%m-%Y}, visitasi bulan lalu dengan berita acara "
        "dan 2 rencana aksi."
    )
