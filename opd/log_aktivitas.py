"""Reads behind the "Log aktivitas" page: the history rows of every audited model, merged.

The audited models are those carrying django-simple-history's HistoricalRecords; they are found
through the app registry, so this module imports no other app. One UNION query pages through
all their history tables, newest first; the rows of one page are then loaded per model together
with the row before each (for the before → after diff) and the objects they refer to. The number
of queries therefore grows with the number of audited models, never with the rows shown.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.apps import apps
from django.core.paginator import Page, Paginator
from django.db.models import CharField, Model, OuterRef, Q, QuerySet, Subquery, Value
from django.utils import formats, timezone
from django.utils.text import capfirst

from opd.models import Pengguna

PAGE_SIZE = 100
JENIS = {"+": "dibuat", "~": "diubah", "-": "dihapus"}


@dataclass(frozen=True)
class JenisData:
    """One audited model: `kunci` is its label ("evaluasi.periode"), `nama` its Indonesian name."""

    kunci: str
    nama: str
    model: type[Model]
    history: type[Model]


@dataclass(frozen=True)
class Perubahan:
    kolom: str
    sebelum: str
    sesudah: str


@dataclass(frozen=True)
class Entri:
    """One row of the log: who did what to which object, and which fields changed how."""

    waktu: datetime
    pengguna: Pengguna | None
    jenis_data: str
    objek: str
    jenis: str  # dibuat / diubah / dihapus
    perubahan: list[Perubahan] = field(default_factory=list)
    alasan: str = ""
    # A change whose earlier state was never recorded (the object predates the audit trail).
    tanpa_pembanding: bool = False


def jenis_data() -> dict[str, JenisData]:
    """Every audited model by key, ordered by Indonesian name."""
    found = []
    for model in apps.get_models():
        manager = getattr(model._meta, "simple_history_manager_attribute", None)
        if manager:
            history = getattr(model, manager).model
            name = capfirst(str(model._meta.verbose_name))
            found.append(JenisData(model._meta.label_lower, name, model, history))
    return {j.kunci: j for j in sorted(found, key=lambda j: j.nama.casefold())}


def log_page(
    *,
    kunci: str = "",
    pengguna: Pengguna | None = None,
    dari: date | None = None,
    sampai: date | None = None,
    halaman: str | int | None = 1,
) -> Page:
    """One page (PAGE_SIZE rows, newest first) of the merged history, as `Entri` objects.

    Filters: one audited model (`kunci`, "" = all), the acting user, and a date range in the
    portal's time zone, both ends included. An unknown `kunci` matches nothing.
    """
    semua = jenis_data()
    chosen = [semua[kunci]] if kunci in semua else ([] if kunci else list(semua.values()))
    where = Q()
    if pengguna is not None:
        where &= Q(history_user=pengguna)
    if dari is not None:
        where &= Q(history_date__gte=_start_of(dari))
    if sampai is not None:
        where &= Q(history_date__lt=_start_of(sampai + timedelta(days=1)))
    page = Paginator(_merged(chosen, where), PAGE_SIZE).get_page(halaman)
    page.object_list = _entries(list(page.object_list), semua)
    return page


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def _merged(chosen: list[JenisData], where: Q) -> QuerySet:
    """(history_id, history_date, kunci) of the matching rows of every chosen table."""
    parts = [
        j.history.objects.filter(where)
        .annotate(kunci=Value(j.kunci, output_field=CharField()))
        .values("history_id", "history_date", "kunci")
        .order_by()
        for j in chosen
    ]
    if not parts:
        return Pengguna.history.none().values("history_id", "history_date")
    merged = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
    return merged.order_by("-history_date", "-history_id")


def _entries(rows: list[dict], semua: dict[str, JenisData]) -> list[Entri]:
    records = {}  # (kunci, history_id) → historical row, its previous row on `_prev`
    for kunci in {row["kunci"] for row in rows}:
        jenis = semua[kunci]
        ids = [row["history_id"] for row in rows if row["kunci"] == kunci]
        loaded = list(_with_prev_id(jenis.history).filter(history_id__in=ids))
        prev_ids = [r.prev_id for r in loaded if r.history_type == "~" and r.prev_id]
        prevs = jenis.history.objects.in_bulk(prev_ids) if prev_ids else {}
        for record in loaded:
            record._prev = prevs.get(record.prev_id) if record.history_type == "~" else None
            records[kunci, record.history_id] = record
    refs = _referenced_objects(records.values())
    return [
        _entry(records[row["kunci"], row["history_id"]], semua[row["kunci"]], refs) for row in rows
    ]


def _with_prev_id(history: type[Model]) -> QuerySet:
    """History rows with the user, annotated with the id of the same object's previous row."""
    earlier = Q(history_date__lt=OuterRef("history_date")) | Q(
        history_date=OuterRef("history_date"), history_id__lt=OuterRef("history_id")
    )
    prev = (
        history.objects.filter(earlier, id=OuterRef("id"))
        .order_by("-history_date", "-history_id")
        .values("history_id")[:1]
    )
    return history.objects.select_related("history_user").annotate(prev_id=Subquery(prev))


