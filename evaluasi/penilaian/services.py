"""Writes of the self-assessment side: periods (create, edit, advance), the penilaian of each
OPD in a period, answers, evidence upload/removal/restore, not-applicable marks and the
operator's submission.

Every operator write locks the penilaian row and checks that the operator may still edit
(`ensure_operator_can_edit`), so two tabs or two clicks cannot both win."""

from datetime import date
from decimal import Decimal

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from evaluasi import butir as butir_rules
from evaluasi import ringkasan, states, surel
from evaluasi.dokumen import services as dokumen_services
from evaluasi.galat import BelumLengkap, IsianTidakLengkap, Konflik, Terkunci
from evaluasi.instansi.services import penilaian_instansi_buat
from evaluasi.instrumen.services import instrumen_freeze
from evaluasi.models import (
    Bukti,
    Butir,
    Dokumen,
    Indikator,
    Jawaban,
    JenisRiwayat,
    Penilaian,
    Periode,
    RingkasanPeriode,
    Riwayat,
    StatusPenilaian,
    StatusPeriode,
    TidakBerlaku,
)
from evaluasi.penilaian import berkas
from evaluasi.penilaian.selectors import (
    butir_kurang,
    penilaian_belum_lengkap,
    penilaian_butir,
    penilaian_hasil_mandiri,
)
from evaluasi.tampil import nilai_tampil
from opd.models import Opd
from spbe_portal.files import atomic_with_files


@transaction.atomic
def periode_create(*, data: dict) -> Periode:
    """Create a period. Its instrument is frozen from now on, so results stay reproducible."""
    periode = Periode(**data)
    periode.full_clean()
    periode.save()
    instrumen_freeze(instrumen=periode.instrumen)
    return periode


@transaction.atomic
def periode_update(*, periode: Periode, data: dict) -> Periode:
    stored = Periode.objects.select_for_update().get(pk=periode.pk)
    if (
        data.get("instrumen")
        and data["instrumen"] != stored.instrumen
        and stored.status != StatusPeriode.PERSIAPAN
    ):
        raise states.TransisiTidakSah(
            "Instrumen hanya dapat diganti selama periode masih persiapan."
        )
    changed = [name for name, value in data.items() if getattr(stored, name) != value]
    for name in changed:
        setattr(stored, name, data[name])
    if changed:
        stored.full_clean()
        stored.save(update_fields=[*changed, "diubah"])
        if "instrumen" in changed:
            instrumen_freeze(instrumen=stored.instrumen)
    return stored


@transaction.atomic
def penilaian_create_all(*, periode: Periode) -> int:
    """One penilaian per active OPD (idempotent); returns how many were created. Each new
    one is a draft not yet started, counted so in the period's summary."""
    existing = set(periode.penilaian.values_list("opd_id", flat=True))
    missing = Opd.objects.filter(aktif=True).exclude(pk__in=existing)
    baru = [Penilaian(periode=periode, opd=opd) for opd in missing]
    Penilaian.objects.bulk_create(baru, ignore_conflicts=True)
    # What was really inserted (a conflict is skipped silently, and not returned as such).
    created = periode.penilaian.count() - len(existing)
    if created and baru:
        satu = ringkasan.ringkas(
            **{name: getattr(baru[0], name) for name in ringkasan.KOLOM_RINGKAS}
        )
        _ringkasan_tambah(periode.pk, {key: (created, value) for key, value in satu.items()})
    return created


@transaction.atomic
def periode_advance(*, periode: Periode, dari: str | None = None) -> tuple[Periode, int]:
    """Move the period one step on; opening it (pengisian) creates the penilaian.

    `dari` is the status the user saw: it is compared under the row lock, so two clicks
    (or two admins) at once move the period one step, never two. Returns the period and the
    number of penilaian created. Raises TransisiTidakSah (StatusBerubah when `dari` is stale).
    """
    stored = Periode.objects.select_for_update().get(pk=periode.pk)
    if dari is not None and stored.status != dari:
        raise states.StatusBerubah(
            "Status periode sudah berubah sejak halaman dibuka "
            f"(sekarang {stored.get_status_display()}); periksa lagi sebelum melanjutkan."
        )
    periode_transisi(periode=stored, ke=states.periode_next(stored.status))
    created = 0
    if stored.status == StatusPeriode.PENGISIAN:
        created = penilaian_create_all(periode=stored)
        penilaian_instansi_buat(periode=stored)
        surel.periode_dibuka(stored)  # queued with the step, sent after commit
    elif stored.status == StatusPeriode.DIPUBLIKASI:
        surel.dipublikasi(stored)
    return stored, created


