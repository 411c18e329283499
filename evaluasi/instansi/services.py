"""Writes of the penilaian instansi: the pengampu map (one row, in bulk, copied from last
year), the pengampu's answers and files, the internal asesor's verdicts, the Koordinator's
choices and settled values. Views check who may act (spbe_portal.access); these functions
check what the data allows and raise the evaluation's typed refusals."""

import contextlib
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone

from evaluasi import butir as butir_rules
from evaluasi import scoring
from evaluasi.dokumen import services as dokumen_services
from evaluasi.galat import IsianTidakLengkap, Konflik, Terkunci, TransisiTidakSah
from evaluasi.instansi.selectors import jejak
from evaluasi.models import (
    AlasanRevisi,
    BerkasInstansi,
    Butir,
    Dokumen,
    Indikator,
    IsianButir,
    IsianEksternal,
    NilaiInstansi,
    Pengampu,
    PenilaianInstansi,
    Periode,
    ReviuInstansi,
    StatusPeriode,
)
from evaluasi.penilaian import berkas
from opd.models import Opd
from spbe_portal.files import atomic_with_files


def penilaian_instansi_buat(*, periode: Periode) -> PenilaianInstansi:
    """The period's penilaian instansi (idempotent); made when the period opens."""
    penilaian, _ = PenilaianInstansi.objects.get_or_create(periode=periode)
    return penilaian


# --- Pengampu map ---------------------------------------------------------------------------


def _ensure_map_editable(periode: Periode) -> None:
    if periode.status == StatusPeriode.DIPUBLIKASI:
        raise Terkunci("Periode sudah dipublikasi; peta pengampu tidak dapat diubah lagi.")


def _ensure_same_instrument(periode: Periode, indikator: Indikator, butir: Butir | None) -> None:
    if indikator.instrumen_id != periode.instrumen_id or (
        butir is not None and butir.indikator_id != indikator.pk
    ):
        raise TransisiTidakSah("Indikator atau butir bukan bagian dari instrumen periode ini.")


@transaction.atomic
def pengampu_atur(
    *, periode: Periode, indikator: Indikator, butir: Butir | None, opd_ids: set[int], user
) -> tuple[int, int]:
    """Make the OPDs holding one indicator (butir None) or one item exactly `opd_ids`.
    Returns (added, removed); each change is in the history with who and when."""
    _ensure_map_editable(periode)
    _ensure_same_instrument(periode, indikator, butir)
    valid = set(Opd.objects.filter(pk__in=opd_ids, aktif=True).values_list("pk", flat=True))
    if valid != set(opd_ids):
        raise TransisiTidakSah("OPD yang dipilih tidak dikenal atau tidak aktif.")
    # No ordering: the model's default order joins the (nullable) item, which PostgreSQL
    # cannot lock.
    rows = (
        Pengampu.objects.select_for_update()
        .filter(periode=periode, indikator=indikator, butir=butir)
        .order_by()
    )
    current = {r.opd_id: r for r in rows}
    removed = 0
    for opd_id, row in current.items():
        if opd_id not in valid:
            row._history_user = user
            row.delete()
            removed += 1
    added = 0
    for opd_id in sorted(valid - set(current)):
        row = Pengampu(periode=periode, indikator=indikator, butir=butir, opd_id=opd_id)
        row._history_user = user
        row.save()
        added += 1
    return added, removed


@transaction.atomic
def pengampu_lepas(*, pengampu: Pengampu, user) -> None:
    """Release one OPD from what it holds (the others stay), through pengampu_atur; the
    rows are read under their lock, so two releases at once do not bring one back."""
    sisa = set(
        Pengampu.objects.select_for_update()
        .filter(
            periode=pengampu.periode_id, indikator=pengampu.indikator_id, butir=pengampu.butir_id
        )
        .order_by()
        .values_list("opd_id", flat=True)
    ) - {pengampu.opd_id}
    pengampu_atur(
        periode=pengampu.periode,
        indikator=pengampu.indikator,
        butir=pengampu.butir,
        opd_ids=sisa,
        user=user,
    )


