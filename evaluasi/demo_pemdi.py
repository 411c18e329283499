"""Demo of a Pemdi period judged item by item (SPEC §11) for `seed_demo`: the 2027 period in
filling, with OPDs at several stages — items being uploaded, submitted and half reviewed
(some items accepted, some sent back), and final with fractional values."""

import random
from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from evaluasi.demo import CONTOH_PDF, PENJELASAN, periode_dibuka, tanpa_surel
from evaluasi.instrumen.selectors import instrumen_untuk_tahun
from evaluasi.models import Butir, Indikator, Penilaian, Periode, StatusPenilaian
from evaluasi.penilaian import services as penilaian_services
from evaluasi.verifikasi import services as verifikasi_services
from opd.models import Opd, Pengguna

TAHUN = 2027


def _pdf(*parts) -> bytes:
    return CONTOH_PDF + ("% " + " ".join(map(str, parts)) + "\n").encode()


def _isi(p: Penilaian, user, indikator: list[Indikator], items, rng, *, sebagian=False) -> None:
    """Upload evidence for the required items up to a level per indicator, then claim it;
    external indicators get a value, a date and their source document."""
    eksternal = [i for i in indikator if i.eksternal]
    for ind in indikator:
        if ind.eksternal and sebagian and ind == eksternal[-1]:
            # One index not out yet: it counts the instrument's value until it is.
            penilaian_services.jawaban_save(
                penilaian=p,
                indikator=ind,
                user=user,
                level=None,
                penjelasan=f"{ind.sumber_eksternal} tahun ini belum terbit.",
                tautan=[],
                versi=0,
                eksternal_belum=True,
            )
            continue
        if ind.eksternal:
            penilaian_services.bukti_upload(
                penilaian=p,
                indikator=ind,
                user=user,
                data=_pdf(p.opd.kode, ind.nomor),
                nama=f"Hasil {ind.sumber_eksternal[:60]}.pdf",
            )
            penilaian_services.jawaban_save(
                penilaian=p,
                indikator=ind,
                user=user,
                level=Decimal(rng.choice(["1.75", "2.25", "2.5", "3.1"])),
                penjelasan=f"Nilai dari {ind.sumber_eksternal} ({ind.pembina_eksternal}).",
                tautan=[],
                versi=0,
                tanggal_eksternal=date(TAHUN - 1, 11, 15),
            )
            continue
        level = rng.choice([1, 2, 2, 3])
        for b in items[ind.pk]:
            if b.utama and b.level <= level or (b.level == level + 1 and b.nomor == 1):
                penilaian_services.bukti_upload(
                    penilaian=p,
                    indikator=ind,
                    user=user,
                    data=_pdf(p.opd.kode, b.kode),
                    nama=f"{b.kode} {b.teks[:50]}.pdf",
                    butir=b,
                )
        if sebagian and ind.nomor % 3 == 0:
            continue  # uploaded, not yet claimed
        penilaian_services.jawaban_save(
            penilaian=p,
            indikator=ind,
            user=user,
            level=level,
            penjelasan=PENJELASAN[level],
            tautan=[],
            versi=0,
        )


def _periksa(p: Penilaian, evaluator, indikator, items, rng, *, sampai: int | None = None):
    """Judge every item with evidence: accepted, with now and then one sent back; external
    values confirmed. `sampai` stops after that many indicators (a review in progress)."""
    for n, ind in enumerate(indikator):
        if sampai is not None and n >= sampai:
            break
        if ind.eksternal:
            jawaban = p.jawaban.get(indikator=ind)
            verifikasi_services.reviu_save(
                penilaian=p,
                indikator=ind,
                user=evaluator,
                level_final=jawaban.level,
                metode="dokumen",
                catatan="Sesuai dokumen sumber.",
                rekomendasi="",
                versi_reviu=0,
            )
            continue
        berkas = set(
            p.jawaban.get(indikator=ind)
            .bukti.filter(butir__isnull=False)
            .values_list("butir_id", flat=True)
        )
        for b in items[ind.pk]:
            if b.pk not in berkas:
                continue
            if b.level >= 2 and rng.random() < 0.25:
                verifikasi_services.reviu_butir_save(
                    penilaian=p,
                    indikator=ind,
                    butir=b,
                    user=evaluator,
                    putusan="revisi",
                    alasan="bukti_tidak_tepat",
                    catatan="Dokumen belum ditandatangani pejabat yang berwenang.",
                )
            else:
                verifikasi_services.reviu_butir_save(
                    penilaian=p, indikator=ind, butir=b, user=evaluator, putusan="diterima"
                )