@transaction.atomic
def periode_mundur(*, periode: Periode, dari: str | None, alasan: str) -> Periode:
    """Step the period one stage back (a publication withdrawn included), with a reason kept
    in its history. Refused while it would lose submissions or after the TPP recap has left
    the portal (states.periode_mundur_check); `dari` is checked under the lock as in
    periode_advance."""
    stored = Periode.objects.select_for_update().get(pk=periode.pk)
    if dari is not None and stored.status != dari:
        raise states.StatusBerubah(
            "Status periode sudah berubah sejak halaman dibuka "
            f"(sekarang {stored.get_status_display()}); periksa lagi."
        )
    ke = states.periode_mundur_check(
        stored.status,
        jumlah_diajukan=stored.penilaian.exclude(status=StatusPenilaian.DRAFT).count(),
        tpp_diekspor=stored.tpp_diekspor_pada is not None,
    )
    periode_transisi(periode=stored, ke=ke, alasan=alasan)
    return stored


def periode_tandai_tpp_diekspor(*, periode: Periode, user) -> None:
    """Remember the first export of a published period's TPP recap (who and when)."""
    if periode.status != StatusPeriode.DIPUBLIKASI:
        return
    Periode.objects.filter(pk=periode.pk, tpp_diekspor_pada__isnull=True).update(
        tpp_diekspor_pada=timezone.now(), tpp_diekspor_oleh=user
    )


def periode_transisi(*, periode: Periode, ke: str, alasan: str = "") -> None:
    """The one place a period's status changes, publication and stepping back included. The
    caller holds the period's row lock; the change, with the reason for a step back, is kept
    in the period's history (Log aktivitas)."""
    states.periode_check(periode.status, ke, alasan=alasan)
    periode.status = ke
    periode._change_reason = alasan.strip() or None
    periode.save(update_fields=["status", "diubah"])


def penilaian_transisi(
    *, penilaian: Penilaian, ke: str, user, keterangan: str = "", fields: tuple = ()
) -> None:
    """The one place a penilaian's status changes: submit, start of verification, revision,
    finalise and reopen all come through here. The caller holds the penilaian's row lock and
    has set the `fields` that change with the status; the history entry says who and when."""
    sebelum = penilaian.status
    states.penilaian_check(sebelum, ke, periode_status=penilaian.periode.status)
    penilaian.status = ke
    _simpan(penilaian, ["status", *fields, "diubah"])
    Riwayat.objects.create(
        penilaian=penilaian,
        pengguna=user,
        jenis=JenisRiwayat.STATUS,
        sebelum=sebelum,
        sesudah=f"{ke}{keterangan}",
    )


def ensure_operator_can_edit(penilaian: Penilaian, indikator: Indikator | None = None) -> None:
    """Raises Terkunci when the period window or the penilaian status forbids edits.

    During a revision only the indicators the evaluator sent back may change.
    """
    periode = penilaian.periode
    alasan = states.alasan_tidak_bisa_mengisi(
        periode_status=periode.status,
        penilaian_status=penilaian.status,
        hari_ini=timezone.localdate(),
        mulai=periode.mulai_pengisian,
        batas=periode.batas_pengisian,
        batas_perbaikan=periode.batas_verifikasi,
    )
    if alasan:
        raise Terkunci(alasan)
    if (
        penilaian.status == StatusPenilaian.PERLU_PERBAIKAN
        and indikator is not None
        and not Jawaban.objects.filter(
            penilaian=penilaian, indikator=indikator, perlu_perbaikan=True
        ).exists()
    ):
        raise Terkunci(
            "Hanya indikator yang diminta diperbaiki evaluator yang dapat diubah saat ini."
        )


def _ensure_applicable(penilaian: Penilaian, indikator: Indikator) -> None:
    if penilaian.tidak_berlaku.filter(indikator=indikator).exists():
        raise Terkunci("Indikator ini ditandai tidak berlaku untuk OPD Anda.")


def _teks(value) -> str:
    # A value is written as people read it (3, 1,17), not as stored (3.0000).
    if isinstance(value, Decimal):
        return nilai_tampil(value, "")
    return str(value)


