"""Demo of the roadmap's programs (Peta Rencana SPBE/Pemdi, SPEC §14) for `seed_demo`: a
handful of programs with sub-programs from 2022 to 2027, each held by demo OPDs (Diskominfopers,
BKD, Bappeda, Inspektorat, or every OPD), linked to 59/2020 indicators (whose 2022 results are
published in the demo, so the progress page shows their values) and Pemdi ones, and progress
reported up to this year, so the progress page tells a story on the first click."""

from django.db import transaction
from django.utils import timezone

from evaluasi.models import DokumenVersi, Indikator, KemajuanProgram, Program
from evaluasi.program import aturan, services
from opd.models import Opd, Pengguna, Peran

S, B, M, X = aturan.SELESAI, aturan.BERJALAN, aturan.BELUM, aturan.BATAL
# (program, sub-program, OPD abbreviations (empty: every OPD), years, 59/2020 indicator
# numbers, Pemdi codes, expected evidence, status per year up to this one (oldest first))
PETA = [
    (
        "Penguatan Tata Kelola SPBE",
        "Penyusunan Perbup SPBE dan Arsitektur SPBE Daerah",
        ("Diskominfopers", "Bappeda"),
        "2022–2023",
        (1, 2),
        ("1.1",),
        "Perbup tentang SPBE dan dokumen Arsitektur SPBE",
        (S, S),
    ),
    (
        "Penguatan Tata Kelola SPBE",
        "Pembentukan Tim Koordinasi SPBE",
        ("Diskominfopers",),
        "2022",
        (4, 5),
        (),
        "SK Tim Koordinasi SPBE",
        (S,),
    ),
    (
        "Penguatan Tata Kelola SPBE",
        "Penyusunan Peta Rencana SPBE 2024–2027",
        ("Bappeda",),
        "2023–2024",
        (3,),
        ("1.2",),
        "Perkada Peta Rencana SPBE",
        (B, S),
    ),
    (
        "Penerapan Manajemen SPBE",
        "Manajemen keamanan informasi",
        ("Diskominfopers",),
        "2023–2027",
        (23, 24),
        ("4.2",),
        "Laporan audit keamanan informasi dan SOP insiden",
        (B, B, S, B),
    ),
    (
        "Penerapan Manajemen SPBE",
        "Manajemen risiko SPBE",
        ("Inspektorat",),
        "2024–2026",
        (19,),
        (),
        "Register risiko SPBE",
        (M, B, B),
    ),
    (
        "Penerapan Manajemen SPBE",
        "Manajemen SDM dan talenta digital",
        ("BKD",),
        "2024–2027",
        (22,),
        ("5.1",),
        "Peta kebutuhan talenta digital",
        (B, S, S),
    ),
    (
        "Layanan SPBE terintegrasi",
        "Implementasi aplikasi umum SRIKANDI",
        (),
        "2023–2026",
        (32,),
        (),
        "Laporan pemakaian SRIKANDI per OPD",
        (B, B, B, B),
    ),
    (
        "Layanan SPBE terintegrasi",
        "Sistem informasi kepegawaian terintegrasi",
        ("BKD",),
        "2025–2027",
        (35,),
        ("6.1",),
        "Dokumen integrasi SIMPEG dengan aplikasi nasional",
        (B, M),
    ),
    (
        "Layanan SPBE terintegrasi",
        "Pusat data daerah",
        ("Diskominfopers",),
        "2025–2026",
        (44,),
        (),
        "Berita acara serah terima pusat data",
        (M, X),
    ),
    (
        "Audit TIK",
        "",
        ("Inspektorat", "Diskominfopers"),
        "2026–2027",
        (29, 30),
        ("7.1",),
        "Laporan hasil audit TIK",
        (M,),
    ),
]


def seed_program_demo(*, admin: Pengguna) -> str:
    """Create the demo roadmap once (nothing when any program exists). Returns one line."""
    if Program.objects.exists():
        return "Peta rencana demo sudah ada."
    opd = {o.singkatan: o for o in Opd.objects.exclude(singkatan="")}
    lama = {i.nomor: i for i in Indikator.objects.filter(instrumen__kode="spbe-2020")}
    pemdi = {i.kode: i for i in Indikator.objects.filter(instrumen__kode="pemdi-2026")}
    tahun_ini = timezone.localdate().year
    dilaporkan = 0
    with transaction.atomic():
        for nama, sub, pic, tahun, nomor, kode, bukti, status in PETA:
            opd_ids = [opd[s].pk for s in pic if s in opd]
            program = services.program_simpan(
                program=Program(nama=nama, sub_program=sub, bukti_diharapkan=bukti),
                opd_ids=opd_ids,
                indikator_ids=[lama[n].pk for n in nomor if n in lama]
                + [pemdi[k].pk for k in kode if k in pemdi],
                tahun=aturan.urai_tahun(tahun),
                user=admin,
            )
            # A report by the OPD's operator (the Koordinator for every-OPD programs), with a
            # document of its library when it has one.
            pelapor = (
                Pengguna.objects.filter(opd_id=opd_ids[0], peran=Peran.OPERATOR).first()
                if opd_ids
                else None
            ) or admin
            versi = (
                DokumenVersi.objects.filter(dokumen__opd_id=opd_ids[0], dokumen__rahasia=False)
                .order_by("dokumen__judul", "-nomor")
                .first()
                if opd_ids
                else None
            )
            rows = program.kemajuan.order_by("tahun")
            for row, hasil in zip(rows, status, strict=False):
                if row.tahun > tahun_ini:
                    break
                services.kemajuan_lapor(
                    kemajuan=row,
                    status=hasil,
                    catatan=f"{aturan.LABEL_STATUS[hasil]} menurut laporan {row.tahun}.",
                    versi=versi if hasil == S else None,
                    user=pelapor,
                )
                dilaporkan += 1
    return (
        f"Peta rencana demo: {Program.objects.count()} program, "
        f"{KemajuanProgram.objects.count()} tahun berjalan, {dilaporkan} laporan kemajuan."
    )
