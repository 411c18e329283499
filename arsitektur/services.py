"""Writes on architecture data. Documents follow the evidence rules (content-checked types,
size limit, random private names, never overwritten)."""

import uuid

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from arsitektur import cache_publik
from arsitektur.models import Aplikasi, Berkas, StatusArsitektur, StatusDomain, TalentaDigital
from evaluasi.penilaian import berkas
from opd.services import save_or_invalid
from spbe_portal.files import atomic_with_files, write_private_file


@atomic_with_files
def berkas_store(*, data: bytes, nama: str, user) -> Berkas:
    """Check and store a document; if the caller's transaction fails the file goes with it.
    Raises berkas.BerkasDitolak with the reason."""
    jenis, nama, sha256 = berkas.check(data, nama, max_bytes=settings.BUKTI_MAX_BYTES)
    path = f"arsitektur/{timezone.localdate():%Y}/{uuid.uuid4().hex}{jenis.ekstensi}"
    write_private_file(path, data)
    return Berkas.objects.create(
        nama_asli=nama,
        path=path,
        jenis=jenis.mime,
        ukuran=len(data),
        sha256=sha256,
        diunggah_oleh=user,
    )


@transaction.atomic
def status_save(*, periode, opd, nilai: dict[str, tuple[str, str]], user) -> int:
    """Save {domain: (status, link)} for one OPD and period; returns how many changed."""
    current = {s.domain: s for s in StatusDomain.objects.filter(periode=periode, opd=opd)}
    changed = 0
    for domain, (status, tautan) in nilai.items():
        row = current.get(domain)
        if row is None:
            if (status, tautan) == (StatusArsitektur.BELUM, ""):
                continue  # a domain left at its default is no change: no row, no stamp
            row = StatusDomain(periode=periode, opd=opd, domain=domain)
        elif (row.status, row.tautan) == (status, tautan):
            continue
        row.status, row.tautan, row.diubah_oleh = status, tautan, user
        row.full_clean()
        row.save()
        changed += 1
    return changed


@atomic_with_files
def aplikasi_save(
    *, aplikasi: Aplikasi, user, dokumen: tuple[bytes, str] | None = None
) -> Aplikasi:
    """Save an application (its fields already set from a validated form), with a document."""
    if dokumen is not None:
        aplikasi.dokumen = berkas_store(data=dokumen[0], nama=dokumen[1], user=user)
    aplikasi.diubah_oleh = user
    aplikasi.full_clean()
    save_or_invalid(aplikasi, {"nama": "Aplikasi dengan nama ini sudah terdaftar di OPD ini."})
    cache_publik.segarkan()
    return aplikasi


@atomic_with_files
def talenta_save(
    *, talenta: TalentaDigital, user, sertifikat: tuple[bytes, str] | None = None
) -> TalentaDigital:
    if sertifikat is not None:
        talenta.sertifikat = berkas_store(data=sertifikat[0], nama=sertifikat[1], user=user)
    talenta.full_clean()
    talenta.save()
    return talenta


def aplikasi_import(*, dataset, dry_run: bool, progress=None):
    """Import applications (matched on OPD + name). Nothing is saved when any row is bad."""
    from arsitektur.imports import (
        APLIKASI_COLUMNS,
        APLIKASI_REQUIRED,
        AplikasiResource,
        prepare_aplikasi,
    )
    from opd.imports import run_import
    from opd.spreadsheet import require_columns

    require_columns(dataset, APLIKASI_REQUIRED)
    with transaction.atomic():
        prepared, errors = prepare_aplikasi(dataset)
        if not dry_run:
            cache_publik.segarkan()  # runs only if the import commits
        return run_import(
            AplikasiResource(row_errors=errors),
            prepared,
            errors,
            APLIKASI_COLUMNS,
            dry_run=dry_run,
            progress=progress,
        )
