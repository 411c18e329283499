"""Demo application/domain requests: one in each status across the demo OPDs, so the admin
finds a request waiting for review on the first click. Idempotent: a request already there
(same OPD and name) is left as it is."""

from django.db import transaction

from arsitektur.models import JenisPermohonan, Permohonan, StatusPermohonan
from arsitektur.permohonan import aturan, services
from opd.models import Pengguna

# A minimal valid PDF (checked by content like any upload).
PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)

# (operator, name, built by Diskominfo, fields, steps [(to, by admin?, note)], documents)
CONTOH = [
    (
        "operator.bkd",
        "Sistem Cuti Daring",
        False,
        {
            "deskripsi": "Pengajuan dan persetujuan cuti ASN secara daring.",
            "url": "https://cuti.sulbarprov.go.id",
        },
        [],
        ("surat", "sop"),  # a draft still missing documents
    ),
    (
        "operator.bkd",
        "E-Kinerja Pegawai",
        True,
        {
            "deskripsi": "Pelaporan kinerja harian pegawai.",
            "url": "https://ekinerja.sulbarprov.go.id",
            "tahun_pembuatan": 2026,
            "kebutuhan_sistem": "PHP 8.3, PostgreSQL 16",
            "api_tersedia": True,
        },
        [(aturan.DIAJUKAN, False, "")],
        None,
    ),
    (
        "operator.kominfo",
        "Portal Satu Data Sulbar",
        True,
        {
            "deskripsi": "Katalog data sektoral pemerintah provinsi.",
            "url": "https://satudata.sulbarprov.go.id",
            "penyedia_hosting": "Pusat Data Diskominfo",
        },
        [
            (aturan.DIAJUKAN, False, ""),
            (
                aturan.PERLU_PERBAIKAN,
                True,
                "KAK belum memuat jadwal pemeliharaan; lengkapi kebutuhan sistem dan versinya.",
            ),
        ],
        None,
    ),
    (
        "operator.kominfo",
        "Layanan Aspirasi dan Pengaduan Warga",
        True,
        {
            "deskripsi": "Kanal pengaduan warga yang terhubung dengan SP4N-LAPOR!.",
            "url": "https://lapor.sulbarprov.go.id",
            "tahun_pembuatan": 2026,
            "penyedia_hosting": "Pusat Data Diskominfo",
            "name_server": "ns1.sulbarprov.go.id",
            "kebutuhan_sistem": "Python 3.11, PostgreSQL 16",
            "api_tersedia": True,
            "kode_sumber_dimiliki": True,
        },
        [(aturan.DIAJUKAN, False, ""), (aturan.DISETUJUI, True, "Subdomain telah disiapkan.")],
        None,
    ),
    (
        "operator.bkd",
        "Absensi Wajah Mandiri",
        False,
        {
            "deskripsi": "Presensi pegawai dengan pengenalan wajah.",
            "url": "https://absensi.sulbarprov.go.id",
        },
        [
            (aturan.DIAJUKAN, False, ""),
            (
                aturan.DITOLAK,
                True,
                "Fungsi ini sudah ada di aplikasi presensi provinsi; gunakan aplikasi tersebut.",
            ),
        ],
        None,
    ),
]


@transaction.atomic
def seed_permohonan_demo() -> str:
    admin = Pengguna.objects.filter(username="admin").first()
    dibuat = 0
    for username, nama, diskominfo, fields, steps, dokumen in CONTOH:
        operator = Pengguna.objects.filter(username=username).select_related("opd").first()
        if admin is None or operator is None or operator.opd is None:
            continue
        if Permohonan.objects.filter(opd=operator.opd, nama=nama).exists():
            continue
        kinds = dokumen or aturan.dokumen_wajib(dibangun_diskominfo=diskominfo)
        p = services.permohonan_simpan(
            permohonan=Permohonan(
                opd=operator.opd,
                jenis=JenisPermohonan.BARU,
                nama=nama,
                dibangun_diskominfo=diskominfo,
                **fields,
            ),
            user=operator,
            berkas={j: (PDF, f"{j}-{nama.lower().replace(' ', '-')}.pdf") for j in kinds},
        )
        for ke, oleh_admin, catatan in steps:
            services.permohonan_transisi(
                permohonan=p,
                ke=ke,
                user=admin if oleh_admin else operator,
                pihak={aturan.PENINJAU} if oleh_admin else {aturan.OPD},
                catatan=catatan,
            )
        dibuat += 1
    per_status = {
        label: Permohonan.objects.filter(status=value).count()
        for value, label in StatusPermohonan.choices
    }
    rincian = ", ".join(f"{n} {label.lower()}" for label, n in per_status.items() if n)
    return f"Permohonan aplikasi demo: {dibuat} dibuat ({rincian or 'tidak ada'})."
