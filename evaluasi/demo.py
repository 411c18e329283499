"""Demo evaluation data for `seed_demo`: a 2023 period with OPDs at different stages."""

import random
from datetime import date, timedelta

from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from evaluasi.instrumen.selectors import instrumen_default
from evaluasi.models import Indikator, Jawaban, Penilaian, Periode, StatusPenilaian, StatusPeriode
from evaluasi.penilaian import services as penilaian_services
from evaluasi.verifikasi import services as verifikasi_services
from opd.models import Opd, Pengguna

TAHUN = 2023
CONTOH_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)
PENJELASAN = {
    1: "Masih berupa rancangan; dokumen pendukung sedang disusun bersama Diskominfo.",
    2: "Sudah ditetapkan dan dijalankan di sebagian bidang; dokumen terlampir.",
    3: "Berlaku untuk seluruh bidang dengan standar yang sama; bukti sosialisasi terlampir.",
    4: "Terpadu dengan proses OPD lain dan capaiannya diukur setiap triwulan.",
    5: "Dievaluasi setiap tahun dan diperbarui berdasarkan hasil evaluasi.",
}


def _level(rng: random.Random, nomor: int) -> int:
    # Services (32–47) tend to score higher than policies and management (SPEC §2 families).
    base = 3 if nomor >= 32 else 2
    return max(1, min(5, base + rng.choice([-1, 0, 0, 1])))


def periode_dibuka(data: dict) -> Periode:
    """A demo period created and opened for filling through the real services."""
    periode = penilaian_services.periode_create(data=data)
    periode, _ = penilaian_services.periode_advance(periode=periode)
    assert periode.status == StatusPeriode.PENGISIAN
    return periode


def tanpa_surel():
    """Demo submissions would e-mail evaluators: keep that out of `make run`'s output."""
    return override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend")


