"""Demo of the evidence library and of starting from last year (SPEC §13) for `seed_demo`: a
published 2022 period (59/2020) in which Diskominfopers and BKD are final with their
documents; Diskominfopers' library with dates, a validity about to end and a confidential
audit report; and the proposals from 2022 waiting in the 2023 period (same instrument) and in
the Pemdi 2027 period (through the crosswalk)."""

import hashlib
import random
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from evaluasi.demo import CONTOH_PDF, PENJELASAN, _level, tanpa_surel
from evaluasi.dokumen import services as dokumen_services
from evaluasi.dokumen import usulan as usulan_services
from evaluasi.models import Dokumen, JenisDokumen, Penilaian, Periode, StatusPenilaian, Usulan
from evaluasi.penilaian import services as penilaian_services
from evaluasi.verifikasi import services as verifikasi_services
from opd.models import Pengguna

TAHUN = 2022
# (title, type, number, date, valid until, confidential, the 2022 indicators it proves)
# The evaluator's recommendations of the published year: the rencana aksi demo follows them.
REKOMENDASI = {
    1: "Perbarui Perbup SPBE agar memuat Arsitektur dan Peta Rencana SPBE daerah.",
    3: "Tetapkan kebijakan internal manajemen data beserta standar data dan metadata.",
    8: "Susun SOP layanan pengaduan publik berbasis elektronik dan sosialisasikan.",
    10: "Lakukan audit keamanan informasi aplikasi layanan publik oleh pihak independen.",
}

DOKUMEN = [
    (
        "Perbup Nomor 12 Tahun 2021 tentang SPBE",
        JenisDokumen.PERATURAN,
        "Perbup 12/2021",
        date(2021, 3, 15),
        None,
        False,
        (1, 2, 3),
    ),
    (
        "SK Tim Koordinasi SPBE",
        JenisDokumen.KEPUTUSAN,
        "800/45/KOMINFO/2022",
        date(2022, 1, 10),
        date(2026, 12, 31),
        False,
        (4, 5),
    ),
    (
        "Laporan audit keamanan informasi",
        JenisDokumen.LAPORAN,
        "LHA-07/2024",
        date(2024, 10, 1),
        None,
        True,
        (23, 24),
    ),
    (
        "SOP layanan pengaduan daring",
        JenisDokumen.SOP,
        "SOP-KOM-03",
        date(2022, 6, 1),
        None,
        False,
        (40,),
    ),
]


def _pdf(kode: str, n: int) -> bytes:
    # Its own bytes: the 2023 demo's files are other documents (equal bytes would be one).
    return CONTOH_PDF + f"% pustaka {kode} {n}\n".encode()


def seed_dokumen_demo(
    *, operator_kominfo: Pengguna, operator_bkd: Pengguna, evaluator: Pengguna, admin: Pengguna
) -> str:
    if Periode.objects.filter(tahun=TAHUN).exists():
        return f"Periode {TAHUN} (pustaka dokumen) sudah ada."
    sesudah = Periode.objects.filter(tahun=TAHUN + 1).first()
    if sesudah is None:
        return "Pustaka dokumen demo tidak dibuat: periode 2023 belum ada."
    today = timezone.localdate()
    with tanpa_surel(), transaction.atomic():
        periode = penilaian_services.periode_create(
            data={
                "nama": f"Evaluasi SPBE OPD – {TAHUN}",
                "tahun": TAHUN,
                "instrumen": sesudah.instrumen,
                "mulai_pengisian": date(TAHUN, 1, 1),
                "batas_pengisian": today + timedelta(days=1),
                "batas_verifikasi": today + timedelta(days=2),
                "tahun_tpp": TAHUN + 1,
            }
        )
        periode, _ = penilaian_services.periode_advance(periode=periode)
        indikator = list(periode.instrumen.indikator.order_by("nomor"))
        rng = random.Random(TAHUN)
        final = []
        for user in (operator_kominfo, operator_bkd):
            p = Penilaian.objects.get(periode=periode, opd_id=user.opd_id)
            for ind in indikator:
                lv = max(1, _level(rng, ind.nomor) - 1)  # a year earlier, a step lower
                penilaian_services.jawaban_save(
                    penilaian=p,
                    indikator=ind,
                    user=user,
                    level=lv,
                    penjelasan=PENJELASAN[lv],
                    tautan=[],
                    versi=0,
                )
            for n, (judul, _, _, _, _, _, nomor) in enumerate(DOKUMEN):
                for k in nomor:
                    penilaian_services.bukti_upload(
                        penilaian=p,
                        indikator=indikator[k - 1],
                        user=user,
                        data=_pdf(p.opd.kode, n),
                        nama=f"{judul}.pdf",
                    )
            penilaian_services.penilaian_submit(penilaian=p, user=user)
            verifikasi_services.penugasan_add(
                periode=periode, evaluator=evaluator, opds=[p.opd], user=admin
            )
            for j in p.jawaban.select_related("indikator"):
                verifikasi_services.reviu_save(
                    penilaian=p,
                    indikator=j.indikator,
                    user=evaluator,
                    level_final=j.level,
                    metode="dokumen",
                    catatan="",
                    rekomendasi=REKOMENDASI.get(j.indikator.nomor, ""),
                    versi_reviu=0,
                )
            verifikasi_services.reviu_finalize(penilaian=p, user=evaluator)
            final.append(p.opd.singkatan)
            # The library's details: what each document is, from when, until when.
            for n, (judul, jenis, no, tanggal, sampai, rahasia, _) in enumerate(DOKUMEN):
                dokumen = Dokumen.objects.get(opd_id=p.opd_id, versi__sha256=_sha(p, n))
                dokumen_services.dokumen_ubah(
                    dokumen=dokumen,
                    user=user,
                    judul=judul,
                    jenis=jenis,
                    nomor=no,
                    tanggal=tanggal,
                    berlaku_sampai=sampai,
                    rahasia=rahasia,
                    label="spbe, tata kelola" if n < 2 else "",
                )
        for _ in range(3):  # verifikasi → selesai → dipublikasi
            periode, _ = penilaian_services.periode_advance(periode=periode)
        # Filled "today" through the services; the record keeps the year's real calendar.
        penilaian_services.periode_update(
            periode=periode,
            data={
                "batas_pengisian": date(TAHUN, 6, 30),
                "batas_verifikasi": date(TAHUN, 8, 31),
            },
        )
        # The years after start from 2022: same instrument in 2023, the crosswalk in 2027.
        for p in Penilaian.objects.filter(
            opd_id=operator_kominfo.opd_id, periode__tahun__gt=TAHUN
        ).select_related("periode__instrumen", "opd"):
            if p.status == StatusPenilaian.DRAFT:
                usulan_services.usulan_buat(penilaian=p, peta_padanan=usulan_services.peta_untuk(p))
    menunggu = Usulan.objects.filter(
        penilaian__opd_id=operator_kominfo.opd_id, diterima__isnull=True
    ).values_list("penilaian__periode__tahun", flat=True)
    per_tahun = ", ".join(f"{t}: {list(menunggu).count(t)}" for t in sorted(set(menunggu)))
    return (
        f"Periode {TAHUN} dipublikasikan: {', '.join(final)} final dengan dokumen di pustaka "
        "(tanggal, masa berlaku, satu rahasia). Usulan dari 2022 untuk Diskominfopers "
        f"menunggu konfirmasi ({per_tahun or 'tidak ada'})."
    )


def _sha(p: Penilaian, n: int) -> str:
    return hashlib.sha256(_pdf(p.opd.kode, n)).hexdigest()