def _foreign_keys(model: type[Model]) -> list:
    return [f for f in model._meta.concrete_fields if f.many_to_one]


def _referenced_objects(records) -> dict:
    """{(model, pk): object} for every foreign key of the given rows and their previous rows,
    one query per referenced model."""
    wanted: dict[type[Model], set] = {}
    for record in records:
        model = record.instance_type
        for row in (record, record._prev):
            if row is None:
                continue
            for fk in _foreign_keys(model):
                value = getattr(row, fk.attname, None)
                if value is not None:
                    wanted.setdefault(fk.related_model, set()).add(value)
    return {
        (model, pk): obj
        for model, pks in wanted.items()
        for pk, obj in model._default_manager.in_bulk(pks).items()
    }


class _Terhapus:
    """Stands in for a referenced object that no longer exists."""

    def __init__(self, model: type[Model], pk):
        self.label = f"{model._meta.verbose_name} #{pk} (sudah dihapus)"

    def __str__(self) -> str:
        return self.label


def _ref(refs: dict, model: type[Model], pk):
    return refs.get((model, pk)) or _Terhapus(model, pk)


def _entry(record, jenis: JenisData, refs: dict) -> Entri:
    # history_object, not instance: `instance` reads the excluded fields (the password hash)
    # back from the live row, one query per entry.
    instance = record.history_object
    for fk in _foreign_keys(jenis.model):
        value = getattr(instance, fk.attname)
        if value is not None:
            # The label below reads related objects; they come from `refs`, not a query each.
            fk.set_cached_value(instance, _ref(refs, fk.related_model, value))
    perubahan = []
    tanpa_pembanding = False
    if record.history_type == "~":
        if record._prev is None:
            tanpa_pembanding = True
        else:
            delta = record.diff_against(record._prev)
            perubahan = [
                _perubahan(jenis.model, c.field, c.old, c.new, refs) for c in delta.changes
            ]
    elif record.history_type == "+":
        perubahan = [
            _perubahan(jenis.model, f.name, None, getattr(record, f.attname), refs)
            for f in record.tracked_fields
            if f.editable
            and not f.primary_key
            and getattr(record, f.attname) not in (None, "", False)
        ]
    return Entri(
        waktu=record.history_date,
        pengguna=record.history_user,
        jenis_data=jenis.nama,
        objek=str(instance),
        jenis=JENIS.get(record.history_type, record.history_type),
        perubahan=sorted(perubahan, key=lambda p: p.kolom.casefold()),
        alasan=record.history_change_reason or "",
        tanpa_pembanding=tanpa_pembanding,
    )


def _perubahan(model: type[Model], name: str, old, new, refs: dict) -> Perubahan:
    model_field = model._meta.get_field(name)
    return Perubahan(
        kolom=capfirst(str(model_field.verbose_name)),
        sebelum=_tampil(model_field, old, refs),
        sesudah=_tampil(model_field, new, refs),
    )


def _tampil(model_field, value, refs: dict) -> str:
    """A stored value as the page shows it: choice labels, ya/tidak, local dates, names."""
    if value is None or value == "":
        return "–"
    if model_field.many_to_one:
        return str(_ref(refs, model_field.related_model, value))
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return "ya" if value else "tidak"
    if isinstance(value, datetime):
        return formats.date_format(timezone.localtime(value), "j M Y H:i")
    if isinstance(value, date):
        return formats.date_format(value, "j M Y")
    if isinstance(value, Decimal):
        return formats.number_format(value)
    return str(value)
