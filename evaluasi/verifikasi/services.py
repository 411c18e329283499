"""Writes of the evaluator side: assignments of evaluators to OPDs, the per-indicator review,
evidence validation, requests for revision, finalisation and reopening.

Every write checks the evaluator's assignment and the penilaian's status under a row lock
(`ensure_evaluator_can_review`)."""

from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from evaluasi import states, surel
from evaluasi.galat import BelumLengkap, IsianTidakLengkap, Konflik, Terkunci
from evaluasi.models import (
    AlasanRevisi,
    BeritaAcara,
    Bukti,
    Butir,
    Indikator,
    Jawaban,
    JenisBeritaAcara,
    JenisRiwayat,
    Penilaian,
    Penugasan,
    Periode,
    Putusan,
    ReviuButir,
    Riwayat,
    StatusPenilaian,
)
from evaluasi.penilaian.selectors import penilaian_butir
from evaluasi.penilaian.services import (
    apply_changes,
    as_strings,
    nilai_butir,
    nilai_final_segarkan,
    penilaian_transisi,
)
from evaluasi.verifikasi.selectors import (
    keterangan_belum_final,
    penilaian_belum_final,
    penilaian_hasil_final,
)
from opd.models import Opd


def ensure_evaluator_can_review(penilaian: Penilaian) -> None:
    alasan = states.alasan_tidak_bisa_mereviu(
        periode_status=penilaian.periode.status, penilaian_status=penilaian.status
    )
    if alasan:
        raise Terkunci(alasan)


def _lock_for_review(penilaian: Penilaian) -> Penilaian:
    penilaian = (
        Penilaian.objects.select_for_update().select_related("periode", "opd").get(pk=penilaian.pk)
    )
    ensure_evaluator_can_review(penilaian)
    return penilaian


def _start_verification(penilaian: Penilaian, user) -> None:
    # The first evaluator action moves a submitted penilaian into verification.
    if penilaian.status == StatusPenilaian.DIAJUKAN:
        penilaian_transisi(penilaian=penilaian, ke=StatusPenilaian.DIVERIFIKASI, user=user)


@transaction.atomic
def penugasan_add(*, periode: Periode, evaluator, opds: list[Opd], user) -> int:
    """Assign `evaluator` to every OPD in `opds` for the period; returns how many are new.

    Existing assignments are kept as they are (neither re-created nor recorded again).
    """
    _lock_penugasan(periode)
    existing = set(periode.penugasan.filter(evaluator=evaluator).values_list("opd_id", flat=True))
    rows = [
        Penugasan(periode=periode, opd=opd, evaluator=evaluator, oleh=user)
        for opd in opds
        if opd.pk not in existing
    ]
    return len(bulk_create_with_history(rows, Penugasan, default_user=user))


def _lock_penugasan(periode: Periode) -> None:
    """Serialise assignment writes of one period until commit, so the set of existing
    assignments read next stays true and the insert (with its history rows) never conflicts."""
    Periode.objects.select_for_update().get(pk=periode.pk)


@transaction.atomic
def penugasan_copy(*, dari: Periode, ke: Periode, user) -> int:
    """Copy the assignments of an earlier period (for OPDs and evaluators still active)."""
    _lock_penugasan(ke)
    existing = set(ke.penugasan.values_list("opd_id", "evaluator_id"))
    rows = [
        Penugasan(periode=ke, opd_id=p.opd_id, evaluator_id=p.evaluator_id, oleh=user)
        for p in dari.penugasan.filter(opd__aktif=True, evaluator__is_active=True)
        if (p.opd_id, p.evaluator_id) not in existing
    ]
    return len(bulk_create_with_history(rows, Penugasan, default_user=user))


