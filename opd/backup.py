"""Backup and restore of the database and the stored files (evidence, reports, documents).

A backup folder holds: the database (`basis-data.dump` from pg_dump, or `basis-data.sqlite3`),
`berkas.tar.gz` (PRIVATE_ROOT as `private/`, MEDIA_ROOT as `media/`) and `manifest.json`
with the row count of every table and the SHA-256 of every file, which the restore checks.
"""

import hashlib
import json
import shutil
import sqlite3
import subprocess
import tarfile
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import connection
from django.utils import timezone

ROOTS = {"private": "PRIVATE_ROOT", "media": "MEDIA_ROOT"}


class CadanganGagal(Exception):
    """Backup or restore refused or failed; the message says why (Indonesian)."""


def _db_url() -> str:
    db = connection.settings_dict
    user = db.get("USER") or ""
    auth = f"{user}:{db.get('PASSWORD') or ''}@" if user else ""
    return (
        f"postgresql://{auth}{db.get('HOST') or '127.0.0.1'}:{db.get('PORT') or 5432}/{db['NAME']}"
    )


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise CadanganGagal(
            f"Program {name} tidak ditemukan; pasang klien PostgreSQL (postgresql-client)."
        )
    return path


def row_counts() -> dict[str, int]:
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models()
        if not model._meta.proxy and model._meta.managed
    }


def file_hashes() -> dict[str, str]:
    result = {}
    for prefix, setting in ROOTS.items():
        root = Path(getattr(settings, setting))
        if root.exists():
            for path in sorted(p for p in root.rglob("*") if p.is_file()):
                result[f"{prefix}/{path.relative_to(root)}"] = hashlib.sha256(
                    path.read_bytes()
                ).hexdigest()
    return result


def backup(out: Path) -> dict:
    """Write a backup into the (new or empty) folder `out`; returns the manifest."""
    out.mkdir(parents=True, exist_ok=True)
    if any(out.iterdir()):
        raise CadanganGagal(f"Folder {out} tidak kosong; pilih folder baru untuk cadangan.")
    vendor = connection.vendor
    if vendor == "postgresql":
        target = out / "basis-data.dump"
        subprocess.run(
            [
                _tool("pg_dump"),
                "--format=custom",
                "--no-owner",
                f"--file={target}",
                f"--dbname={_db_url()}",
            ],
            check=True,
            capture_output=True,
        )
    elif vendor == "sqlite":
        target = out / "basis-data.sqlite3"
        source = sqlite3.connect(connection.settings_dict["NAME"])
        with sqlite3.connect(target) as dest:
            source.backup(dest)
        source.close()
    else:
        raise CadanganGagal(f"Basis data {vendor} tidak didukung.")
    with tarfile.open(out / "berkas.tar.gz", "w:gz") as archive:
        for prefix, setting in ROOTS.items():
            root = Path(getattr(settings, setting))
            if root.exists():
                archive.add(root, arcname=prefix)
    manifest = {
        "dibuat": timezone.now().isoformat(),
        "basis_data": vendor,
        "baris": row_counts(),
        "berkas": file_hashes(),
    }
    (out / "manifest.json").write_text(
        json.dumps(manifest, indent=2, sort_keys=True), encoding="utf-8"
    )
    return manifest


def _database_is_empty() -> bool:
    with connection.cursor() as cursor:
        return not connection.introspection.table_names(cursor)


def restore(source: Path) -> dict:
    """Restore a backup into an empty database and empty file folders, then verify it.

    Raises CadanganGagal when the target is not empty or the result differs from the manifest.
    """
    manifest_path = source / "manifest.json"
    if not manifest_path.exists():
        raise CadanganGagal(f"{source} bukan folder cadangan (manifest.json tidak ada).")
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    if manifest["basis_data"] != connection.vendor:
        raise CadanganGagal(
            f"Cadangan dari {manifest['basis_data']} tidak dapat dipulihkan ke {connection.vendor}."
        )
    if not _database_is_empty():
        raise CadanganGagal("Basis data tujuan tidak kosong; pemulihan hanya ke basis data kosong.")
    for setting in ROOTS.values():
        root = Path(getattr(settings, setting))
        if root.exists() and any(root.iterdir()):
            raise CadanganGagal(f"Folder {root} tidak kosong; pemulihan tidak menimpa berkas.")

    if connection.vendor == "postgresql":
        subprocess.run(
            [
                _tool("pg_restore"),
                "--no-owner",
                "--exit-on-error",
                f"--dbname={_db_url()}",
                str(source / "basis-data.dump"),
            ],
            check=True,
            capture_output=True,
        )
    else:
        connection.close()
        shutil.copyfile(source / "basis-data.sqlite3", connection.settings_dict["NAME"])

    with tarfile.open(source / "berkas.tar.gz", "r:gz") as archive, tempfile_dir() as tmp:
        archive.extractall(tmp, filter="data")
        for prefix, setting in ROOTS.items():
            extracted = Path(tmp) / prefix
            if extracted.exists():
                root = Path(getattr(settings, setting))
                root.mkdir(parents=True, exist_ok=True)
                shutil.copytree(extracted, root, dirs_exist_ok=True)

    counts, hashes = row_counts(), file_hashes()
    if counts != manifest["baris"]:
        differ = sorted(k for k in manifest["baris"] if counts.get(k) != manifest["baris"][k])
        raise CadanganGagal("Jumlah baris berbeda setelah pemulihan: " + ", ".join(differ))
    if hashes != manifest["berkas"]:
        raise CadanganGagal("Isi berkas berbeda setelah pemulihan (SHA-256 tidak cocok).")
    return manifest


def tempfile_dir():
    import tempfile

    return tempfile.TemporaryDirectory()
