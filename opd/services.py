"""Writes on OPD master data and user accounts."""

import logging
import re
import uuid
from collections.abc import Callable
from contextlib import suppress
from datetime import UTC, datetime, timedelta

import tablib
from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from notifikasi.services import surel_antre
from opd import import_kinds
from opd.imports import (
    OPD_REQUIRED,
    PENGGUNA_COLUMNS,
    PENGGUNA_REQUIRED,
    HasilImpor,
    PenggunaResource,
    Status,
    prepare_pengguna,
    run_import,
)
from opd.imports_opd import RencanaOpd, opd_import_plan
from opd.models import ImporJob, Opd, Pengguna, StatusImpor, TahapImpor
from opd.spreadsheet import SpreadsheetError, read_dataset, require_columns
from spbe_portal.files import (
    PenyimpananGagal,
    delete_private_file,
    list_private_files,
    orphan_files,
    private_file_exists,
    read_private_file,
    replace_private_file,
    write_private_file,
)

logger = logging.getLogger(__name__)

# --- Import ---------------------------------------------------------------------------------


def opd_import(
    *, dataset: tablib.Dataset, dry_run: bool, progress: Callable[[int], None] | None = None
) -> HasilImpor:
    """Import an OPD list (see `opd.imports_opd`). Saves nothing when `dry_run` or any row is
    bad; otherwise saves every row or none, in batches with their history rows.

    The file is validated in memory against one read of the OPD table, so a dry run costs
    that read alone. The import adds per batch of `opd_import_batch_size()` rows two
    queries (INSERT of OPDs and of their history) for new OPDs, per depth of parents new in
    the same file, and three (UPDATE, UPDATE diubah, history) for changed ones, per set of
    changed fields.
    `progress(rows_done)` is told after each batch and once at the end. Raises
    SpreadsheetError when a required column is missing.
    """
    require_columns(dataset, OPD_REQUIRED)
    with transaction.atomic():
        rencana = opd_import_plan(dataset)
        hasil = rencana.hasil
        if not dry_run and not hasil.ada_galat:
            try:
                with transaction.atomic():
                    _opd_import_write(rencana, len(dataset), progress)
            except IntegrityError as exc:  # another writer took a kode or name meanwhile
                hasil.galat_umum.append(f"Tidak dapat disimpan: {exc}")
            else:
                hasil.disimpan = True
    if progress is not None:
        progress(len(dataset))
    return hasil


# New and changed OPDs are written this many at a time (one INSERT or UPDATE plus one history
# INSERT per batch).
OPD_IMPORT_BATCH = 500


def opd_import_batch_size() -> int:
    """OPD_IMPORT_BATCH, or fewer where the database takes fewer parameters per statement
    (SQLite: 999), so that every batch stays two statements."""
    fields = [f for f in Opd.history.model._meta.concrete_fields if not f.primary_key]
    return max(
        1, min(OPD_IMPORT_BATCH, connection.ops.bulk_batch_size(fields, [None] * OPD_IMPORT_BATCH))
    )


def _opd_import_write(
    rencana: RencanaOpd, rows: int, progress: Callable[[int], None] | None
) -> None:
    """Insert the plan's new OPDs depth by depth, then update the changed ones, in batches.

    History rows are written with them (simple_history's bulk helpers; the request's user
    as for a single save), since bulk writes send no post_save signal.
    """
    size = opd_import_batch_size()
    done = rows - rencana.jumlah_tulis  # unchanged rows need no write
    for level in rencana.baru:
        for start in range(0, len(level), size):
            batch = level[start : start + size]
            bulk_create_with_history(batch, Opd, batch_size=size)
            done += len(batch)
            if progress is not None and done < rows:
                progress(done)
    now = timezone.now()
    for fields, opds in rencana.berubah.items():
        for start in range(0, len(opds), size):
            batch = opds[start : start + size]
            for opd in batch:
                opd.diubah = now  # auto_now is not applied by bulk_update
            bulk_update_with_history(batch, Opd, list(fields), batch_size=size)
            # One value for all: a plain UPDATE, not one more CASE over the batch.
            Opd.objects.filter(pk__in=[opd.pk for opd in batch]).update(diubah=now)
            done += len(batch)
            if progress is not None and done < rows:
                progress(done)


def pengguna_import(
    *,
    dataset: tablib.Dataset,
    dry_run: bool,
    base_url: str = "",
    progress: Callable[[int], None] | None = None,
) -> HasilImpor:
    """Import a user list. New accounts get no usable password; with `base_url`, those with an
    e-mail address are sent a link to set one, once the import has committed.
    """
    require_columns(dataset, PENGGUNA_REQUIRED)
    with transaction.atomic():
        prepared, errors = prepare_pengguna(dataset)
        hasil = run_import(
            PenggunaResource(row_errors=errors),
            prepared,
            errors,
            PENGGUNA_COLUMNS,
            dry_run=dry_run,
            progress=progress,
        )
        if hasil.disimpan and base_url:
            # Queued with the import: a rolled-back import sends nothing.
            usernames = [b.data["username"] for b in hasil.baris if b.status == Status.BARU]
            _send_set_password_links(usernames, base_url)
        return hasil