@transaction.atomic
def pengampu_tambah_massal(
    *, periode: Periode, sasaran: list[tuple[Indikator, Butir | None]], opd: Opd, user
) -> int:
    """Add one OPD as pengampu of many indicators or items at once (existing rows stay);
    returns how many were added."""
    _ensure_map_editable(periode)
    if not opd.aktif:
        raise TransisiTidakSah("OPD tidak aktif.")
    existing = set(
        Pengampu.objects.filter(periode=periode, opd=opd).values_list("indikator_id", "butir_id")
    )
    added = 0
    for indikator, butir in sasaran:
        _ensure_same_instrument(periode, indikator, butir)
        if (indikator.pk, butir.pk if butir else None) in existing:
            continue
        row = Pengampu(periode=periode, indikator=indikator, butir=butir, opd=opd)
        row._history_user = user
        row.save()
        added += 1
    return added


def _kunci_butir(butir: Butir | None) -> tuple | None:
    return None if butir is None else (butir.level, butir.nomor)


@transaction.atomic
def pengampu_salin(*, dari: Periode, ke: Periode, user) -> tuple[int, int]:
    """Copy last period's map: indicators matched by national short code (else number),
    items by level and number within them. Rows already there stay. Returns (copied,
    skipped) — skipped: what the new instrument has no match for, or inactive OPDs."""
    _ensure_map_editable(ke)
    if dari.pk == ke.pk:
        raise TransisiTidakSah("Periode asal dan tujuan sama.")
    target = {
        (i.kode_singkat or str(i.nomor)): i
        for i in Indikator.objects.filter(instrumen=ke.instrumen)
    }
    target_butir = {
        (b.indikator_id, b.level, b.nomor): b
        for b in Butir.objects.filter(indikator__instrumen=ke.instrumen)
    }
    existing = set(
        Pengampu.objects.filter(periode=ke).values_list("indikator_id", "butir_id", "opd_id")
    )
    copied = skipped = 0
    for row in Pengampu.objects.filter(periode=dari).select_related("indikator", "butir", "opd"):
        indikator = target.get(row.indikator.kode_singkat or str(row.indikator.nomor))
        butir = None
        if indikator is not None and row.butir is not None:
            butir = target_butir.get((indikator.pk, row.butir.level, row.butir.nomor))
        if indikator is None or (row.butir is not None and butir is None) or not row.opd.aktif:
            skipped += 1
            continue
        key = (indikator.pk, butir.pk if butir else None, row.opd_id)
        if key in existing:
            continue
        new = Pengampu(periode=ke, indikator=indikator, butir=butir, opd_id=row.opd_id)
        new._history_user = user
        new.save()
        existing.add(key)
        copied += 1
    return copied, skipped


# --- The pengampu's answers -----------------------------------------------------------------


def _ensure_bisa_diisi(penilaian: PenilaianInstansi) -> None:
    if penilaian.periode.status == StatusPeriode.PERSIAPAN:
        raise Terkunci("Periode belum dibuka.")


def _isian_kunci(penilaian: PenilaianInstansi, butir: Butir, opd_id: int) -> IsianButir:
    """The OPD's answer to the item under its row lock (created on first use)."""
    # A concurrent click may create it first; the lock below then takes that row.
    with contextlib.suppress(IntegrityError), transaction.atomic():
        IsianButir.objects.get_or_create(penilaian=penilaian, butir=butir, opd_id=opd_id)
    return (
        IsianButir.objects.select_for_update()
        .select_related("butir")
        .get(penilaian=penilaian, butir=butir, opd_id=opd_id)
    )


