"""Writes of the roadmap's targets: set one (add or edit), delete one, and import a workbook
(all rows or none). One target per (tahun, instrumen, opd, domain, aspek): NULLs are distinct
in a unique index, so the key is checked here under a lock on the instruments' rows (two
clicks wait for each other), with the functional unique index as the last guard. Every
change leaves a history entry with who and when (Log aktivitas)."""

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction

from evaluasi.galat import TransisiTidakSah
from evaluasi.models import Aspek, Domain, Instrumen, TargetIndeks
from evaluasi.rumus import tampak_rumus
from evaluasi.target import aturan, selectors


@dataclass(frozen=True)
class BarisTarget:
    """One target to write; `baris` is its line in the file it came from (0: a form)."""

    tahun: int
    instrumen_id: int
    opd_id: int | None
    domain_id: int | None
    aspek_id: int | None
    nilai: Decimal
    keterangan: str = ""
    baris: int = 0

    @property
    def kunci(self) -> tuple:
        return (self.tahun, self.instrumen_id, self.opd_id, self.domain_id, self.aspek_id)


@dataclass(frozen=True)
class Ringkasan:
    """What an import does (or did): targets created, changed and unchanged."""

    dibuat: int
    diubah: int
    tetap: int

    @property
    def berubah(self) -> bool:
        return bool(self.dibuat or self.diubah)


def _awal(row: BarisTarget) -> str:
    return f"Baris {row.baris}: " if row.baris else ""


def _periksa(rows: Sequence[BarisTarget]) -> None:
    """Every row is a valid target whose domain or aspect belongs to its instrument, each key
    once. Raises TransisiTidakSah (Indonesian, naming the row) otherwise."""
    domain = dict(
        Domain.objects.filter(pk__in={r.domain_id for r in rows if r.domain_id}).values_list(
            "pk", "instrumen_id"
        )
    )
    aspek = dict(
        Aspek.objects.filter(pk__in={r.aspek_id for r in rows if r.aspek_id}).values_list(
            "pk", "instrumen_id"
        )
    )
    seen: dict[tuple, BarisTarget] = {}
    for row in rows:
        awal = _awal(row)
        if row.domain_id and row.aspek_id:
            raise TransisiTidakSah(f"{awal}isi domain atau aspek, tidak keduanya.")
        if row.domain_id and domain.get(row.domain_id) != row.instrumen_id:
            raise TransisiTidakSah(f"{awal}domain bukan bagian dari instrumen target.")
        if row.aspek_id and aspek.get(row.aspek_id) != row.instrumen_id:
            raise TransisiTidakSah(f"{awal}aspek bukan bagian dari instrumen target.")
        try:
            aturan.baca_nilai(row.nilai)
            aturan.baca_tahun(row.tahun)
        except ValueError as exc:
            raise TransisiTidakSah(f"{awal}{exc}.") from None
        if tampak_rumus(row.keterangan):
            raise TransisiTidakSah(f"{awal}keterangan tidak boleh diawali =, +, - atau @.")
        if row.kunci in seen:
            raise TransisiTidakSah(
                f"{awal}target yang sama sudah ada di baris {seen[row.kunci].baris}."
            )
        seen[row.kunci] = row