def _send_set_password_links(usernames: list[str], base_url: str) -> None:
    for pengguna in Pengguna.objects.filter(username__in=usernames).exclude(email=""):
        pengguna_send_set_password_link(pengguna=pengguna, base_url=base_url)


# Uploaded spreadsheets wait here between preview and confirmation; never served by URL.
IMPORT_DIR_NAME = "impor"
TOKEN_RE = re.compile(r"^[0-9a-f]{32}$")


def _upload_name(token: str) -> str:
    return f"{IMPORT_DIR_NAME}/{token}"


def import_file_store(*, data: bytes) -> str:
    """Keep an uploaded spreadsheet (in the private storage, which every web replica and
    worker shares) until the admin confirms; returns its token."""
    token = uuid.uuid4().hex
    write_private_file(_upload_name(token), data)
    return token


def pratinjau_simpan(session, kunci: str, *, data: bytes, **info) -> str:
    """Keep an upload for its preview → confirm step: the file under a token (as
    `import_file_store`), the token with `info` in the session under `kunci`. Returns the
    token the confirm form posts back."""
    token = import_file_store(data=data)
    pending = session.get(kunci, {})
    pending[token] = info
    session[kunci] = pending
    return token


def pratinjau_ambil(session, kunci: str, token: str) -> tuple[dict | None, bytes | None]:
    """The previewed upload for `token`, once: its session entry is gone after this call
    whatever happens next (a second click finds nothing). (None, None) if unknown or used."""
    pending = session.get(kunci, {})
    entry = pending.pop(token, None)
    session[kunci] = pending
    return entry, import_file_read(token=token) if entry else None


def import_file_read(*, token: str) -> bytes | None:
    """The stored upload for `token`, or None if unknown or already used."""
    if not TOKEN_RE.match(token or ""):
        return None
    return read_private_file(_upload_name(token))


def import_file_discard(*, token: str) -> None:
    if TOKEN_RE.match(token or ""):
        delete_private_file(_upload_name(token))


# --- Large imports as background jobs -------------------------------------------------------

# A job keeps every row with an error (up to this many) and the first rows of the rest, for
# its preview table; the counts always cover the whole file.
JOB_PREVIEW_ROWS = 200
JOB_PREVIEW_ERROR_ROWS = 1000
PROGRESS_FILE_PREFIX = "kemajuan-"
BROKER_DOWN = (
    "Antrean tugas latar belakang sedang tidak dapat dihubungi, jadi berkas ini belum "
    "diproses dan tidak ada data yang berubah. Kirim ulang beberapa saat lagi; bila tetap "
    "gagal, hubungi pengelola portal."
)
TIMED_OUT = (
    "Waktu habis: pekerja latar belakang tidak menyelesaikan impor ini. "
    "Kirim ulang, atau unggah ulang berkasnya."
)
UPLOAD_GONE = (
    "Berkas unggahan sudah tidak tersimpan (sudah dipakai atau dibersihkan). Unggah ulang."
)


class ImporDitolak(Exception):
    """A job step that is not possible now; the message is for the user (Indonesian)."""


def upload_exists(token: str) -> bool:
    return bool(TOKEN_RE.match(token or "")) and private_file_exists(_upload_name(token))


def imporjob_expire_stale() -> int:
    """Fail jobs whose worker died or whose message was lost (still queued or running after
    IMPORT_TIMEOUT_SECONDS), so a page never shows "diproses" forever. Returns how many.
    """
    now = timezone.now()
    limit = now - timedelta(seconds=settings.IMPORT_TIMEOUT_SECONDS)
    stale = ImporJob.objects.filter(
        Q(status=StatusImpor.DIPROSES, mulai__lt=limit)
        | Q(status=StatusImpor.ANTRI, diantrikan__lt=limit)
    )
    # Read first: the job page polls this every two seconds, and on SQLite a write would wait
    # for a running import's transaction; a read does not (WAL).
    if not stale.exists():
        return 0
    return stale.update(status=StatusImpor.GAGAL, alasan=TIMED_OUT, selesai=now)


