"""Writes on TPP rules and the employee list."""

from collections.abc import Callable
from decimal import Decimal

import tablib
from django.db import transaction

from opd.imports import HasilImpor, run_import
from opd.services import save_or_invalid
from opd.spreadsheet import require_columns
from tpp.imports import PEGAWAI_COLUMNS, PEGAWAI_REQUIRED, PegawaiResource, prepare_pegawai
from tpp.models import AturanTpp, PersentaseTpp


def pegawai_import(
    *, dataset: tablib.Dataset, dry_run: bool, progress: Callable[[int], None] | None = None
) -> HasilImpor:
    """Import the employee list (matched on NIP). Nothing is saved when any row is bad."""
    require_columns(dataset, PEGAWAI_REQUIRED)
    with transaction.atomic():
        prepared, errors = prepare_pegawai(dataset)
        return run_import(
            PegawaiResource(row_errors=errors),
            prepared,
            errors,
            PEGAWAI_COLUMNS,
            dry_run=dry_run,
            progress=progress,
        )


@transaction.atomic
def aturan_save(
    *, aturan: AturanTpp | None, tahun: int, periode, dasar_hukum: str, persen: dict[str, Decimal]
) -> AturanTpp:
    """Create or update the rule of a TPP year with one percentage per predikat.

    Only rows that change are written, so the history (Log aktivitas) shows real changes only.
    Raises ValidationError (also when a second click created the same year meanwhile).
    """
    aturan = aturan or AturanTpp()
    dasar_hukum = dasar_hukum.strip()
    if aturan.pk is None or (aturan.tahun, aturan.periode_id, aturan.dasar_hukum) != (
        tahun,
        periode.pk,
        dasar_hukum,
    ):
        aturan.tahun, aturan.periode, aturan.dasar_hukum = tahun, periode, dasar_hukum
        aturan.full_clean()
        save_or_invalid(aturan, {"tahun": "Aturan untuk tahun TPP ini sudah ada."})
    aturan.persentase.exclude(predikat__in=list(persen)).delete()
    stored = {row.predikat: row for row in aturan.persentase.all()}
    for predikat, value in persen.items():
        row = stored.get(predikat) or PersentaseTpp(aturan=aturan, predikat=predikat)
        if row.pk is None or row.persen != value:
            row.persen = value
            row.save()
    return aturan
