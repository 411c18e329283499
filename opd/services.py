"""Writes on OPD master data and user accounts."""

import re
import uuid
from pathlib import Path

import tablib
from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from notifikasi.services import surel_antre
from opd.imports import (
    OPD_COLUMNS,
    OPD_REQUIRED,
    PENGGUNA_COLUMNS,
    PENGGUNA_REQUIRED,
    HasilImpor,
    OpdResource,
    PenggunaResource,
    Status,
    prepare_opd,
    prepare_pengguna,
    run_import,
)
from opd.models import Opd, Pengguna
from opd.spreadsheet import require_columns

# --- Import ---------------------------------------------------------------------------------


def opd_import(*, dataset: tablib.Dataset, dry_run: bool) -> HasilImpor:
    """Import an OPD list (see `opd.imports`). Saves nothing when `dry_run` or any row is bad.

    Raises SpreadsheetError when a required column is missing.
    """
    require_columns(dataset, OPD_REQUIRED)
    with transaction.atomic():
        prepared, errors = prepare_opd(dataset)
        return run_import(
            OpdResource(row_errors=errors), prepared, errors, OPD_COLUMNS, dry_run=dry_run
        )


def pengguna_import(*, dataset: tablib.Dataset, dry_run: bool, base_url: str = "") -> HasilImpor:
    """Import a user list. New accounts get no usable password; with `base_url`, those with an
    e-mail address are sent a link to set one, once the import has committed.
    """
    require_columns(dataset, PENGGUNA_REQUIRED)
    with transaction.atomic():
        prepared, errors = prepare_pengguna(dataset)
        hasil = run_import(
            PenggunaResource(row_errors=errors), prepared, errors, PENGGUNA_COLUMNS, dry_run=dry_run
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


def _import_dir() -> Path:
    path = Path(settings.PRIVATE_ROOT) / IMPORT_DIR_NAME
    path.mkdir(parents=True, exist_ok=True)
    return path


def import_file_store(*, data: bytes) -> str:
    """Keep an uploaded spreadsheet until the admin confirms; returns its token."""
    token = uuid.uuid4().hex
    (_import_dir() / token).write_bytes(data)
    return token


def import_file_read(*, token: str) -> bytes | None:
    """The stored upload for `token`, or None if unknown or already used."""
    if not TOKEN_RE.match(token or ""):
        return None
    path = _import_dir() / token
    return path.read_bytes() if path.exists() else None


def import_file_discard(*, token: str) -> None:
    if TOKEN_RE.match(token or ""):
        (_import_dir() / token).unlink(missing_ok=True)


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