def seed_pemdi_demo(
    *, operator_kominfo: Pengguna, operator_bkd: Pengguna, evaluator: Pengguna, admin: Pengguna
) -> str:
    if Periode.objects.filter(tahun=TAHUN).exists():
        return f"Periode Pemdi {TAHUN} sudah ada."
    instrumen = instrumen_untuk_tahun(TAHUN)
    if instrumen is None or not Butir.objects.filter(indikator__instrumen=instrumen).exists():
        return f"Periode Pemdi {TAHUN} tidak dibuat: instrumen dengan butir belum dimuat."
    today = timezone.localdate()
    with tanpa_surel(), transaction.atomic():
        periode = periode_dibuka(
            {
                "nama": f"Evaluasi Pemdi OPD – {TAHUN}",
                "tahun": TAHUN,
                "instrumen": instrumen,
                "mulai_pengisian": today - timedelta(days=20),
                "batas_pengisian": today + timedelta(days=40),
                "batas_verifikasi": today + timedelta(days=70),
                "tahun_tpp": TAHUN + 1,
            }
        )
        indikator = list(instrumen.indikator.order_by("nomor"))
        items: dict[int, list[Butir]] = {}
        for b in Butir.objects.filter(indikator__instrumen=instrumen).select_related("indikator"):
            items.setdefault(b.indikator_id, []).append(b)
        rng = random.Random(TAHUN)
        kominfo = Penilaian.objects.get(periode=periode, opd_id=operator_kominfo.opd_id)
        bkd = Penilaian.objects.get(periode=periode, opd_id=operator_bkd.opd_id)
        opds = list(Opd.objects.filter(aktif=True).order_by("nama"))
        assigned = {*opds[: len(opds) // 2], kominfo.opd, bkd.opd}
        verifikasi_services.penugasan_add(
            periode=periode, evaluator=evaluator, opds=list(assigned), user=admin
        )
        # Diskominfopers: items being uploaded on the first eight indicators.
        _isi(kominfo, operator_kominfo, indikator[:8], items, rng, sebagian=True)
        # BKD: complete, submitted, reviewed half way (some items sent back).
        _isi(bkd, operator_bkd, indikator, items, rng)
        penilaian_services.penilaian_submit(penilaian=bkd, user=operator_bkd)
        _periksa(bkd, evaluator, indikator, items, rng, sampai=10)
        # Two OPDs already final, with fractional values from partially accepted levels.
        final = []
        operators = {
            u.opd_id: u
            for u in Pengguna.objects.filter(peran="operator", opd__in=assigned).exclude(
                opd__in=[kominfo.opd, bkd.opd]
            )
        }
        for p in (
            Penilaian.objects.filter(periode=periode, opd_id__in=operators)
            .select_related("opd")
            .order_by("opd__nama")[:2]
        ):
            operator = operators[p.opd_id]
            _isi(p, operator, indikator, items, rng)
            penilaian_services.penilaian_submit(penilaian=p, user=operator)
            _periksa(p, evaluator, indikator, items, rng)
            verifikasi_services.reviu_finalize(penilaian=p, user=evaluator)
            final.append(p.opd.singkatan or p.opd.nama)
    status = dict(Penilaian.objects.filter(periode=periode).values_list("opd_id", "status"))
    jumlah_final = sum(1 for s in status.values() if s == StatusPenilaian.FINAL)
    return (
        f"Periode Pemdi {TAHUN} (pengisian, per butir): Diskominfopers sedang mengunggah bukti "
        "per butir (satu nilai eksternal belum terbit), BKD diajukan dan sebagian butir sudah "
        f"diperiksa, {jumlah_final} OPD final dengan nilai pecahan ({', '.join(final) or '-'})."
    )
