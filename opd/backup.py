"""Backup and restore of the database and the stored files (evidence, reports, documents).

A backup folder holds: the database (`basis-data.dump` from pg_dump, or `basis-data.sqlite3`),
`berkas.tar.gz` (PRIVATE_ROOT as `private/`, MEDIA_ROOT as `media/`) and `manifest.json`
with the row count of every table and the SHA-256 of every file, which the restore checks.

With object storage (AWS_STORAGE_BUCKET_NAME) the private files are in the bucket, not on
this disk: the backup refuses unless told `tanpa_berkas_privat`, and then holds the database
and MEDIA_ROOT only, its manifest naming the bucket the files stay in (backed up by the
bucket's own versioning/replication).
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

from spbe_portal import files

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


def _roots(*, privat: bool = True) -> dict[str, str]:
    return {k: v for k, v in ROOTS.items() if privat or k != "private"}


def file_hashes(*, privat: bool = True) -> dict[str, str]:
    result = {}
    for prefix, setting in _roots(privat=privat).items():
        root = Path(getattr(settings, setting))
        if root.exists():
            for path in sorted(p for p in root.rglob("*") if p.is_file()):
                result[f"{prefix}/{path.relative_to(root)}"] = hashlib.sha256(
                    path.read_bytes()
                ).hexdigest()
    return result


def _bucket() -> str:
    options = settings.STORAGES["private"].get("OPTIONS", {})
    return f"s3://{options.get('bucket_name', '')}/{options.get('location', '')}".rstrip("/")


def backup(out: Path, *, tanpa_berkas_privat: bool = False) -> dict:
    """Write a backup into the (new or empty) folder `out`; returns the manifest.

    Raises CadanganGagal when the private files are in object storage and
    `tanpa_berkas_privat` was not given: a backup must never silently lack them."""
    privat = files.is_local()
    if not privat and not tanpa_berkas_privat:
        raise CadanganGagal(
            f"Berkas privat (bukti, dokumen, laporan) disimpan di penyimpanan objek {_bucket()}, "
            "bukan di disk ini, sehingga tidak ikut dalam cadangan. Cadangkan bucket itu "
            "dengan versioning/replikasi penyedia penyimpanan, lalu jalankan lagi dengan "
            "--tanpa-berkas-privat untuk mencadangkan basis data dan MEDIA_ROOT saja."
        )
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
        for prefix, setting in _roots(privat=privat).items():
            root = Path(getattr(settings, setting))
            if root.exists():
                archive.add(root, arcname=prefix)
    manifest = {
        "dibuat": timezone.now().isoformat(),
        "basis_data": vendor,
        "baris": row_counts(),
        "berkas": file_hashes(privat=privat),
    }
    if not privat:
        manifest["berkas_privat_di_luar"] = _bucket()
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
    privat = "berkas_privat_di_luar" not in manifest
    if not privat and files.is_local():
        raise CadanganGagal(
            "Cadangan ini tidak memuat berkas privat (tersimpan di "
            f"{manifest['berkas_privat_di_luar']}); set AWS_STORAGE_BUCKET_NAME ke bucket itu "
            "sebelum memulihkan."
        )
    for setting in _roots(privat=privat).values():
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
        for prefix, setting in _roots(privat=privat).items():
            extracted = Path(tmp) / prefix
            if extracted.exists():
                root = Path(getattr(settings, setting))
                root.mkdir(parents=True, exist_ok=True)
                shutil.copytree(extracted, root, dirs_exist_ok=True)

    counts, hashes = row_counts(), file_hashes(privat=privat)
    if counts != manifest["baris"]:
        differ = sorted(k for k in manifest["baris"] if counts.get(k) != manifest["baris"][k])
        raise CadanganGagal("Jumlah baris berbeda setelah pemulihan: " + ", ".join(differ))
    if hashes != manifest["berkas"]:
        raise CadanganGagal("Isi berkas berbeda setelah pemulihan (SHA-256 tidak cocok).")
    return manifest


def tempfile_dir():
    import tempfile

    return tempfile.TemporaryDirectory()
