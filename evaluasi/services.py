"""Writes of the evaluation: instruments (a frozen one, used by a period, never changes),
periods and their status, answers, evidence, not-applicable sets and submission, evaluator
assignment, review, revision, finalization and reopening, and report jobs (request, run,
retry, expiry). Each service locks the rows it changes and re-checks their state."""

import uuid
import zipfile
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from evaluasi import states, surel
from evaluasi.galat import BelumLengkap, IsianTidakLengkap, Konflik, Terkunci
from evaluasi.instrumen.spreadsheet import InstrumenData
from evaluasi.models import (
    Aspek,
    BeritaAcara,
    Bukti,
    Domain,
    Indikator,
    Instrumen,
    Jawaban,
    JenisBeritaAcara,
    JenisLaporan,
    JenisRiwayat,
    KriteriaLevel,
    LaporanJob,
    Penilaian,
    Penugasan,
    Periode,
    Predikat,
    Riwayat,
    StatusLaporan,
    TidakBerlaku,
)
from evaluasi.penilaian import berkas
from opd.models import Opd
from spbe_portal.antrean import kirim_tugas
from spbe_portal.files import atomic_with_files, track_private_file, write_private_file


class InstrumenTerkunci(Terkunci):
    """Raised on any attempt to change a frozen instrument."""

    def __init__(self, instrumen: Instrumen):
        super().__init__(
            f"Instrumen {instrumen.nama} sudah dipakai periode evaluasi sehingga terkunci dan "
            "tidak dapat diubah. Gunakan 'Salin sebagai versi baru' untuk membuat salinan yang "
            "dapat diubah."
        )


@transaction.atomic
def instrumen_save(*, data: InstrumenData, asal: Instrumen | None = None) -> Instrumen:
    """Create the instrument `data.kode`, or replace the content of an unfrozen one.

    `data` must already be valid (see instrumen.spreadsheet.validate). Raises InstrumenTerkunci.
    """
    instrumen = Instrumen.objects.select_for_update().filter(kode=data.kode).first()
    if instrumen is None:
        instrumen = Instrumen(kode=data.kode, asal=asal)
    elif instrumen.terkunci:
        raise InstrumenTerkunci(instrumen)
    instrumen.nama = data.nama
    instrumen.dasar_hukum = data.dasar_hukum
    instrumen.keterangan = data.keterangan
    instrumen.save()
    # Replacing the content is safe: only a frozen instrument has answers pointing at it.
    instrumen.domain.all().delete()
    instrumen.aspek.all().delete()
    instrumen.predikat.all().delete()

    domains = {
        d.nomor: Domain.objects.create(
            instrumen=instrumen, nomor=d.nomor, nama=d.nama, bobot=d.bobot
        )
        for d in data.domain
    }
    aspects = {
        a.nomor: Aspek.objects.create(
            instrumen=instrumen,
            domain=domains.get(a.domain) if a.domain is not None else None,
            nomor=a.nomor,
            nama=a.nama,
            bobot=a.bobot,
        )
        for a in data.aspek
    }
    indikator = Indikator.objects.bulk_create(
        Indikator(
            instrumen=instrumen,
            aspek=aspects[i.aspek],
            nomor=i.nomor,
            nama=i.nama,
            bobot=i.bobot,
            kapabilitas=i.kapabilitas,
        )
        for i in data.indikator
    )
    by_number = {i.nomor: i for i in indikator}
    # Criteria and bands keep a history (Log aktivitas); a plain bulk_create would bypass it.
    # The acting user comes from the request (HistoryRequestMiddleware), if any.
    bulk_create_with_history(
        [
            KriteriaLevel(
                indikator=by_number[k.indikator],
                level=k.level,
                nama=k.nama,
                deskripsi=k.deskripsi,
                bukti="\n".join(k.bukti),
            )
            for k in data.kriteria
        ],
        KriteriaLevel,
    )
    bulk_create_with_history(
        [
            Predikat(instrumen=instrumen, nama=p.nama, batas_bawah=p.batas_bawah, warna=p.warna)
            for p in data.predikat
        ],
        Predikat,
    )
    return instrumen


