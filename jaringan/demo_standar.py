"""Demo data of the network standard: the 2026 checklist, a few OPDs answered (some meeting
it, some not, one not yet), each with its links. Idempotent: a second run finds everything in
place and writes nothing."""

from decimal import Decimal

from django.db import transaction

from evaluasi.dokumen import services as dokumen_services
from jaringan.models import JenisKoneksi, Koneksi, StandarJaringan
from jaringan.standar import aturan, selectors, services
from opd.models import Opd, Pengguna

TAHUN = 2026
BUTIR = [
    (
        "Router/firewall terkelola",
        "Perangkat router atau firewall dengan akun admin terpisah, firmware terbaru, dan "
        "konfigurasi yang dicadangkan. Bukti: BAST atau ekspor konfigurasi.",
        True,
        True,
    ),
    (
        "Switch managed (mendukung VLAN)",
        "Switch inti OPD dapat dikelola dan memisahkan VLAN.",
        True,
        False,
    ),
    (
        "Kabel terstruktur berlabel",
        "Kabel UTP minimal Cat 6 melalui jalur kabel, tiap titik berlabel.",
        True,
        False,
    ),
    (
        "UPS untuk perangkat jaringan",
        "UPS menahan router, switch, dan access point minimal 15 menit. Bukti: foto UPS terpasang.",
        True,
        True,
    ),
    ("Access point terpusat", "Access point dikelola dari satu controller.", False, False),
    ("Rak perangkat terkunci", "Perangkat aktif di rak tertutup dan terkunci.", True, False),
]

# singkatan → (username who answers, {item index: (met, note, evidence file or None)}, links)
OPD_DEMO = {
    "Diskominfopers": (
        "operator.kominfo",
        {
            0: (True, "FortiGate 100F, konfigurasi dicadangkan mingguan.", "bast-firewall.pdf"),
            1: (True, "Cisco Catalyst 9200, 6 VLAN.", None),
            2: (True, "Cat 6, dilabeli 2025.", None),
            3: (True, "APC 3 kVA, ±40 menit.", "foto-ups.pdf"),
            4: (True, "UniFi controller.", None),
            5: (True, "", None),
        },
        [
            ("Internet utama", JenisKoneksi.DISKOMINFO, "", "100"),
            ("Intranet pemprov", JenisKoneksi.DISKOMINFO, "", "1000"),
        ],
    ),
    "BKD": (
        "operator.bkd",
        {
            0: (True, "MikroTik RB4011.", "bast-router-bkd.pdf"),
            1: (True, "", None),
            2: (True, "", None),
            3: (False, "UPS rusak sejak Maret, pengadaan diusulkan.", None),
            4: (False, "Access point rumahan di tiap ruangan.", None),
            5: (True, "", None),
        },
        [
            (
                "Internet utama",
                JenisKoneksi.LANGGANAN_SENDIRI,
                "Telkom Indonesia (IndiHome Bisnis)",
                "50",
            ),
            ("Intranet Diskominfo", JenisKoneksi.DISKOMINFO, "", "20"),
        ],
    ),
    "Bappeda": (
        "admin",
        {
            0: (True, "Sophos XGS 116.", "bast-firewall-bappeda.pdf"),
            1: (True, "", None),
            2: (True, "", None),
            3: (True, "", "foto-ups-bappeda.pdf"),
            5: (True, "", None),
        },
        [("Internet utama", JenisKoneksi.DISKOMINFO, "", "50")],
    ),
    "BPKPD": (
        "admin",
        {
            0: (True, "Router bawaan ISP, belum dikelola sendiri.", None),
            1: (False, "Switch unmanaged.", None),
            2: (False, "Kabel belum terstruktur.", None),
            3: (True, "", "foto-ups-bpkpd.pdf"),
            5: (False, "Rak terbuka di ruang arsip.", None),
        },
        [("Internet utama", JenisKoneksi.LANGGANAN_SENDIRI, "Biznet", "100")],
    ),
    "Dinkes": ("admin", {}, [("Internet utama", JenisKoneksi.DISKOMINFO, "", "30")]),
}


def _pdf(nama: str) -> bytes:
    """A tiny valid PDF, different per file name (the library deduplicates by content)."""
    return (
        b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
        b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
        b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
        b"trailer<</Root 1 0 R>>\n%" + nama.encode() + b"\n%%EOF\n"
    )


@transaction.atomic
def seed_standar_demo() -> str:
    admin = Pengguna.objects.filter(username="admin").first()
    if admin is None:
        return "Standar jaringan: akun admin demo belum ada."
    standar = StandarJaringan.objects.filter(tahun=TAHUN).first()
    if standar is None:
        standar = services.standar_buat(
            tahun=TAHUN,
            user=admin,
            catatan="Standar minimal perangkat jaringan OPD Pemprov Sulawesi Barat (contoh).",
        )
        for uraian, penjelasan, wajib, bukti in BUTIR:
            services.butir_simpan(
                standar=standar,
                user=admin,
                uraian=uraian,
                penjelasan=penjelasan,
                wajib=wajib,
                bukti_wajib=bukti,
            )
    butir = list(standar.butir.order_by("urutan", "pk"))
    opds = {o.singkatan: o for o in Opd.objects.filter(singkatan__in=OPD_DEMO)}
    pengguna = {
        p.username: p
        for p in Pengguna.objects.filter(username__in=["admin", "operator.kominfo", "operator.bkd"])
    }
    for singkatan, (username, jawaban, koneksi) in OPD_DEMO.items():
        opd = opds.get(singkatan)
        if opd is None:
            continue
        user = pengguna.get(username, admin)
        for nama, jenis, penyedia, mbps in koneksi:
            if not Koneksi.objects.filter(opd=opd, tahun=TAHUN, nama=nama).exists():
                services.koneksi_simpan(
                    koneksi=Koneksi(
                        opd=opd,
                        tahun=TAHUN,
                        nama=nama,
                        jenis=jenis,
                        penyedia=penyedia,
                        bandwidth_mbps=Decimal(mbps),
                    ),
                    user=user,
                )
        isian = {}
        for i, (met, catatan, berkas) in jawaban.items():
            if i >= len(butir):
                continue
            versi = None
            if berkas:
                versi, _ = dokumen_services.berkas_terima(
                    opd_id=opd.pk, user=user, data=_pdf(f"{singkatan}/{berkas}"), nama=berkas
                )
            isian[butir[i].pk] = {"terpenuhi": met, "keterangan": catatan, "versi": versi}
        if isian:
            services.jawaban_simpan(opd=opd, standar=standar, user=user, isian=isian)
    jumlah = aturan.hitung(r.hasil for r in selectors.rekap(standar, Opd.objects.all()))
    return (
        f"Standar jaringan {TAHUN}: {len(butir)} butir; {jumlah[aturan.SESUAI]} OPD sesuai, "
        f"{jumlah[aturan.TIDAK_SESUAI]} tidak sesuai, {jumlah[aturan.BELUM_DIISI]} belum diisi; "
        f"{Koneksi.objects.filter(tahun=TAHUN).count()} koneksi."
    )