@transaction.atomic
def reviu_save(
    *,
    penilaian: Penilaian,
    indikator: Indikator,
    user,
    level_final: int | Decimal | None,
    metode: str,
    catatan: str,
    rekomendasi: str,
    versi_reviu: int,
    alasan_penyesuaian: str = "",
) -> Jawaban:
    """Save the evaluator's verdict on one indicator. With items (butir) the value comes from
    the item verdicts; a `level_final` given then overrides it and needs a reason, and None
    returns to the computed value. Raises Terkunci, Konflik, IsianTidakLengkap."""
    penilaian = _lock_for_review(penilaian)
    if penilaian.tidak_berlaku.filter(indikator=indikator).exists():
        raise Terkunci("Indikator ini tidak berlaku untuk OPD ini.")
    jawaban = (
        Jawaban.objects.select_for_update().filter(penilaian=penilaian, indikator=indikator).first()
    ) or Jawaban(penilaian=penilaian, indikator=indikator)
    if jawaban.versi_reviu != versi_reviu:
        raise Konflik("Verifikasi indikator ini sudah diubah evaluator lain.", jawaban)
    alasan_penyesuaian = alasan_penyesuaian.strip()
    keadaan = penilaian_butir(penilaian, indikator).get(indikator.pk)
    if keadaan:
        if level_final is None:
            alasan_penyesuaian = ""
            level_final = nilai_butir(penilaian, keadaan)
        elif not alasan_penyesuaian:
            raise IsianTidakLengkap(
                "Tuliskan alasan menyesuaikan nilai yang dihitung dari butir yang diterima."
            )
    elif level_final is None:
        raise IsianTidakLengkap("Pilih nilai final.")
    new = {
        "level_final": level_final,
        "alasan_penyesuaian": alasan_penyesuaian,
        "metode": metode,
        "catatan_evaluator": catatan.strip(),
        "rekomendasi": rekomendasi.strip(),
    }
    changes = apply_changes(jawaban, new, penilaian=penilaian, indikator=indikator, user=user)
    if not changes:
        return jawaban
    jawaban.versi_reviu += 1
    jawaban.direviu_pada, jawaban.direviu_oleh = timezone.now(), user
    jawaban.full_clean(exclude=["penilaian", "indikator", "diubah_oleh", "direviu_oleh"])
    jawaban.save()
    Riwayat.objects.bulk_create(changes)
    _start_verification(penilaian, user)
    return jawaban


@transaction.atomic
def reviu_butir_save(
    *,
    penilaian: Penilaian,
    indikator: Indikator,
    butir: Butir,
    user,
    putusan: str,
    alasan: str = "",
    alasan_lain: str = "",
    catatan: str = "",
    versi: int | None = None,
) -> ReviuButir:
    """The evaluator's verdict on one item: diterima (only with evidence), or revisi with a
    reason (and a text when the reason is "lainnya"). `versi` is the verdict's version the
    evaluator saw (0 = none yet): another evaluator's newer verdict is not overwritten
    unseen. The indicator's value follows the verdicts unless the evaluator has overridden
    it. Raises Terkunci, IsianTidakLengkap, Konflik."""
    penilaian = _lock_for_review(penilaian)
    if butir.indikator_id != indikator.pk:
        raise Terkunci("Butir ini bukan milik indikator tersebut.")
    if penilaian.tidak_berlaku.filter(indikator=indikator).exists():
        raise Terkunci("Indikator ini tidak berlaku untuk OPD ini.")
    if putusan not in (Putusan.DITERIMA, Putusan.REVISI):
        raise IsianTidakLengkap("Pilih diterima atau revisi.")
    alasan_lain, catatan = alasan_lain.strip(), catatan.strip()
    if putusan == Putusan.REVISI:
        if alasan not in AlasanRevisi.values:
            raise IsianTidakLengkap("Pilih alasan revisi.")
        if alasan == AlasanRevisi.LAINNYA and not alasan_lain:
            raise IsianTidakLengkap("Tuliskan alasan revisi yang lain.")
    else:
        alasan, alasan_lain = "", ""
    if alasan != AlasanRevisi.LAINNYA:
        alasan_lain = ""
    jawaban, _ = Jawaban.objects.select_for_update().get_or_create(
        penilaian=penilaian, indikator=indikator
    )
    butir.indikator = indikator
    if (
        putusan == Putusan.DITERIMA
        and not jawaban.bukti.filter(butir=butir, dihapus_pada__isnull=True).exists()
    ):
        raise IsianTidakLengkap(
            f"Butir {butir.kode} belum memiliki berkas bukti sehingga tidak dapat diterima; "
            "pilih Revisi dengan alasan Belum diunggah."
        )
    reviu = ReviuButir.objects.filter(jawaban=jawaban, butir=butir).first() or ReviuButir(
        jawaban=jawaban, butir=butir
    )
    if versi is not None and reviu.versi != versi:
        raise Konflik(
            f"Butir {butir.kode} sudah diperiksa evaluator lain sejak halaman dibuka "
            f"(sekarang: {reviu.get_putusan_display().lower()}); periksa lagi.",
            jawaban,
        )
    sebelum = reviu.get_putusan_display() if reviu.pk else "belum diperiksa"
    reviu.putusan, reviu.alasan, reviu.alasan_lain, reviu.catatan = (
        putusan,
        alasan,
        alasan_lain,
        catatan,
    )
    reviu.oleh = user
    reviu.versi += 1
    reviu.save()
    sesudah = reviu.get_putusan_display() + (f" ({reviu.alasan_tampil})" if alasan else "")
    riwayat = [
        Riwayat(
            penilaian=penilaian,
            indikator=indikator,
            pengguna=user,
            jenis=JenisRiwayat.BUTIR,
            sebelum=f"{butir.kode}: {sebelum}",
            sesudah=f"{butir.kode}: {sesudah}",
        )
    ]
    Riwayat.objects.bulk_create(riwayat)
    # The indicator was reviewed now, by this evaluator (the grid's ✓ and "Terakhir …").
    jawaban.direviu_pada, jawaban.direviu_oleh = timezone.now(), user
    jawaban.save(update_fields=["direviu_pada", "direviu_oleh"])
    nilai_final_segarkan(penilaian=penilaian, jawaban=jawaban, user=user)
    _start_verification(penilaian, user)
    return reviu