def _riwayat(penilaian, indikator, user, jenis, sebelum="", sesudah="") -> Riwayat:
    return Riwayat(
        penilaian=penilaian,
        indikator=indikator,
        pengguna=user,
        jenis=jenis,
        sebelum=_teks(sebelum),
        sesudah=_teks(sesudah),
    )


def apply_changes(jawaban: Jawaban, new: dict, *, penilaian, indikator, user) -> list[Riwayat]:
    """Set the fields of `new` that differ and return one unsaved history entry per change.

    The history kind is the field's name (JenisRiwayat mirrors the answer's fields).
    """
    changes = [
        _riwayat(penilaian, indikator, user, field, getattr(jawaban, field) or "", value or "")
        for field, value in new.items()
        if (getattr(jawaban, field) or "") != (value or "")
    ]
    for field, value in new.items():
        setattr(jawaban, field, value)
    return changes


@transaction.atomic
def jawaban_save(
    *,
    penilaian: Penilaian,
    indikator: Indikator,
    user,
    level: int | Decimal | None,
    penjelasan: str,
    tautan: list[str],
    versi: int,
    tanggal_eksternal: date | None = None,
    eksternal_belum: bool = False,
) -> Jawaban:
    """Save one answer if `versi` is still current; record what changed; refresh the index.

    With items (butir), the level may not pass what the evidence supports; an externally
    valued indicator takes a decimal value and the date it was assessed. Raises Terkunci
    (window/status/N-A), IsianTidakLengkap (a claim above the evidence) and Konflik (stale
    form).
    """
    penilaian = Penilaian.objects.select_for_update().select_related("periode").get(pk=penilaian.pk)
    ensure_operator_can_edit(penilaian, indikator)
    _ensure_applicable(penilaian, indikator)
    jawaban = (
        Jawaban.objects.select_for_update().filter(penilaian=penilaian, indikator=indikator).first()
    ) or Jawaban(penilaian=penilaian, indikator=indikator)
    if jawaban.versi != versi:
        raise Konflik("Jawaban ini sudah diubah orang lain sejak halaman Anda dibuka.", jawaban)
    _ensure_klaim_terdukung(penilaian, indikator, level)
    if indikator.eksternal and eksternal_belum:
        # Not out yet: it counts what the instrument says national practice counts.
        level = penilaian.periode.instrumen.nilai_eksternal_bawaan
        if level is None:
            raise IsianTidakLengkap("Instrumen ini mewajibkan nilai dari sumber eksternal.")
        tanggal_eksternal = None

    new = {"level": level, "penjelasan": penjelasan.strip(), "tautan": "\n".join(tautan)}
    if indikator.eksternal:
        new["tanggal_eksternal"] = tanggal_eksternal
        new["eksternal_belum"] = eksternal_belum
    changes = apply_changes(jawaban, new, penilaian=penilaian, indikator=indikator, user=user)
    if not changes:
        return jawaban
    jawaban.versi += 1
    jawaban.diubah = timezone.now()
    jawaban.diubah_oleh = user
    jawaban.full_clean(exclude=["penilaian", "indikator", "diubah_oleh"])
    jawaban.save()
    Riwayat.objects.bulk_create(changes)
    penilaian_refresh(penilaian=penilaian)
    return jawaban


def _ensure_klaim_terdukung(penilaian: Penilaian, indikator: Indikator, level) -> None:
    """Levels are cumulative: a level counts only once every required item of it and of the
    levels below has evidence. Claiming lower is always allowed."""
    if level is None:
        return
    keadaan = penilaian_butir(penilaian, indikator).get(indikator.pk)
    if not keadaan:
        return
    terdukung = butir_rules.level_terdukung(keadaan)
    if level > terdukung:
        kurang = butir_kurang(indikator, keadaan, level)
        raise IsianTidakLengkap(
            f"Level {level} belum dapat dipilih: butir utama {', '.join(kurang)} belum memiliki "
            "berkas bukti. Level tertinggi yang didukung bukti saat ini: "
            f"{terdukung or 'belum ada'}."
        )


def nilai_butir(penilaian: Penilaian, keadaan) -> Decimal | None:
    """The value an indicator's item verdicts give, or None while no item has been judged."""
    if not any(b.putusan for b in keadaan):
        return None
    return butir_rules.hitung(keadaan, penilaian.periode.instrumen.kredit_parsial).nilai