def instrumen_copy(*, instrumen: Instrumen, data: InstrumenData, kode: str, nama: str) -> Instrumen:
    """A new, editable version of `instrumen` (whose content is `data`) under a new kode."""
    data.kode, data.nama = kode, nama
    salinan = instrumen_save(data=data, asal=instrumen)
    return salinan


def instrumen_freeze(*, instrumen: Instrumen) -> None:
    """Freeze an instrument; called when a period starts using it."""
    if not instrumen.terkunci:
        instrumen.terkunci = True
        instrumen.save(update_fields=["terkunci", "diubah"])


@transaction.atomic
def instrumen_set_default(*, instrumen: Instrumen) -> None:
    Instrumen.objects.filter(bawaan=True).exclude(pk=instrumen.pk).update(bawaan=False)
    if not instrumen.bawaan:
        instrumen.bawaan = True
        instrumen.save(update_fields=["bawaan", "diubah"])


def kriteria_update(
    *, kriteria: KriteriaLevel, nama: str, deskripsi: str, bukti: list[str]
) -> KriteriaLevel:
    """Change one level's texts. Raises InstrumenTerkunci when its instrument is frozen."""
    instrumen = kriteria.indikator.instrumen
    if instrumen.terkunci:
        raise InstrumenTerkunci(instrumen)
    kriteria.nama, kriteria.deskripsi, kriteria.bukti = nama, deskripsi, "\n".join(bukti)
    kriteria.full_clean()
    kriteria.save(update_fields=["nama", "deskripsi", "bukti"])
    return kriteria


# --- Periode --------------------------------------------------------------------------------


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
        and stored.status != states.PERSIAPAN
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


def penilaian_create_all(*, periode: Periode) -> int:
    """One penilaian per active OPD (idempotent); returns how many were created."""
    existing = set(periode.penilaian.values_list("opd_id", flat=True))
    missing = Opd.objects.filter(aktif=True).exclude(pk__in=existing)
    created = Penilaian.objects.bulk_create(
        [Penilaian(periode=periode, opd=opd) for opd in missing], ignore_conflicts=True
    )
    return len(created)


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
    stored.status = states.periode_next(stored.status)
    stored.save(update_fields=["status", "diubah"])
    created = penilaian_create_all(periode=stored) if stored.status == states.PENGISIAN else 0
    return stored, created


# --- Penilaian: answers, evidence, submission -----------------------------------------------


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
        penilaian.status == states.PERLU_PERBAIKAN
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


def _riwayat(penilaian, indikator, user, jenis, sebelum="", sesudah="") -> Riwayat:
    return Riwayat(
        penilaian=penilaian,
        indikator=indikator,
        pengguna=user,
        jenis=jenis,
        sebelum=str(sebelum),
        sesudah=str(sesudah),
    )


def _apply_changes(jawaban: Jawaban, new: dict, *, penilaian, indikator, user) -> list[Riwayat]:
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
    level: int | None,
    penjelasan: str,
    tautan: list[str],
    versi: int,
) -> Jawaban:
    """Save one answer if `versi` is still current; record what changed; refresh the index.

    Raises Terkunci (window/status/N-A) and Konflik (stale form).
    """
    penilaian = Penilaian.objects.select_for_update().select_related("periode").get(pk=penilaian.pk)
    ensure_operator_can_edit(penilaian, indikator)
    _ensure_applicable(penilaian, indikator)
    jawaban = (
        Jawaban.objects.select_for_update().filter(penilaian=penilaian, indikator=indikator).first()
    ) or Jawaban(penilaian=penilaian, indikator=indikator)
    if jawaban.versi != versi:
        raise Konflik("Jawaban ini sudah diubah orang lain sejak halaman Anda dibuka.", jawaban)

    new = {"level": level, "penjelasan": penjelasan.strip(), "tautan": "\n".join(tautan)}
    changes = _apply_changes(jawaban, new, penilaian=penilaian, indikator=indikator, user=user)
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


def _bukti_path(jenis_ekstensi: str) -> str:
    today = timezone.localdate()
    return f"bukti/{today:%Y}/{uuid.uuid4().hex}{jenis_ekstensi}"


