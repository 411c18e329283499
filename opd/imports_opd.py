"""The OPD import planned in memory: what each row of a file would do, without a query per row.

`opd_import_plan` reads the OPD table once, applies `prepare_opd`'s rules to the whole file,
then checks every clean row as the old row-by-row import did (field validators, a parent
that must exist, an OPD that would become its own parent) and compares it with the record
it matches. A dry run stops there; the real import (`opd.services.opd_import`) writes the
plan's new and changed records in batches.
"""

from dataclasses import dataclass, field

import tablib
from django.core.exceptions import ValidationError

from opd.imports import (
    OPD_COLUMNS,
    BarisImpor,
    HasilImpor,
    Status,
    _messages,
    prepare_opd,
)
from opd.models import Opd
from opd.spreadsheet import LINE_COLUMN

# The fields an OPD row sets (kode identifies the record, so it never changes).
OPD_FIELDS = ("nama", "singkatan", "jenis", "induk", "aktif", "urutan")
# What the row-by-row import said when a row's parent was a new row of the same file that
# could not be saved (its parent never reached the table).
PARENT_NOT_SAVED = "Tidak dapat disimpan: Opd matching query does not exist."


@dataclass
class RencanaOpd:
    """What an OPD file would do: every row's status and messages, and the records to write.

    `baru` holds the new records by depth: `baru[0]` have an existing parent or none,
    `baru[n]` a parent in `baru[n - 1]`, so each depth can be inserted in bulk once the one
    before it has its primary keys. `berubah` holds the matched records with the row's values
    already set on them, by the fields that changed (an UPDATE of many rows costs the
    database per field it sets).
    """

    hasil: HasilImpor
    baru: list[list[Opd]] = field(default_factory=list)
    berubah: dict[tuple[str, ...], list[Opd]] = field(default_factory=dict)

    @property
    def jumlah_tulis(self) -> int:
        return sum(len(opds) for opds in [*self.baru, *self.berubah.values()])


def opd_import_plan(dataset: tablib.Dataset) -> RencanaOpd:
    """Validate an OPD file against one snapshot of the OPD table (one query) and plan it."""
    existing = list(Opd.objects.select_related("induk").order_by())
    prepared, errors = prepare_opd(dataset, existing=existing)
    by_kode = {o.kode: o for o in existing}
    created: dict[str, Opd] = {}
    depth: dict[str, int] = {}
    # kode of new rows with an error: a row naming one as induk failed too (never saved).
    unsaved: set[str] = set()
    rencana = RencanaOpd(HasilImpor(kolom=list(OPD_COLUMNS), baris=[], disimpan=False))

    for row in prepared.dict:
        line = int(row[LINE_COLUMN])
        data = {c: row.get(c, "") for c in OPD_COLUMNS}
        kode = row["kode"]
        match = by_kode.get(kode)
        if line in errors:
            rencana.hasil.baris.append(BarisImpor(line, Status.GALAT, data, errors[line]))
            if match is None and kode and kode not in created:
                unsaved.add(kode)
            continue
        if row["induk"] and row["induk"] in unsaved:
            rencana.hasil.baris.append(BarisImpor(line, Status.GALAT, data, [PARENT_NOT_SAVED]))
            if match is None and kode and kode not in created:
                unsaved.add(kode)
            continue

        values = {
            "nama": row["nama"],
            "singkatan": row["singkatan"],
            "jenis": row["jenis"],
            "induk": by_kode.get(row["induk"]) or created.get(row["induk"]),
            "aktif": row["aktif"] == "1",
            "urutan": int(row["urutan"]),
        }
        if match is None:
            instance = Opd(kode=kode, **values)
        else:
            changed = [name for name in OPD_FIELDS if _differs(match, name, values[name])]
            if not changed:
                rencana.hasil.baris.append(BarisImpor(line, Status.TETAP, data))
                continue
            instance = match
            for name in changed:
                setattr(instance, name, values[name])

        messages = _check(instance)
        if messages:
            rencana.hasil.baris.append(BarisImpor(line, Status.GALAT, data, messages))
            if match is None and kode and kode not in created:
                unsaved.add(kode)
            continue
        if match is None:
            parent = row["induk"]
            depth[kode] = depth[parent] + 1 if parent in created else 0
            if depth[kode] == len(rencana.baru):
                rencana.baru.append([])
            rencana.baru[depth[kode]].append(instance)
            created[kode] = instance
            rencana.hasil.baris.append(BarisImpor(line, Status.BARU, data))
        else:
            rencana.berubah.setdefault(tuple(changed), []).append(instance)
            rencana.hasil.baris.append(BarisImpor(line, Status.DIPERBARUI, data))
    return rencana


def _differs(opd: Opd, name: str, value) -> bool:
    if name == "induk":
        current = opd.induk_id
        return current != (value.pk if value is not None else None) or (
            value is not None and value.pk is None
        )
    return getattr(opd, name) != value


def _check(instance: Opd) -> list[str]:
    """What Model.full_clean() would say about a row's record, without its queries.

    Field validators and clean() run as they are; the checks that need the table are answered
    from the snapshot: the parent exists (it was found there or earlier in the file), kode is
    unique (a new row's kode is not in the table, an updated row keeps its own), a name used
    by another OPD is refused by `prepare_opd`. Only "not its own parent" is left to check,
    for a parent named by the OPD's old name.
    """
    errors: dict = {}
    try:
        instance.clean_fields(exclude={"induk"})
    except ValidationError as e:
        errors = e.update_error_dict(errors)
    try:
        instance.clean()
    except ValidationError as e:
        errors = e.update_error_dict(errors)
    if instance.pk is not None and instance.induk_id == instance.pk:
        constraint = next(c for c in Opd._meta.constraints if c.name == "opd_induk_bukan_diri")
        errors = ValidationError(constraint.get_violation_error_message()).update_error_dict(errors)
    return _messages(ValidationError(errors)) if errors else []