def nilai_final_segarkan(*, penilaian: Penilaian, jawaban: Jawaban, user) -> None:
    """Bring the final value of an indicator judged item by item in line with its items (a
    verdict given, an accepted item's file removed or restored) unless the evaluator has
    overridden it; the change is kept in the history. The caller holds the row locks."""
    if jawaban.alasan_penyesuaian:
        return
    keadaan = penilaian_butir(penilaian, jawaban.indikator).get(jawaban.indikator_id)
    if not keadaan:
        return
    changes = apply_changes(
        jawaban,
        {"level_final": nilai_butir(penilaian, keadaan)},
        penilaian=penilaian,
        indikator=jawaban.indikator,
        user=user,
    )
    if changes:
        jawaban.save(update_fields=["level_final"])
        Riwayat.objects.bulk_create(changes)


@atomic_with_files
def bukti_upload(
    *,
    penilaian: Penilaian,
    indikator: Indikator,
    user,
    data: bytes,
    nama: str,
    butir: Butir | None = None,
) -> Bukti:
    """Evidence uploaded to the indicator or to one of its items: the file goes into the OPD's
    library (content-checked; bytes the OPD already has link the version there, so nothing
    is stored twice) and the answer links it. Raises BerkasDitolak, Terkunci."""
    penilaian = _kunci_untuk_bukti(penilaian, indikator, butir)
    versi, baru = dokumen_services.berkas_terima(
        opd_id=penilaian.opd_id, user=user, data=data, nama=nama
    )
    aksi = "diunggah" if baru else "ditautkan dari pustaka"
    return _tautkan(penilaian, indikator, versi, butir, user, aksi=aksi)


@transaction.atomic
def bukti_tautkan(
    *,
    penilaian: Penilaian,
    indikator: Indikator,
    dokumen: Dokumen,
    user,
    butir: Butir | None = None,
    dari_tahun: int | None = None,
) -> Bukti:
    """A document of the OPD's library (its newest version) as evidence of the indicator or
    one of its items. Raises BerkasDitolak (another OPD's document, already linked), Terkunci."""
    penilaian = _kunci_untuk_bukti(penilaian, indikator, butir)
    if dokumen.opd_id != penilaian.opd_id:
        raise berkas.BerkasDitolak("Dokumen ini bukan milik OPD ini.")
    versi = dokumen.versi.order_by("-nomor").first()
    if versi is None:  # a document always has a version; a hand-made row may not
        raise berkas.BerkasDitolak("Dokumen ini belum memiliki berkas.")
    aksi = f"ditautkan dari {dari_tahun}" if dari_tahun else "ditautkan dari pustaka"
    return _tautkan(penilaian, indikator, versi, butir, user, aksi=aksi, dari_tahun=dari_tahun)


def _kunci_untuk_bukti(penilaian: Penilaian, indikator: Indikator, butir: Butir | None):
    if butir is not None and butir.indikator_id != indikator.pk:
        raise berkas.BerkasDitolak("Butir ini bukan milik indikator tersebut.")
    penilaian = Penilaian.objects.select_for_update().select_related("periode").get(pk=penilaian.pk)
    ensure_operator_can_edit(penilaian, indikator)
    _ensure_applicable(penilaian, indikator)
    return penilaian


def _tautkan(penilaian, indikator, versi, butir, user, *, aksi: str, dari_tahun=None) -> Bukti:
    jawaban, _ = Jawaban.objects.get_or_create(penilaian=penilaian, indikator=indikator)
    ada = (
        jawaban.bukti.filter(
            versi__dokumen_id=versi.dokumen_id, butir=butir, dihapus_pada__isnull=True
        )
        .select_related("versi__dokumen")
        .first()
    )
    if ada is not None:
        tempat = f"butir {butir.kode}" if butir else "indikator ini"
        raise berkas.BerkasDitolak(dokumen_services.sudah_ditautkan(ada.versi, versi, tempat))
    bukti = Bukti.objects.create(
        jawaban=jawaban, versi=versi, butir=butir, ditautkan_oleh=user, dari_tahun=dari_tahun
    )
    Riwayat.objects.create(
        penilaian=penilaian,
        indikator=indikator,
        pengguna=user,
        jenis=JenisRiwayat.BUKTI,
        sesudah=f"{aksi}: {versi.nama_asli}" + (f" (butir {butir.kode})" if butir else ""),
    )
    return bukti