def imporjob_run(*, job_id: int) -> None:
    """The work of one job (called by the Celery task): read the upload, run its import kind
    (a dry run for a preview), keep the result on the job. Every failure is recorded on the
    job, never raised: the worker goes on with the next one.
    """
    claimed = ImporJob.objects.filter(pk=job_id, status=StatusImpor.ANTRI).update(
        status=StatusImpor.DIPROSES, mulai=timezone.now(), alasan="", diproses=0
    )
    if not claimed:  # already taken by another worker, finished, or expired
        return
    job = ImporJob.objects.get(pk=job_id)
    preview = job.tahap == TahapImpor.PRATINJAU
    try:
        kind = import_kinds.get(job.jenis)
        data = import_file_read(token=job.token)
        if data is None:
            raise SpreadsheetError(UPLOAD_GONE)
        dataset = read_dataset(
            data,
            job.nama_berkas,
            max_bytes=settings.IMPORT_MAX_BYTES,
            max_rows=settings.IMPORT_MAX_ROWS,
        )
        hasil = kind.run(
            dataset=dataset,
            dry_run=preview,
            base_url=job.base_url,
            progress=lambda done: imporjob_progress_report(job_id=job_id, diproses=done),
        )
    except SpreadsheetError as exc:
        _imporjob_fail(job_id, str(exc))
    except Exception as exc:  # recorded on the job; the worker itself must go on
        logger.exception("Import job %s failed", job_id)
        _imporjob_fail(
            job_id,
            f"Impor berhenti karena kesalahan sistem ({exc.__class__.__name__}: {exc})."[:1900]
            + " Kirim ulang, atau hubungi pengelola portal bila terulang.",
        )
    else:
        ImporJob.objects.filter(pk=job_id).update(
            status=StatusImpor.SELESAI,
            hasil=hasil.to_json(max_rows=JOB_PREVIEW_ROWS, max_error_rows=JOB_PREVIEW_ERROR_ROWS),
            total=len(dataset),
            diproses=len(dataset),
            selesai=timezone.now(),
        )
        if not preview or hasil.ada_galat:
            # Used, or never usable: the NIPs and e-mail addresses in it are not kept longer.
            import_file_discard(token=job.token)
    finally:
        with suppress(PenyimpananGagal):  # a leftover is swept by import_uploads_cleanup
            delete_private_file(_progress_name(job_id))


def _imporjob_fail(job_id: int, alasan: str) -> None:
    ImporJob.objects.filter(pk=job_id).update(
        status=StatusImpor.GAGAL, alasan=alasan, selesai=timezone.now()
    )


def _progress_name(job_id: int) -> str:
    return f"{IMPORT_DIR_NAME}/{PROGRESS_FILE_PREFIX}{job_id}"


def imporjob_progress_report(*, job_id: int, diproses: int) -> None:
    """Record that `diproses` rows of a running job are done.

    Called inside the import's transaction, so the count goes to a small file next to the
    upload in the private storage (which every web replica and worker shares already), not to
    the job's row: that row would only show the count once the import commits, and on SQLite
    it could not even be written while the import holds the write lock.
    """
    # Only a progress bar: a store that hiccups must not fail the import itself.
    with suppress(PenyimpananGagal):
        replace_private_file(_progress_name(job_id), str(diproses).encode())


def imporjob_progress(*, job: ImporJob) -> int:
    """Rows done so far: the live count while the job runs, else the one recorded on it."""
    if job.status == StatusImpor.DIPROSES:
        try:
            return max(job.diproses, int(read_private_file(_progress_name(job.pk)) or b"0"))
        except (PenyimpananGagal, ValueError):
            pass
    return job.diproses


def import_uploads_cleanup(*, older_than: timedelta) -> int:
    """Remove uploads kept in the private storage's impor/ for longer than `older_than` and never
    imported (they hold NIPs and e-mail addresses), and the unfinished jobs of that age
    (previews never confirmed, failed or lost jobs; their results hold the same rows).

    Uploads of queued or running jobs and finished imports are kept. Returns the number of
    uploads removed.
    """
    imporjob_expire_stale()
    cutoff = timezone.now() - older_than
    running = [StatusImpor.ANTRI, StatusImpor.DIPROSES]
    in_use = set(ImporJob.objects.filter(status__in=running).values_list("token", flat=True))
    removed = 0
    for name, modified in list(list_private_files(IMPORT_DIR_NAME)):
        if datetime.fromtimestamp(modified, tz=UTC) >= cutoff:
            continue
        base = name.rsplit("/", 1)[-1]
        if TOKEN_RE.match(base) and base not in in_use:
            delete_private_file(name)
            removed += 1
        elif base.startswith(PROGRESS_FILE_PREFIX):  # left behind by a worker that died
            delete_private_file(name)
    ImporJob.objects.filter(dibuat__lt=cutoff).exclude(status__in=running).exclude(
        tahap=TahapImpor.IMPOR, status=StatusImpor.SELESAI
    ).exclude(konfirmasi__isnull=False).delete()
    return removed


# --- OPD ------------------------------------------------------------------------------------


def opd_create(*, data: dict) -> Opd:
    """Create an OPD from cleaned form data."""
    opd = Opd(**data)
    opd.full_clean()
    opd.save()
    return opd