def _kunci_instrumen(instrumen_ids) -> None:
    """Lock the instruments' rows (in id order: no deadlock): targets on them wait in line."""
    list(
        Instrumen.objects.select_for_update()
        .filter(pk__in=sorted(set(instrumen_ids)))
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def _ada(rows: Sequence[BarisTarget]) -> dict[tuple, TargetIndeks]:
    """The stored targets with the rows' keys (one query per instrument and year pair set)."""
    if not rows:
        return {}
    current = TargetIndeks.objects.filter(
        tahun__in={r.tahun for r in rows}, instrumen_id__in={r.instrumen_id for r in rows}
    )
    return {(t.tahun, t.instrumen_id, t.opd_id, t.domain_id, t.aspek_id): t for t in current}


def _ringkasan(current: dict[tuple, TargetIndeks], rows: Sequence[BarisTarget]) -> Ringkasan:
    dibuat = diubah = tetap = 0
    for row in rows:
        existing = current.get(row.kunci)
        if existing is None:
            dibuat += 1
        elif (existing.nilai, existing.keterangan) != (row.nilai, row.keterangan):
            diubah += 1
        else:
            tetap += 1
    return Ringkasan(dibuat, diubah, tetap)


def target_rencana(*, rows: Sequence[BarisTarget]) -> Ringkasan:
    """What `target_impor` would do with these rows now (the preview)."""
    return _ringkasan(_ada(rows), rows)


def _tulis(
    row: BarisTarget, existing: TargetIndeks | None, user, alasan: str
) -> TargetIndeks | None:
    if existing is None:
        target = TargetIndeks(
            tahun=row.tahun,
            instrumen_id=row.instrumen_id,
            opd_id=row.opd_id,
            domain_id=row.domain_id,
            aspek_id=row.aspek_id,
            nilai=row.nilai,
            keterangan=row.keterangan,
        )
        target._history_user = user
        target._change_reason = alasan
        target.save()
        return target
    if (existing.nilai, existing.keterangan) == (row.nilai, row.keterangan):
        return None
    existing.nilai, existing.keterangan = row.nilai, row.keterangan
    existing._history_user = user
    existing._change_reason = alasan
    existing.save(update_fields=["nilai", "keterangan", "diubah"])
    return existing


@transaction.atomic
def target_impor(*, rows: Sequence[BarisTarget], user, nama_berkas: str = "") -> Ringkasan:
    """Write every row (all or nothing): a new key creates a target, a known one takes the
    row's value and note, an unchanged one is not touched (importing the same file twice
    changes nothing). Targets absent from the file stay. Raises TransisiTidakSah for an
    invalid row or a key given twice."""
    _periksa(rows)
    _kunci_instrumen(r.instrumen_id for r in rows)
    current = _ada(rows)
    ringkasan = _ringkasan(current, rows)
    alasan = f"Impor target {nama_berkas}".strip()
    for row in rows:
        _tulis(row, current.get(row.kunci), user, alasan)
    return ringkasan


@transaction.atomic
def target_simpan(*, data: BarisTarget, user, target: TargetIndeks | None = None) -> TargetIndeks:
    """Add a target (`target` None: update-or-create by key, so a second click changes the
    same row) or edit `target` (its key may change, unless another target has the new key).
    Raises TransisiTidakSah for an invalid value, a domain/aspect of another instrument, or
    an edit onto another target's key."""
    _periksa([data])
    _kunci_instrumen([data.instrumen_id] + ([target.instrumen_id] if target else []))
    lain = selectors.cari_sama(
        tahun=data.tahun,
        instrumen_id=data.instrumen_id,
        opd_id=data.opd_id,
        domain_id=data.domain_id,
        aspek_id=data.aspek_id,
        kecuali=target.pk if target else None,
    )
    if target is None:
        return _tulis(data, lain, user, "Target ditetapkan") or lain
    if lain is not None:
        raise TransisiTidakSah(
            "Target untuk tahun, instrumen, OPD dan bagian itu sudah ada; ubah target itu saja."
        )
    target = TargetIndeks.objects.select_for_update().get(pk=target.pk)
    for name in ("tahun", "instrumen_id", "opd_id", "domain_id", "aspek_id", "nilai", "keterangan"):
        setattr(target, name, getattr(data, name))
    target._history_user = user
    target._change_reason = "Target diubah"
    target.save()
    return target


@transaction.atomic
def target_hapus(*, target: TargetIndeks, user) -> None:
    """Delete a target (its history keeps who deleted it and when)."""
    target._history_user = user
    target._change_reason = "Target dihapus"
    target.delete()
