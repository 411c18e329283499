"""Demo of the penilaian instansi (SPEC §12) for `seed_demo`, on the Pemdi period: a pengampu
map by subject (Diskominfopers for technology and security, BKD for human resources, Bappeda
for geospatial data, Biro Ortala for business processes, Biro Hukum for personal data), the
pengampu uploading, the asesor team judging (some items sent back), two OPDs answering one
item (one chosen by the Koordinator, one still waiting) and one value settled."""

from datetime import date
from decimal import Decimal

from evaluasi.demo import CONTOH_PDF
from evaluasi.instansi import services as instansi_services
from evaluasi.models import Butir, Indikator, Periode
from opd.models import Opd, Pengguna

# Indicator short code → pengampu OPDs (by abbreviation), as a provincial Tim Koordinasi
# would divide the work.
PETA = {
    "I1": ["Diskominfopers", "Bappeda"],
    "I2": ["Diskominfopers"],
    "I3": ["BKD"],
    "I4": ["Diskominfopers"],
    "I5": ["Diskominfopers"],
    "I6": ["Bappeda"],
    "I7": ["Diskominfopers"],
    "I8": ["Diskominfopers", "Biro Hukum"],
    "I9": ["Diskominfopers"],
    "I10": ["Diskominfopers"],
    "I11": ["Diskominfopers"],
    "I12": ["Diskominfopers"],
    "I13": ["Diskominfopers"],
    "I14": ["Diskominfopers"],
    "I15": ["Biro Ortala"],
    "I16": ["Diskominfopers"],
    "I17": ["Diskominfopers"],
    "I18": ["Diskominfopers"],
    "I19": ["Diskominfopers"],
    "I20": ["Biro Ortala"],
}
# One item of human resources is also held by Diskominfopers (digital talent): both answer.
BUTIR_TAMBAHAN = {"I3-L2-01": "Diskominfopers"}


def _pdf(*parts) -> bytes:
    return CONTOH_PDF + ("% instansi " + " ".join(map(str, parts)) + "\n").encode()