@atomic_with_files
def bukti_upload(
    *, penilaian: Penilaian, indikator: Indikator, user, data: bytes, nama: str
) -> Bukti:
    """Store one evidence file (content-checked, random name, never overwritten; removed
    again if the transaction fails). Raises BerkasDitolak, Terkunci.
    """
    jenis, nama, sha256 = berkas.check(data, nama, max_bytes=settings.BUKTI_MAX_BYTES)
    penilaian = Penilaian.objects.select_for_update().select_related("periode").get(pk=penilaian.pk)
    ensure_operator_can_edit(penilaian, indikator)
    _ensure_applicable(penilaian, indikator)
    jawaban, _ = Jawaban.objects.get_or_create(penilaian=penilaian, indikator=indikator)
    duplicate = jawaban.bukti.filter(sha256=sha256, dihapus_pada__isnull=True).first()
    if duplicate is not None:
        raise berkas.BerkasDitolak(
            f"Berkas {nama} sama persis dengan {duplicate.nama_asli} yang sudah diunggah."
        )
    path = _bukti_path(jenis.ekstensi)
    write_private_file(path, data)
    bukti = Bukti.objects.create(
        jawaban=jawaban,
        nama_asli=nama,
        path=path,
        jenis=jenis.mime,
        ukuran=len(data),
        sha256=sha256,
        diunggah_oleh=user,
    )
    Riwayat.objects.create(
        penilaian=penilaian,
        indikator=indikator,
        pengguna=user,
        jenis=JenisRiwayat.BUKTI,
        sesudah=f"diunggah: {nama}",
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
    bukti = Bukti.objects.select_for_update().select_related("jawaban__indikator").get(pk=bukti.pk)
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
    return bukti


@transaction.atomic
def bukti_restore(*, bukti: Bukti, user) -> Bukti:
    bukti, penilaian = _lock_bukti(bukti)
    if bukti.dihapus_pada is not None:
        if bukti.jawaban.bukti.filter(sha256=bukti.sha256, dihapus_pada__isnull=True).exists():
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
    return bukti


def penilaian_refresh(*, penilaian: Penilaian) -> None:
    """Recompute the cached Indeks Mandiri, predikat and Kemajuan of one penilaian."""
    from evaluasi.selectors import penilaian_hasil_mandiri

    hasil = penilaian_hasil_mandiri(penilaian)
    started = hasil.kemajuan > 0
    # An untouched penilaian has no index yet, rather than "0,00 Kurang".
    penilaian.indeks_mandiri = hasil.indeks if started else None
    penilaian.predikat_mandiri = hasil.predikat if started else ""
    penilaian.kemajuan = hasil.kemajuan
    penilaian.aspek_mandiri = _as_strings(hasil.aspek) if started else {}
    penilaian.domain_mandiri = _as_strings(hasil.domain) if started else {}
    penilaian.save(
        update_fields=[
            "indeks_mandiri",
            "predikat_mandiri",
            "kemajuan",
            "aspek_mandiri",
            "domain_mandiri",
            "diubah",
        ]
    )


def _as_strings(values: dict) -> dict[str, str]:
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
    if penilaian.status == states.FINAL:
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
    from evaluasi.selectors import penilaian_belum_lengkap

    missing = penilaian_belum_lengkap(penilaian)
    if missing:
        raise BelumLengkap("Penilaian belum dapat diajukan", missing, "level dan penjelasan")
    sebelum = penilaian.status
    states.penilaian_check(sebelum, states.DIAJUKAN)
    penilaian.status = states.DIAJUKAN
    penilaian.diajukan_pada = timezone.now()
    penilaian.diajukan_oleh = user
    penilaian.save(update_fields=["status", "diajukan_pada", "diajukan_oleh", "diubah"])
    Riwayat.objects.create(
        penilaian=penilaian,
        pengguna=user,
        jenis=JenisRiwayat.STATUS,
        sebelum=sebelum,
        sesudah=states.DIAJUKAN,
    )
    surel.pengajuan(penilaian)  # queued with the submission, sent after commit
    return penilaian


# --- Verification (evaluator) ---------------------------------------------------------------


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
    if penilaian.status == states.DIAJUKAN:
        states.penilaian_check(penilaian.status, states.DIVERIFIKASI)
        penilaian.status = states.DIVERIFIKASI
        penilaian.save(update_fields=["status", "diubah"])
        Riwayat.objects.create(
            penilaian=penilaian,
            pengguna=user,
            jenis=JenisRiwayat.STATUS,
            sebelum=states.DIAJUKAN,
            sesudah=states.DIVERIFIKASI,
        )


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
    level_final: int,
    metode: str,
    catatan: str,
    rekomendasi: str,
    versi_reviu: int,
) -> Jawaban:
    """Save the evaluator's verdict on one indicator. Raises Terkunci, Konflik."""
    penilaian = _lock_for_review(penilaian)
    if penilaian.tidak_berlaku.filter(indikator=indikator).exists():
        raise Terkunci("Indikator ini tidak berlaku untuk OPD ini.")
    jawaban = (
        Jawaban.objects.select_for_update().filter(penilaian=penilaian, indikator=indikator).first()
    ) or Jawaban(penilaian=penilaian, indikator=indikator)
    if jawaban.versi_reviu != versi_reviu:
        raise Konflik("Verifikasi indikator ini sudah diubah evaluator lain.", jawaban)
    new = {
        "level_final": level_final,
        "metode": metode,
        "catatan_evaluator": catatan.strip(),
        "rekomendasi": rekomendasi.strip(),
    }
    changes = _apply_changes(jawaban, new, penilaian=penilaian, indikator=indikator, user=user)
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
    sebelum = penilaian.status
    states.penilaian_check(sebelum, states.PERLU_PERBAIKAN)
    penilaian.status = states.PERLU_PERBAIKAN
    penilaian.save(update_fields=["status", "diubah"])
    Riwayat.objects.create(
        penilaian=penilaian,
        pengguna=user,
        jenis=JenisRiwayat.STATUS,
        sebelum=sebelum,
        sesudah=states.PERLU_PERBAIKAN,
    )
    surel.perbaikan(penilaian)  # queued with the request, sent after commit
    return penilaian