def seed_periode_demo(
    *,
    operator_kominfo: Pengguna,
    operator_bkd: Pengguna,
    evaluator: Pengguna,
    admin: Pengguna,
    password: str,
) -> str:
    """Create the demo period once; returns a one-line summary."""
    if Periode.objects.filter(tahun=TAHUN).exists():
        return f"Periode demo {TAHUN} sudah ada."
    instrumen = instrumen_default()
    today = timezone.localdate()
    with tanpa_surel(), transaction.atomic():
        periode = periode_dibuka(
            {
                "nama": f"Evaluasi SPBE OPD – {TAHUN}",
                "tahun": TAHUN,
                "instrumen": instrumen,
                "mulai_pengisian": date(TAHUN, 1, 1),
                # Kept open so a newcomer can try filling in the demo.
                "batas_pengisian": today + timedelta(days=30),
                "batas_verifikasi": today + timedelta(days=60),
                "tahun_tpp": TAHUN + 1,
            }
        )
        indikator = list(Indikator.objects.filter(instrumen=instrumen).order_by("nomor"))
        rng = random.Random(TAHUN)
        penilaian = list(Penilaian.objects.filter(periode=periode).select_related("opd"))
        now = timezone.now()
        for index, p in enumerate(penilaian):
            if p.opd_id in (operator_kominfo.opd_id, operator_bkd.opd_id):
                continue
            # A third complete, a third partial, a third not started.
            share = (1.0, 0.6, 0.0)[index % 3] if index % 3 != 1 else rng.uniform(0.2, 0.8)
            count = round(len(indikator) * share)
            Jawaban.objects.bulk_create(
                Jawaban(
                    penilaian=p,
                    indikator=ind,
                    level=(lv := _level(rng, ind.nomor)),
                    penjelasan=PENJELASAN[lv],
                    versi=1,
                    diubah=now,
                )
                for ind in indikator[:count]
            )
            penilaian_services.penilaian_refresh(penilaian=p)

        # The demo operators' own OPDs go through the real services, with history.
        kominfo = Penilaian.objects.get(periode=periode, opd_id=operator_kominfo.opd_id)
        bkd = Penilaian.objects.get(periode=periode, opd_id=operator_bkd.opd_id)
        for p, user, count in (
            (kominfo, operator_kominfo, 28),
            (bkd, operator_bkd, len(indikator)),
        ):
            for ind in indikator[:count]:
                lv = _level(rng, ind.nomor)
                penilaian_services.jawaban_save(
                    penilaian=p,
                    indikator=ind,
                    user=user,
                    level=lv,
                    penjelasan=PENJELASAN[lv],
                    tautan=["https://drive.google.com/drive/folders/contoh-bukti-spbe"]
                    if ind.nomor <= 3
                    else [],
                    versi=0,
                )
            for ind in indikator[:2]:
                penilaian_services.bukti_upload(
                    penilaian=p,
                    indikator=ind,
                    user=user,
                    data=CONTOH_PDF + f"% {p.opd.kode} {ind.nomor}\n".encode(),
                    nama=f"SK {ind.nama[:60]}.pdf",
                )
        penilaian_services.penilaian_submit(penilaian=bkd, user=operator_bkd)
        # The demo evaluator verifies the first half of the OPDs, BKD and Diskominfopers included.
        opds = list(Opd.objects.filter(aktif=True).order_by("nama"))
        assigned = {*opds[: len(opds) // 2], kominfo.opd, bkd.opd}
        verifikasi_services.penugasan_add(
            periode=periode, evaluator=evaluator, opds=list(assigned), user=admin
        )

        # Up to six complete OPDs among the evaluator's are already verified and final, so the
        # dashboard and reports show real figures (their operators are created here).
        complete = list(
            Penilaian.objects.filter(periode=periode, opd__in=assigned, kemajuan=100)
            .exclude(pk=bkd.pk)
            .select_related("opd")
            .order_by("opd__nama")[:6]
        )
        for p in complete:
            operator, _ = Pengguna.objects.get_or_create(
                username=f"operator.{p.opd.kode.lower()}",
                defaults={
                    "nama": f"Operator {p.opd.singkatan or p.opd.nama}",
                    "peran": "operator",
                    "opd": p.opd,
                    "email": f"operator.{p.opd.kode.lower()}@demo.spbe.localhost",
                },
            )
            operator.set_password(password)
            operator.save(update_fields=["password"])
            penilaian_services.penilaian_submit(penilaian=p, user=operator)
            for j in Jawaban.objects.filter(penilaian=p).select_related("indikator"):
                final = max(1, min(5, j.level + rng.choice([-1, -1, 0, 0, 0, 1])))
                verifikasi_services.reviu_save(
                    penilaian=p,
                    indikator=j.indikator,
                    user=evaluator,
                    level_final=final,
                    metode="dokumen",
                    catatan="",
                    rekomendasi="Lengkapi bukti penerapan di seluruh bidang."
                    if final < j.level
                    else "",
                    versi_reviu=0,
                )
            verifikasi_services.reviu_finalize(penilaian=p, user=evaluator)
    # Next year's period, just created: everyone still lands on 2023 (the period with
    # something for them) and sees 2024 in the header's switcher.
    if not Periode.objects.filter(tahun=TAHUN + 1).exists():
        penilaian_services.periode_create(
            data={
                "nama": f"Evaluasi SPBE OPD – {TAHUN + 1}",
                "tahun": TAHUN + 1,
                "instrumen": instrumen_default(),
                "mulai_pengisian": today + timedelta(days=90),
                "batas_pengisian": today + timedelta(days=150),
                "batas_verifikasi": today + timedelta(days=200),
                "tahun_tpp": TAHUN + 2,
            }
        )
    opd_count = Opd.objects.filter(aktif=True).count()
    final_count = Penilaian.objects.filter(
        periode__tahun=TAHUN, status=StatusPenilaian.FINAL
    ).count()
    return (
        f"Periode demo {TAHUN}: {opd_count} penilaian; Diskominfopers terisi sebagian, "
        f"BKD sudah diajukan, {final_count} OPD sudah final, OPD lain lengkap/sebagian/belum "
        f"mulai; evaluator ditugaskan ke separuh OPD. Periode {TAHUN + 1} baru dibuat (persiapan)."
    )