@transaction.atomic
def bukti_validate(*, bukti: Bukti, user, valid: bool, alasan: str) -> Bukti:
    """Mark an evidence file valid or invalid (a reason is required for invalid)."""
    penilaian = _lock_for_review(bukti.jawaban.penilaian)
    alasan = alasan.strip()
    if not valid and not alasan:
        raise IsianTidakLengkap("Tuliskan alasan mengapa bukti tidak valid.")
    sebelum = {None: "belum diperiksa", True: "valid", False: "tidak valid"}[bukti.valid]
    bukti.valid, bukti.alasan_tidak_valid = valid, ("" if valid else alasan)
    bukti.diperiksa_oleh, bukti.diperiksa_pada = user, timezone.now()
    bukti.save(update_fields=["valid", "alasan_tidak_valid", "diperiksa_oleh", "diperiksa_pada"])
    Riwayat.objects.create(
        penilaian=penilaian,
        indikator=bukti.jawaban.indikator,
        pengguna=user,
        jenis=JenisRiwayat.VALIDASI,
        sebelum=f"{bukti.nama_asli}: {sebelum}",
        sesudah=f"{bukti.nama_asli}: " + ("valid" if valid else f"tidak valid ({alasan})"),
    )
    _start_verification(penilaian, user)
    return bukti


@transaction.atomic
def perbaikan_request(
    *, penilaian: Penilaian, user, indikator: list[Indikator], catatan: str
) -> Penilaian:
    """Send chosen indicators back to the operator (perlu_perbaikan) with a note."""
    penilaian = _lock_for_review(penilaian)
    if not indikator:
        raise IsianTidakLengkap("Pilih minimal satu indikator yang perlu diperbaiki.")
    if not catatan.strip():
        raise IsianTidakLengkap("Tuliskan catatan perbaikan untuk operator.")
    now = timezone.now()
    Jawaban.objects.filter(penilaian=penilaian).update(perlu_perbaikan=False)
    for ind in indikator:
        jawaban, _ = Jawaban.objects.select_for_update().get_or_create(
            penilaian=penilaian, indikator=ind
        )
        jawaban.perlu_perbaikan = True
        jawaban.catatan_perbaikan = catatan.strip()
        jawaban.perbaikan_diminta_pada = now
        jawaban.level_sebelum_perbaikan = jawaban.level
        jawaban.penjelasan_sebelum_perbaikan = jawaban.penjelasan
        jawaban.tautan_sebelum_perbaikan = jawaban.tautan
        jawaban.jumlah_perbaikan += 1
        jawaban.save()
        Riwayat.objects.create(
            penilaian=penilaian,
            indikator=ind,
            pengguna=user,
            jenis=JenisRiwayat.PERBAIKAN,
            sesudah=catatan.strip(),
        )
    penilaian_transisi(penilaian=penilaian, ke=StatusPenilaian.PERLU_PERBAIKAN, user=user)
    surel.perbaikan(penilaian)  # queued with the request, sent after commit
    return penilaian