@atomic_with_files
def berkas_unggah(
    *,
    penilaian: PenilaianInstansi,
    butir: Butir,
    opd_id: int,
    user,
    data: bytes,
    nama: str,
    rahasia: bool = False,
) -> BerkasInstansi:
    """A file of the OPD's answer to the item: kept in the OPD's library (content-checked;
    bytes the OPD already has link the version there) and linked. Raises BerkasDitolak,
    Terkunci."""
    _ensure_bisa_diisi(penilaian)
    isian = _isian_kunci(penilaian, butir, opd_id)
    versi, _ = dokumen_services.berkas_terima(
        opd_id=opd_id, user=user, data=data, nama=nama, rahasia=rahasia
    )
    return _tautkan(penilaian, isian, versi, user)


@transaction.atomic
def berkas_tautkan(
    *, penilaian: PenilaianInstansi, butir: Butir, opd_id: int, user, dokumen: Dokumen
) -> BerkasInstansi:
    """A document of the OPD's library (its newest version) as a file of its answer to the
    item. Raises BerkasDitolak (another OPD's document, already linked), Terkunci."""
    _ensure_bisa_diisi(penilaian)
    if dokumen.opd_id != opd_id:
        raise berkas.BerkasDitolak("Dokumen ini bukan milik OPD ini.")
    isian = _isian_kunci(penilaian, butir, opd_id)
    versi = dokumen.versi.order_by("-nomor").first()
    if versi is None:
        raise berkas.BerkasDitolak("Dokumen ini belum memiliki berkas.")
    return _tautkan(penilaian, isian, versi, user)


def _tautkan(penilaian: PenilaianInstansi, isian: IsianButir, versi, user) -> BerkasInstansi:
    ada = (
        isian.berkas.filter(versi__dokumen_id=versi.dokumen_id, dihapus_pada__isnull=True)
        .select_related("versi__dokumen")
        .first()
    )
    if ada is not None:
        raise berkas.BerkasDitolak(
            dokumen_services.sudah_ditautkan(ada.versi, versi, f"butir {isian.butir.kode}")
        )
    row = BerkasInstansi.objects.create(isian=isian, versi=versi, ditautkan_oleh=user)
    _isian_diubah(isian, user)
    if isian.dipilih is not False:
        _penerimaan_gugur(penilaian, isian.butir, user)
    return row


def _penerimaan_gugur(penilaian: PenilaianInstansi, butir: Butir, user) -> None:
    """A file added to an answer going forward was never seen by the asesor: the item's
    acceptance lapses (back to unjudged, in the history), so it is judged again before it
    reaches the national package."""
    # The lock reviu_instansi_simpan takes: a verdict being saved waits, and vice versa.
    PenilaianInstansi.objects.select_for_update().get(pk=penilaian.pk)
    row = ReviuInstansi.objects.filter(
        penilaian=penilaian, butir=butir, putusan=butir_rules.Putusan.DITERIMA
    ).first()
    if row is None:
        return
    row.putusan, row.versi = butir_rules.Putusan.BELUM, row.versi + 1
    row._history_user = user
    row.save(update_fields=["putusan", "versi", "pada"])


def _isian_diubah(isian: IsianButir, user) -> None:
    isian.diubah, isian.diubah_oleh = timezone.now(), user
    isian.versi = F("versi") + 1
    isian.save(update_fields=["diubah", "diubah_oleh", "versi"])
    isian.refresh_from_db(fields=["versi"])


@transaction.atomic
def berkas_hapus(*, berkas_row: BerkasInstansi, user) -> BerkasInstansi:
    """Soft removal (the file stays on record); the item's acceptance lapses with its last file."""
    isian = (
        IsianButir.objects.select_for_update()
        .select_related("penilaian__periode")
        .get(pk=berkas_row.isian_id)
    )
    _ensure_bisa_diisi(isian.penilaian)
    row = BerkasInstansi.objects.select_for_update().get(pk=berkas_row.pk)
    if row.dihapus_pada is None:
        row.dihapus_pada, row.dihapus_oleh = timezone.now(), user
        row.save(update_fields=["dihapus_pada", "dihapus_oleh"])
        _isian_diubah(isian, user)
    return row