def opd_update(*, opd: Opd, data: dict) -> Opd:
    """Apply cleaned form data to `opd`, saving only the fields that differ from the database.

    Compared with a fresh read, because a bound ModelForm has already copied its data onto
    the instance it was given.
    """
    stored = Opd.objects.get(pk=opd.pk)
    changed = [name for name, value in data.items() if getattr(stored, name) != value]
    for name in changed:
        setattr(stored, name, data[name])
    if changed:
        stored.full_clean()
        stored.save(update_fields=[*changed, "diubah"])
    return stored


# --- Pengguna -------------------------------------------------------------------------------


def private_files_cleanup(*, older_than: timedelta) -> tuple[int, int]:
    """Remove private files no row points at (left by a rolled-back transaction or a crash)
    and spreadsheet uploads never confirmed, each older than `older_than`. Returns both
    counts. Used by the daily beat task and `manage.py bersihkan_berkas`."""
    orphans = orphan_files(older_than=older_than)
    for name in orphans:
        delete_private_file(name)
    return len(orphans), import_uploads_cleanup(older_than=older_than)


@transaction.atomic
def pengguna_create(*, data: dict, password: str | None, base_url: str = "") -> Pengguna:
    """Create a user. Without a password, the account gets a set-password link by e-mail
    (queued in the outbox: a mail server that is down delays it, never fails the creation).

    Raises ValidationError, also when the same form was submitted twice at once.
    """
    pengguna = Pengguna(**data)
    if password:
        pengguna.set_password(password)
    else:
        pengguna.set_unusable_password()
    pengguna.full_clean(exclude=["password"])
    save_or_invalid(
        pengguna, {"username": f"Nama pengguna {pengguna.username} sudah dipakai akun lain."}
    )
    if not password and pengguna.email and base_url:
        pengguna_send_set_password_link(pengguna=pengguna, base_url=base_url)
    return pengguna


def pengguna_buat_dari_sso(*, username: str, nama: str, email: str) -> Pengguna:
    """An account for someone the identity provider knows and the portal does not
    (OIDC_CREATE_USER): no role, no OPD, no password, so no page opens until an Admin grants
    a role. Raises ValidationError (bad username, or created at the same moment elsewhere)."""
    pengguna = Pengguna(username=username, nama=nama or username, email=email, peran="")
    pengguna.set_unusable_password()
    pengguna.full_clean(exclude=["password", "peran"])
    pengguna._change_reason = "Dibuat saat pertama masuk lewat SSO, tanpa peran"
    save_or_invalid(pengguna, {"username": f"Nama pengguna {username} sudah dipakai akun lain."})
    del pengguna._change_reason  # else the login's last_login save is recorded with it
    return pengguna


def save_or_invalid(obj, message: dict) -> None:
    """Save `obj`; a unique constraint lost to a concurrent request (a double click on a
    create form passes validation twice) becomes a ValidationError for the form, not a 500."""
    try:
        with transaction.atomic():
            obj.save()
    except IntegrityError as exc:
        raise ValidationError(message) from exc


def pengguna_update(*, pengguna: Pengguna, data: dict) -> Pengguna:
    """Apply cleaned form data to an account, saving the fields that differ (see `opd_update`)."""
    stored = Pengguna.objects.get(pk=pengguna.pk)
    changed = [name for name, value in data.items() if getattr(stored, name) != value]
    for name in changed:
        setattr(stored, name, data[name])
    if changed:
        stored.full_clean(exclude=["password"])
        stored.save(update_fields=changed)
    return stored


def pengguna_set_password(*, pengguna: Pengguna, password: str) -> None:
    """An Admin sets `pengguna`'s password; the history records that it happened (no hash)."""
    pengguna.set_password(password)
    pengguna._change_reason = "Kata sandi diatur Admin"
    pengguna.save(update_fields=["password"])


def pengguna_send_set_password_link(*, pengguna: Pengguna, base_url: str) -> None:
    """Queue an e-mail to `pengguna` with a one-time link to choose a password."""
    path = reverse(
        "akun:reset_konfirmasi",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(pengguna.pk)),
            "token": default_token_generator.make_token(pengguna),
        },
    )
    ctx = {
        "pengguna": pengguna,
        "tautan": base_url.rstrip("/") + path,
        "pemda": settings.PEMDA_NAMA,
    }
    surel_antre(
        kepada=[pengguna.email],
        subjek="Akun Portal SPBE Anda",
        isi=render_to_string("akun/email_akun_baru.txt", ctx),
    )


def pengguna_atur_surel(*, pengguna: Pengguna, terima: bool) -> None:
    """A user's own opt-in/out of the cycle's e-mails (kept in their history)."""
    pengguna.terima_surel = terima
    pengguna.save(update_fields=["terima_surel"])
