"""Writes on TPP rules and the employee list."""

from decimal import Decimal

import tablib
from django.db import transaction

from opd.imports import HasilImpor, run_import
from opd.services import save_or_invalid
from opd.spreadsheet import require_columns
from tpp.imports import PEGAWAI_COLUMNS, PEGAWAI_REQUIRED, PegawaiResource, prepare_pegawai
from tpp.models import AturanTpp, PersentaseTpp


def pegawai_import(*, dataset: tablib.Dataset, dry_run: bool) -> HasilImpor:
    """Import the employee list (matched on NIP). Nothing is saved when any row is bad."""
    require_columns(dataset, PEGAWAI_REQUIRED)
    with transaction.atomic():
        prepared, errors = prepare_pegawai(dataset)
        return run_import(
            PegawaiResource(row_errors=errors), prepared, errors, PEGAWAI_COLUMNS, dry_run=dry_run
        )


@transaction.atomic
def aturan_save(
    *, aturan: AturanTpp | None, tahun: int, periode, dasar_hukum: str, persen: dict[str, Decimal]
) -> AturanTpp:
    """Create or update the rule of a TPP year with one percentage per predikat.

    Raises ValidationError (also when a second click created the same year meanwhile)."""
    aturan = aturan or AturanTpp()
    aturan.tahun, aturan.periode, aturan.dasar_hukum = tahun, periode, dasar_hukum.strip()
    aturan.full_clean()
    save_or_invalid(aturan, {"tahun": "Aturan untuk tahun TPP ini sudah ada."})
    aturan.persentase.exclude(predikat__in=list(persen)).delete()
    for predikat, value in persen.items():
        PersentaseTpp.objects.update_or_create(
            aturan=aturan, predikat=predikat, defaults={"persen": value}
        )
    return aturan