@transaction.atomic
def isian_catatan(
    *, penilaian: PenilaianInstansi, butir: Butir, opd_id: int, user, catatan: str, versi: int
) -> IsianButir:
    """Save the OPD's note on the item; `versi` is what the user saw (Konflik when stale)."""
    _ensure_bisa_diisi(penilaian)
    isian = _isian_kunci(penilaian, butir, opd_id)
    if isian.versi != versi:
        raise Konflik(
            "Isian butir ini sudah diubah orang lain sejak halaman dibuka; muat ulang halaman.",
            None,
        )
    isian.catatan = catatan.strip()
    isian.save(update_fields=["catatan"])
    _isian_diubah(isian, user)
    return isian


# --- Asesor and Koordinator -----------------------------------------------------------------


@transaction.atomic
def reviu_instansi_simpan(
    *,
    penilaian: PenilaianInstansi,
    butir: Butir,
    user,
    putusan: str,
    alasan: str = "",
    alasan_lain: str = "",
    catatan: str = "",
    versi: int,
    berkas_terlihat: str | None = None,
) -> ReviuInstansi:
    """The internal asesor's verdict on one item: diterima (needs a file), or revisi with a
    reason. `versi` guards against two asesor overwriting each other; `berkas_terlihat` (the
    files the page showed, selectors.jejak) against judging files that changed since."""
    _ensure_bisa_diisi(penilaian)
    PenilaianInstansi.objects.select_for_update().get(pk=penilaian.pk)
    row = ReviuInstansi.objects.filter(penilaian=penilaian, butir=butir).first()
    if (row.versi if row else 0) != versi:
        raise Konflik(
            "Butir ini sudah diperiksa orang lain sejak halaman dibuka; muat ulang.", None
        )
    if berkas_terlihat is not None:
        sekarang = BerkasInstansi.objects.filter(
            isian__penilaian=penilaian, isian__butir=butir, dihapus_pada__isnull=True
        ).values_list("pk", flat=True)
        if jejak(sekarang) != berkas_terlihat:
            raise Konflik(
                f"Berkas butir {butir.kode} berubah sejak halaman dibuka; periksa berkas "
                "terbaru lalu putuskan lagi.",
                None,
            )
    if putusan not in (butir_rules.Putusan.DITERIMA, butir_rules.Putusan.REVISI):
        raise TransisiTidakSah("Pilih diterima atau revisi.")
    if putusan == butir_rules.Putusan.DITERIMA:
        ada = BerkasInstansi.objects.filter(
            Q(isian__dipilih__isnull=True) | Q(isian__dipilih=True),
            isian__penilaian=penilaian,
            isian__butir=butir,
            dihapus_pada__isnull=True,
        ).exists()
        if not ada:
            raise TransisiTidakSah(f"Butir {butir.kode} belum punya berkas; tidak dapat diterima.")
        alasan = alasan_lain = ""
    else:
        if alasan not in AlasanRevisi.values:
            raise TransisiTidakSah("Pilih alasan revisi.")
        if alasan == AlasanRevisi.LAINNYA and not alasan_lain.strip():
            raise TransisiTidakSah("Tuliskan alasan revisi lainnya.")
    row = row or ReviuInstansi(penilaian=penilaian, butir=butir)
    row.putusan, row.alasan, row.alasan_lain = putusan, alasan, alasan_lain.strip()
    row.catatan, row.oleh, row.versi = catatan.strip(), user, (row.versi or 0) + 1
    row._history_user = user
    row.save()
    return row