def _lock_bukti(bukti: Bukti) -> tuple[Bukti, Penilaian]:
    """The file and its penilaian, re-read under the penilaian's row lock (as saves are), so a
    removal racing a submission or another click sees the state that wins."""
    penilaian = (
        Penilaian.objects.select_for_update()
        .select_related("periode")
        .get(pk=bukti.jawaban.penilaian_id)
    )
    bukti = (
        Bukti.objects.select_for_update()
        .select_related("jawaban__indikator", "versi__dokumen")
        .get(pk=bukti.pk)
    )
    ensure_operator_can_edit(penilaian, bukti.jawaban.indikator)
    return bukti, penilaian


@transaction.atomic
def bukti_remove(*, bukti: Bukti, user) -> Bukti:
    """Soft removal: the file stays and can be restored until the period closes."""
    bukti, penilaian = _lock_bukti(bukti)
    if bukti.dihapus_pada is None:
        bukti.dihapus_pada, bukti.dihapus_oleh = timezone.now(), user
        bukti.save(update_fields=["dihapus_pada", "dihapus_oleh"])
        Riwayat.objects.create(
            penilaian=penilaian,
            indikator=bukti.jawaban.indikator,
            pengguna=user,
            jenis=JenisRiwayat.BUKTI,
            sebelum=bukti.nama_asli,
            sesudah=f"dihapus: {bukti.nama_asli}",
        )
        if bukti.butir_id:
            nilai_final_segarkan(penilaian=penilaian, jawaban=bukti.jawaban, user=user)
    return bukti


@transaction.atomic
def bukti_restore(*, bukti: Bukti, user) -> Bukti:
    bukti, penilaian = _lock_bukti(bukti)
    if bukti.dihapus_pada is not None:
        if bukti.jawaban.bukti.filter(
            versi__dokumen_id=bukti.versi.dokumen_id,
            butir_id=bukti.butir_id,
            dihapus_pada__isnull=True,
        ).exists():
            raise berkas.BerkasDitolak("Berkas yang sama sudah ada pada indikator ini.")
        bukti.dihapus_pada, bukti.dihapus_oleh = None, None
        bukti.save(update_fields=["dihapus_pada", "dihapus_oleh"])
        Riwayat.objects.create(
            penilaian=penilaian,
            indikator=bukti.jawaban.indikator,
            pengguna=user,
            jenis=JenisRiwayat.BUKTI,
            sesudah=f"dipulihkan: {bukti.nama_asli}",
        )
        if bukti.butir_id:
            nilai_final_segarkan(penilaian=penilaian, jawaban=bukti.jawaban, user=user)
    return bukti


def penilaian_refresh(*, penilaian: Penilaian) -> None:
    """Recompute the cached Indeks Mandiri, predikat and Kemajuan of one penilaian."""
    hasil = penilaian_hasil_mandiri(penilaian)
    started = hasil.kemajuan > 0
    # An untouched penilaian has no index yet, rather than "0,00 Kurang".
    penilaian.indeks_mandiri = hasil.indeks if started else None
    penilaian.predikat_mandiri = hasil.predikat  # "" until every indicator is answered
    penilaian.kemajuan = hasil.kemajuan
    penilaian.aspek_mandiri = as_strings(hasil.aspek) if started else {}
    penilaian.domain_mandiri = as_strings(hasil.domain) if started else {}
    _simpan(
        penilaian,
        [
            "indeks_mandiri",
            "predikat_mandiri",
            "kemajuan",
            "aspek_mandiri",
            "domain_mandiri",
            "diubah",
        ],
    )


def _simpan(penilaian: Penilaian, fields: list[str]) -> None:
    """Save a change of the status or the cached aspect/domain values, and add its difference
    to the period's summary (RingkasanPeriode) in the same transaction. The contribution
    before is read from the row, which the caller holds locked."""
    lama = Penilaian.objects.filter(pk=penilaian.pk).values(*ringkasan.KOLOM_RINGKAS).get()
    penilaian.save(update_fields=fields)
    baru = {name: getattr(penilaian, name) for name in ringkasan.KOLOM_RINGKAS}
    _ringkasan_tambah(
        penilaian.periode_id,
        ringkasan.selisih(ringkasan.ringkas(**lama), ringkasan.ringkas(**baru)),
    )


def _ringkasan_tambah(periode_id: int, delta: dict) -> None:
    if not delta:
        return
    # Rows first (a no-op where they exist), then increments in one key order, so concurrent
    # writers of one period queue on the rows instead of deadlocking or losing an update.
    RingkasanPeriode.objects.bulk_create(
        [RingkasanPeriode(periode_id=periode_id, jenis=j, tahap=t, nomor=n) for j, t, n in delta],
        ignore_conflicts=True,
    )
    for (jenis, tahap, nomor), (jumlah, total) in sorted(delta.items()):
        RingkasanPeriode.objects.filter(
            periode_id=periode_id, jenis=jenis, tahap=tahap, nomor=nomor
        ).update(jumlah=F("jumlah") + jumlah, total=F("total") + total)