@transaction.atomic
def reviu_finalize(*, penilaian: Penilaian, user) -> Penilaian:
    """Finalize: every applicable indicator needs a final level; freezes the final index and
    writes the berita acara. Raises Terkunci, BelumLengkap."""
    penilaian = _lock_for_review(penilaian)
    missing = penilaian_belum_final(penilaian)
    if missing:
        galat = BelumLengkap("Belum dapat difinalkan", missing, "nilai final")
        galat.args = (f"Belum dapat difinalkan: {keterangan_belum_final(penilaian)}.",)
        raise galat
    # A re-submitted penilaian whose final levels all stand may be finalized at once.
    _start_verification(penilaian, user)
    hasil = penilaian_hasil_final(penilaian)
    penilaian.indeks_final, penilaian.predikat_final = hasil.indeks, hasil.predikat
    penilaian.aspek_final, penilaian.domain_final = (
        as_strings(hasil.aspek),
        as_strings(hasil.domain),
    )
    penilaian.difinalkan_pada, penilaian.difinalkan_oleh = timezone.now(), user
    penilaian_transisi(
        penilaian=penilaian,
        ke=StatusPenilaian.FINAL,
        user=user,
        keterangan=f" (indeks final {hasil.indeks})",
        fields=(
            "indeks_final",
            "predikat_final",
            "aspek_final",
            "domain_final",
            "difinalkan_pada",
            "difinalkan_oleh",
        ),
    )
    Jawaban.objects.filter(penilaian=penilaian).update(perlu_perbaikan=False)
    BeritaAcara.objects.create(
        penilaian=penilaian,
        jenis=JenisBeritaAcara.FINAL,
        oleh=user,
        indeks_mandiri=penilaian.indeks_mandiri,
        predikat_mandiri=penilaian.predikat_mandiri,
        indeks_final=hasil.indeks,
        predikat_final=hasil.predikat,
    )
    surel.difinalkan(penilaian)  # no figure in it: results wait for publication
    return penilaian


@transaction.atomic
def penilaian_reopen(*, penilaian: Penilaian, user, alasan: str) -> Penilaian:
    """Admin reopens a final penilaian for verification; the reason is recorded."""
    penilaian = Penilaian.objects.select_for_update().select_related("periode").get(pk=penilaian.pk)
    if penilaian.status != StatusPenilaian.FINAL:
        raise states.TransisiTidakSah("Hanya penilaian final yang dapat dibuka kembali.")
    # Checked before the reason, so a published result is refused whatever was typed.
    states.penilaian_check(
        penilaian.status, StatusPenilaian.DIVERIFIKASI, periode_status=penilaian.periode.status
    )
    if not alasan.strip():
        raise IsianTidakLengkap("Tuliskan alasan membuka kembali penilaian.")
    penilaian_transisi(
        penilaian=penilaian,
        ke=StatusPenilaian.DIVERIFIKASI,
        user=user,
        keterangan=f" (dibuka kembali: {alasan.strip()})",
    )
    BeritaAcara.objects.create(
        penilaian=penilaian,
        jenis=JenisBeritaAcara.DIBUKA,
        oleh=user,
        alasan=alasan.strip(),
        indeks_mandiri=penilaian.indeks_mandiri,
        predikat_mandiri=penilaian.predikat_mandiri,
        indeks_final=penilaian.indeks_final,
        predikat_final=penilaian.predikat_final,
    )
    return penilaian