@transaction.atomic
def isian_pilih(*, isian: IsianButir, dipilih: bool | None, user) -> IsianButir:
    """The Koordinator's choice for one pengampu's answer: goes forward (True), set aside
    (False) or undecided (None)."""
    row = IsianButir.objects.select_for_update().get(pk=isian.pk)
    row.dipilih, row.dipilih_oleh = dipilih, user
    row.save(update_fields=["dipilih", "dipilih_oleh"])
    return row


@transaction.atomic
def nilai_tetapkan(
    *,
    penilaian: PenilaianInstansi,
    indikator: Indikator,
    nilai: Decimal | None,
    catatan: str,
    user,
    versi: int,
) -> NilaiInstansi | None:
    """The Koordinator settles an indicator's value for the pemda, with a note (required);
    `nilai` None withdraws it (the computed value counts again)."""
    if indikator.instrumen_id != penilaian.periode.instrumen_id:
        raise TransisiTidakSah("Indikator bukan bagian dari instrumen periode ini.")
    PenilaianInstansi.objects.select_for_update().get(pk=penilaian.pk)
    row = NilaiInstansi.objects.filter(penilaian=penilaian, indikator=indikator).first()
    if (row.versi if row else 0) != versi:
        raise Konflik("Nilai indikator ini sudah ditetapkan orang lain; muat ulang halaman.", None)
    if nilai is None:
        if row is not None:
            row._history_user = user
            row.delete()
        return None
    if not (scoring.MIN_LEVEL <= nilai <= scoring.MAX_LEVEL):
        raise TransisiTidakSah("Nilai harus antara 1 dan 5.")
    if not catatan.strip():
        raise TransisiTidakSah("Tuliskan catatan: dasar penetapan nilai ini.")
    row = row or NilaiInstansi(penilaian=penilaian, indikator=indikator)
    row.nilai, row.catatan, row.oleh = nilai, catatan.strip(), user
    row.versi = (row.versi or 0) + 1
    row._history_user = user
    row.save()
    return row


@transaction.atomic
def eksternal_simpan(
    *,
    penilaian: PenilaianInstansi,
    indikator: Indikator,
    opd_id: int,
    user,
    nilai: Decimal | None,
    tanggal,
    sumber: str,
    belum_tersedia: bool,
    versi: int,
) -> IsianEksternal:
    """A pengampu's report of an externally valued indicator: the value with its date and
    source, or "not out yet". `versi` is what the user saw (Konflik when stale)."""
    _ensure_bisa_diisi(penilaian)
    if not indikator.eksternal or indikator.instrumen_id != penilaian.periode.instrumen_id:
        raise TransisiTidakSah("Indikator ini tidak dinilai dari indeks eksternal.")
    PenilaianInstansi.objects.select_for_update().get(pk=penilaian.pk)
    row = IsianEksternal.objects.filter(
        penilaian=penilaian, indikator=indikator, opd_id=opd_id
    ).first()
    if (row.versi if row else 0) != versi:
        raise Konflik("Laporan ini sudah diubah orang lain; muat ulang halaman.", None)
    sumber = sumber.strip()
    if belum_tersedia:
        nilai = tanggal = None
    else:
        if nilai is None or tanggal is None or not sumber:
            raise IsianTidakLengkap(
                "Isi nilai, tanggal penilaian dan sumbernya — atau tandai belum tersedia."
            )
        if not (scoring.MIN_LEVEL <= nilai <= scoring.MAX_LEVEL):
            raise TransisiTidakSah("Nilai harus antara 1 dan 5.")
        if tanggal > timezone.localdate():
            raise TransisiTidakSah("Tanggal penilaian tidak boleh di masa depan.")
    row = row or IsianEksternal(penilaian=penilaian, indikator=indikator, opd_id=opd_id)
    row.nilai, row.tanggal, row.sumber, row.belum_tersedia = nilai, tanggal, sumber, belum_tersedia
    row.diubah_oleh, row.versi = user, (row.versi or 0) + 1
    row._history_user = user
    row.save()
    return row