@transaction.atomic
def ringkasan_bangun(*, periode: Periode) -> int:
    """Rebuild the period's summary from its penilaian (after a bulk load that bypassed the
    services, e.g. seed_scale, or as a repair). Locks the period's penilaian so no change
    is counted twice or lost; returns the number of rows written."""
    rows = (
        Penilaian.objects.select_for_update()
        .filter(periode=periode)
        .order_by("pk")
        .values(*ringkasan.KOLOM_RINGKAS)
    )
    jumlah = ringkasan.jumlahkan(ringkasan.ringkas(**row) for row in rows.iterator())
    RingkasanPeriode.objects.filter(periode=periode).delete()
    RingkasanPeriode.objects.bulk_create(
        RingkasanPeriode(periode=periode, jenis=j, tahap=t, nomor=n, jumlah=c, total=s)
        for (j, t, n), (c, s) in jumlah.items()
    )
    return len(jumlah)


def as_strings(values: dict) -> dict[str, str]:
    return {str(k): f"{v:.2f}" for k, v in values.items()}


@transaction.atomic
def tidak_berlaku_set(
    *, penilaian: Penilaian, indikator: list[Indikator], user, alasan: str
) -> None:
    """Make exactly `indikator` the not-applicable set of this penilaian (admin).

    Under the penilaian's row lock, like every other change to it. A final penilaian is
    frozen: its index, the berita acara and the TPP all rest on this set, so it changes only
    after a recorded reopen. Raises TransisiTidakSah.
    """
    penilaian = Penilaian.objects.select_for_update().select_related("periode").get(pk=penilaian.pk)
    if penilaian.status == StatusPenilaian.FINAL:
        raise states.TransisiTidakSah(
            "Penilaian ini sudah final: indikator tidak berlaku tidak dapat diubah. "
            "Buka kembali penilaian (dengan alasan) bila memang perlu diubah."
        )
    current = {t.indikator_id: t for t in penilaian.tidak_berlaku.select_related("indikator")}
    wanted = {i.pk: i for i in indikator}
    for pk, item in current.items():
        if pk not in wanted:
            item.delete()
            Riwayat.objects.create(
                penilaian=penilaian,
                indikator=item.indikator,
                pengguna=user,
                jenis=JenisRiwayat.TIDAK_BERLAKU,
                sebelum="tidak berlaku",
                sesudah="berlaku",
            )
    for pk, ind in wanted.items():
        if pk not in current:
            TidakBerlaku.objects.create(
                penilaian=penilaian, indikator=ind, alasan=alasan, oleh=user
            )
            Riwayat.objects.create(
                penilaian=penilaian,
                indikator=ind,
                pengguna=user,
                jenis=JenisRiwayat.TIDAK_BERLAKU,
                sebelum="berlaku",
                sesudah=f"tidak berlaku{': ' + alasan if alasan else ''}",
            )
    penilaian_refresh(penilaian=penilaian)


@transaction.atomic
def penilaian_submit(*, penilaian: Penilaian, user) -> Penilaian:
    """Submit (ajukan): every applicable indicator needs a level and an explanation.

    Locks the operator's editing and e-mails the evaluators once committed. Raises
    Terkunci, BelumLengkap, states.TransisiTidakSah.
    """
    penilaian = (
        Penilaian.objects.select_for_update().select_related("periode", "opd").get(pk=penilaian.pk)
    )
    ensure_operator_can_edit(penilaian)
    missing = penilaian_belum_lengkap(penilaian)
    if missing:
        raise BelumLengkap(
            "Penilaian belum dapat diajukan", missing, "level, penjelasan, dan bukti pendukungnya"
        )
    ulang = penilaian.status == StatusPenilaian.PERLU_PERBAIKAN
    penilaian.diajukan_pada = timezone.now()
    penilaian.diajukan_oleh = user
    penilaian_transisi(
        penilaian=penilaian,
        ke=StatusPenilaian.DIAJUKAN,
        user=user,
        fields=("diajukan_pada", "diajukan_oleh"),
    )
    surel.pengajuan(penilaian, ulang=ulang)  # queued with the submission, sent after commit
    return penilaian