@transaction.atomic
def reviu_finalize(*, penilaian: Penilaian, user) -> Penilaian:
    """Finalize: every applicable indicator needs a final level; freezes the final index and
    writes the berita acara. Raises Terkunci, BelumLengkap."""
    from evaluasi.selectors import penilaian_belum_final, penilaian_hasil_final

    penilaian = _lock_for_review(penilaian)
    missing = penilaian_belum_final(penilaian)
    if missing:
        raise BelumLengkap("Belum dapat difinalkan", missing, "level final")
    # A re-submitted penilaian whose final levels all stand may be finalized at once.
    _start_verification(penilaian, user)
    hasil = penilaian_hasil_final(penilaian)
    sebelum = penilaian.status
    states.penilaian_check(sebelum, states.FINAL)
    penilaian.status = states.FINAL
    penilaian.indeks_final, penilaian.predikat_final = hasil.indeks, hasil.predikat
    penilaian.aspek_final, penilaian.domain_final = (
        _as_strings(hasil.aspek),
        _as_strings(hasil.domain),
    )
    penilaian.difinalkan_pada, penilaian.difinalkan_oleh = timezone.now(), user
    penilaian.save(
        update_fields=[
            "status",
            "indeks_final",
            "predikat_final",
            "aspek_final",
            "domain_final",
            "difinalkan_pada",
            "difinalkan_oleh",
            "diubah",
        ]
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
    Riwayat.objects.create(
        penilaian=penilaian,
        pengguna=user,
        jenis=JenisRiwayat.STATUS,
        sebelum=sebelum,
        sesudah=f"{states.FINAL} (indeks final {hasil.indeks})",
    )
    return penilaian


@transaction.atomic
def penilaian_reopen(*, penilaian: Penilaian, user, alasan: str) -> Penilaian:
    """Admin reopens a final penilaian for verification; the reason is recorded."""
    penilaian = Penilaian.objects.select_for_update().select_related("periode").get(pk=penilaian.pk)
    if penilaian.status != states.FINAL:
        raise states.TransisiTidakSah("Hanya penilaian final yang dapat dibuka kembali.")
    if penilaian.periode.status == states.DIPUBLIKASI:
        raise states.TransisiTidakSah(
            "Hasil periode ini sudah dipublikasikan dan tidak dapat dibuka."
        )
    if not alasan.strip():
        raise IsianTidakLengkap("Tuliskan alasan membuka kembali penilaian.")
    penilaian.status = states.DIVERIFIKASI
    penilaian.save(update_fields=["status", "diubah"])
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
    Riwayat.objects.create(
        penilaian=penilaian,
        pengguna=user,
        jenis=JenisRiwayat.STATUS,
        sebelum=states.FINAL,
        sesudah=f"{states.DIVERIFIKASI} (dibuka kembali: {alasan.strip()})",
    )
    return penilaian


# --- Reports (background jobs) --------------------------------------------------------------


def _enqueue_laporan(job_ids: list[int]) -> None:
    """Hand jobs to the worker; with the broker down they stay "antri" and
    `laporan_dispatch_pending` (beat, every minute) hands them over again."""
    from evaluasi.tasks import buat_laporan

    for job_id in job_ids:
        if not kirim_tugas(buat_laporan, job_id):
            break


def laporan_dispatch_pending(*, lebih_dari: timedelta = timedelta(minutes=1)) -> int:
    """Queued jobs older than `lebih_dari` that no worker started (the broker was down when
    they were requested): hand them over again. A job already in the broker is harmless to
    send twice: `laporan_run` claims it once."""
    limit = timezone.now() - lebih_dari
    ids = list(
        LaporanJob.objects.filter(status=StatusLaporan.ANTRI, dibuat__lt=limit)
        .exclude(jenis=JenisLaporan.SEMUA)
        .values_list("pk", flat=True)[:500]
    )
    _enqueue_laporan(ids)
    return len(ids)


@transaction.atomic
def laporan_request(
    *, jenis: str, periode: Periode, user, penilaian: Penilaian | None = None
) -> LaporanJob:
    """Queue a report job (rendered by a Celery worker, or in-process without a broker).

    "semua" creates one child job per OPD of the period; its progress counts the children.
    """
    job = LaporanJob.objects.create(jenis=jenis, periode=periode, penilaian=penilaian, peminta=user)
    if jenis == JenisLaporan.SEMUA:
        children = LaporanJob.objects.bulk_create(
            LaporanJob(
                jenis=JenisLaporan.OPD, periode=periode, penilaian=p, peminta=user, induk=job
            )
            for p in periode.penilaian.order_by("opd__urutan", "opd__nama")
        )
        job.status = StatusLaporan.DIPROSES
        job.mulai = timezone.now()
        job.save(update_fields=["status", "mulai"])
        ids = [c.pk for c in children]
        if not ids:
            _batch_check(job.pk)
    else:
        ids = [job.pk]
    transaction.on_commit(lambda: _enqueue_laporan(ids))
    return job


@transaction.atomic
def laporan_retry(*, job: LaporanJob) -> LaporanJob:
    """Queue a failed job (or every failed child of a batch) again, once: the job is re-read
    under its row lock, so two clicks on "Ulangi" queue it one time."""
    job = LaporanJob.objects.select_for_update().get(pk=job.pk)
    if job.jenis == JenisLaporan.SEMUA:
        targets = list(job.anak.select_for_update().filter(status=StatusLaporan.GAGAL))
    else:
        targets = [job] if job.status == StatusLaporan.GAGAL else []
    if not targets:
        raise states.TransisiTidakSah(
            "Hanya laporan yang gagal yang dapat diulang; laporan ini sudah diulang atau "
            "sedang dibuat."
        )
    ids = []
    for target in targets:
        target.status, target.alasan, target.mulai, target.selesai = (
            StatusLaporan.ANTRI,
            "",
            None,
            None,
        )
        target.save(update_fields=["status", "alasan", "mulai", "selesai"])
        ids.append(target.pk)
    if job.jenis == JenisLaporan.SEMUA:
        job.status, job.alasan, job.selesai = StatusLaporan.DIPROSES, "", None
        job.save(update_fields=["status", "alasan", "selesai"])
    transaction.on_commit(lambda: _enqueue_laporan(ids))
    return job


def laporan_expire_stale() -> int:
    """Fail jobs whose worker died (still antri/diproses after LAPORAN_TIMEOUT_SECONDS).

    Called whenever job states are shown, so a lost job never stays "diproses" forever.
    """
    limit = timezone.now() - timedelta(seconds=settings.LAPORAN_TIMEOUT_SECONDS)
    stale = LaporanJob.objects.filter(
        (Q(status=StatusLaporan.DIPROSES, mulai__lt=limit) & ~Q(jenis=JenisLaporan.SEMUA))
        | Q(status=StatusLaporan.ANTRI, dibuat__lt=limit)
    )
    parents = set(stale.exclude(induk=None).values_list("induk_id", flat=True))
    count = stale.update(
        status=StatusLaporan.GAGAL,
        alasan="Waktu habis: pekerja latar belakang tidak menyelesaikan laporan. Silakan ulangi.",
        selesai=timezone.now(),
    )
    for parent in parents:
        _batch_check(parent)
    return count


def laporan_run(*, job_id: int) -> None:
    """The work of one job (called by the Celery task): render, store, record the outcome."""
    from evaluasi.laporan import cetak

    now = timezone.now()
    claimed = LaporanJob.objects.filter(pk=job_id, status=StatusLaporan.ANTRI).update(
        status=StatusLaporan.DIPROSES, mulai=now, percobaan=F("percobaan") + 1
    )
    if not claimed:  # already taken by another worker, finished, or expired
        return
    job = LaporanJob.objects.select_related(
        "periode__instrumen", "penilaian__opd", "penilaian__periode"
    ).get(pk=job_id)
    try:
        if job.jenis == JenisLaporan.OPD:
            content, name = cetak.laporan_opd_pdf(job.penilaian)
        else:
            content, name = cetak.laporan_rekap_pdf(job.periode)
        path = f"laporan/{timezone.localdate():%Y}/{uuid.uuid4().hex}.pdf"
        write_private_file(path, content)
    except Exception as exc:  # the job records any failure; the worker itself must go on
        LaporanJob.objects.filter(pk=job_id).update(
            status=StatusLaporan.GAGAL,
            alasan=f"{exc.__class__.__name__}: {exc}"[:2000],
            selesai=timezone.now(),
        )
    else:
        LaporanJob.objects.filter(pk=job_id).update(
            status=StatusLaporan.SELESAI, path=path, nama_berkas=name, selesai=timezone.now()
        )
    if job.induk_id:
        _batch_check(job.induk_id)


@atomic_with_files
def _batch_check(parent_id: int) -> None:
    """Close a batch once no child is still running; pack the finished PDFs into one ZIP."""
    parent = LaporanJob.objects.select_for_update().select_related("periode").get(pk=parent_id)
    children = list(parent.anak.select_related("penilaian__opd"))
    if any(c.berjalan for c in children) or not parent.berjalan:
        return
    done = [c for c in children if c.status == StatusLaporan.SELESAI]
    failed = len(children) - len(done)
    path = f"laporan/{timezone.localdate():%Y}/{uuid.uuid4().hex}.zip"
    target = Path(settings.PRIVATE_ROOT) / path
    target.parent.mkdir(parents=True, exist_ok=True)
    track_private_file(target)
    with zipfile.ZipFile(target, "x") as archive:
        for child in done:
            archive.write(Path(settings.PRIVATE_ROOT) / child.path, arcname=child.nama_berkas)
    parent.status = StatusLaporan.SELESAI if not failed else StatusLaporan.GAGAL
    parent.alasan = f"{failed} laporan OPD gagal; ulangi untuk membuatnya lagi." if failed else ""
    parent.path, parent.nama_berkas = path, f"laporan-spbe-{parent.periode.tahun}-semua-opd.zip"
    parent.selesai = timezone.now()
    parent.save(update_fields=["status", "alasan", "path", "nama_berkas", "selesai"])