def seed_instansi_demo(*, tahun: int, admin: Pengguna, evaluator: Pengguna) -> str:
    periode = Periode.objects.filter(tahun=tahun).select_related("instrumen").first()
    if periode is None or not hasattr(periode, "instansi"):
        return "Penilaian instansi tidak dibuat: periode Pemdi belum ada."
    if periode.pengampu.exists():
        return "Penilaian instansi sudah ada."
    penilaian = periode.instansi
    opd = {o.singkatan: o for o in Opd.objects.exclude(singkatan="")}
    indikator = {i.kode_singkat: i for i in Indikator.objects.filter(instrumen=periode.instrumen)}
    for kode, singkatan in PETA.items():
        if kode in indikator:
            instansi_services.pengampu_atur(
                periode=periode,
                indikator=indikator[kode],
                butir=None,
                opd_ids={opd[s].pk for s in singkatan if s in opd},
                user=admin,
            )
    items = {
        b.kode: b
        for b in Butir.objects.filter(indikator__instrumen=periode.instrumen).select_related(
            "indikator"
        )
    }
    for kode, singkatan in BUTIR_TAMBAHAN.items():
        if kode in items and singkatan in opd:
            b = items[kode]
            instansi_services.pengampu_tambah_massal(
                periode=periode, sasaran=[(b.indikator, b)], opd=opd[singkatan], user=admin
            )
    operator = {u.opd_id: u for u in Pengguna.objects.filter(peran="operator", opd__isnull=False)}

    def unggah(kode: str, singkatan: str, *, rahasia: bool = False) -> bool:
        b, o = items.get(kode), opd.get(singkatan)
        if b is None or o is None:
            return False
        instansi_services.berkas_unggah(
            penilaian=penilaian,
            butir=b,
            opd_id=o.pk,
            user=operator.get(o.pk, admin),
            # The same file the OPD gave its own penilaian: the library keeps it once.
            data=_pdf(o.kode, kode),
            nama=f"{kode} {b.teks[:50]}.pdf",
            rahasia=rahasia,
        )
        return True

    # Diskominfopers: levels 1–2 of governance, security and technology, and a level-3 start.
    diunggah = []
    for ind in ("I1", "I2", "I4", "I9", "I10", "I13", "I14"):
        for b in (x for x in items.values() if x.indikator.kode_singkat == ind):
            if b.level <= 2 or (b.level == 3 and b.nomor == 1):
                unggah(b.kode, "Diskominfopers", rahasia=ind in ("I9", "I10"))
                diunggah.append(b)
    # BKD: human resources up to level 2; Diskominfopers answers the digital-talent item too.
    for b in (x for x in items.values() if x.indikator.kode_singkat == "I3" and x.level <= 2):
        unggah(b.kode, "BKD")
        diunggah.append(b)
    unggah("I3-L2-01", "Diskominfopers")
    # Bappeda answers a governance item Diskominfopers also answered: the Koordinator decides.
    unggah("I1-L1-01", "Bappeda")
    for b in diunggah:
        if b.indikator.kode_singkat in ("I1", "I2", "I9", "I10", "I3") and b.level <= 2:
            revisi = b.kode in ("I2-L2-02", "I10-L2-01")
            instansi_services.reviu_instansi_simpan(
                penilaian=penilaian,
                butir=b,
                user=evaluator,
                putusan="revisi" if revisi else "diterima",
                alasan="bukti_tidak_tepat" if revisi else "",
                catatan="Dokumen masih draf; unggah versi yang sudah ditetapkan." if revisi else "",
                versi=penilaian.reviu.filter(butir=b).values_list("versi", flat=True).first() or 0,
            )
    isian = penilaian.isian.filter(butir__indikator__kode_singkat="I3", opd=opd.get("BKD"))
    for row in isian.filter(butir__level=2, butir__nomor=1):
        instansi_services.isian_pilih(isian=row, dipilih=True, user=admin)
    # External indices: Diskominfopers reports Satu Data (settled below) and statistics (to
    # settle); Bappeda's geospatial score is not out yet.
    for kode, singkatan, nilai, sumber in (
        ("I5", "Diskominfopers", Decimal("2.6"), "Skor Satu Data Indonesia 2026, Bappenas"),
        ("I7", "Diskominfopers", Decimal("3.1"), "Hasil EPSS 2026, BPS (surat 3 Oktober 2026)"),
        ("I6", "Bappeda", None, ""),
    ):
        if kode in indikator and singkatan in opd:
            instansi_services.eksternal_simpan(
                penilaian=penilaian,
                indikator=indikator[kode],
                opd_id=opd[singkatan].pk,
                user=operator.get(opd[singkatan].pk, admin),
                nilai=nilai,
                tanggal=date(tahun - 1, 11, 12) if nilai else None,
                sumber=sumber,
                belum_tersedia=nilai is None,
                versi=0,
            )
    if "I5" in indikator:
        instansi_services.nilai_tetapkan(
            penilaian=penilaian,
            indikator=indikator["I5"],
            nilai=Decimal("2.6"),
            catatan="Skor Satu Data Indonesia 2026 dari Bappenas (surat 12 November 2026).",
            user=admin,
            versi=0,
        )
    return (
        f"Penilaian instansi {tahun}: peta pengampu {len(PETA)} indikator, "
        f"{penilaian.isian.count()} isian butir dari OPD pengampu, "
        f"{penilaian.reviu.count()} butir sudah diperiksa asesor, satu butir menunggu pilihan "
        "Koordinator, nilai indeks eksternal dilaporkan (I5 ditetapkan, I7 menunggu "
        "penetapan). Coba impor hasil nasional (Periode → Hasil nasional) "
        "dengan fixtures/hasil_nasional_contoh.xlsx."
    )
