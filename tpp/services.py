"""Writes on TPP rules and the employee list."""

from collections.abc import Callable
from decimal import Decimal

import tablib
from django.db import transaction

from opd.imports import HasilImpor, run_import
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
    """Create or update the rule of a TPP year with one percentage per predikat."""
    aturan = aturan or AturanTpp()
    aturan.tahun, aturan.periode, aturan.dasar_hukum = tahun, periode, dasar_hukum.strip()
    aturan.full_clean()
    aturan.save()
    aturan.persentase.exclude(predikat__in=list(persen)).delete()
    for predikat, value in persen.items():
        PersentaseTpp.objects.update_or_create(
            aturan=aturan, predikat=predikat, defaults={"persen": value}
        )
    return aturan
