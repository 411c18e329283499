"""Rules of the penilaian instansi (SPEC §12). Pure: no Django.

- Who holds an item: the OPDs assigned to the item itself plus those assigned to its whole
  indicator (`pengampu_butir`).
- Several pengampu may answer one item. What goes forward (`terpilih`): the answers the
  Koordinator chose; while none is chosen, the one answer with files, if there is exactly
  one. Two answers with files and no choice need the Koordinator (`perlu_dipilih`).
- The national package takes an item when it has an answer going forward and the internal
  asesor accepted it, or the Koordinator chose its answer himself (`masuk_paket`).
- Values per indicator: *mandiri* as if every item with files were accepted, *internal* from
  the asesor's verdicts (the Koordinator's settled value replaces it), *nasional* from the
  latest round that gave one (read by selectors.nasional_indikator_terakhir).
"""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from evaluasi import butir as butir_rules


@dataclass(frozen=True)
class IsianKeadaan:
    """One pengampu's answer to one item as the rules need it."""

    opd_id: int
    ada_berkas: bool
    dipilih: bool | None = None


def pengampu_butir(
    butir_id: int, indikator_id: int, per_butir: Mapping[int, set], per_indikator: Mapping[int, set]
) -> set:
    """OPD ids holding the item: assigned to it, or to its whole indicator."""
    return set(per_butir.get(butir_id, ())) | set(per_indikator.get(indikator_id, ()))


def terpilih(isian: Sequence[IsianKeadaan]) -> tuple[int, ...]:
    """OPD ids whose answers go forward (see the module docstring)."""
    chosen = tuple(i.opd_id for i in isian if i.dipilih and i.ada_berkas)
    if chosen:
        return chosen
    candidates = [i for i in isian if i.ada_berkas and i.dipilih is not False]
    return (candidates[0].opd_id,) if len(candidates) == 1 else ()


def perlu_dipilih(isian: Sequence[IsianKeadaan]) -> bool:
    """Two or more answers with files and none chosen: the Koordinator has to decide."""
    return (
        not terpilih(isian) and sum(1 for i in isian if i.ada_berkas and i.dipilih is not False) > 1
    )


def ada_bukti(isian: Sequence[IsianKeadaan]) -> bool:
    """The item has evidence the asesor can judge: an answer with files not set aside."""
    return any(i.ada_berkas and i.dipilih is not False for i in isian)


def masuk_paket(putusan_internal: str, isian: Sequence[IsianKeadaan]) -> bool:
    if not terpilih(isian):
        return False
    return putusan_internal == butir_rules.Putusan.DITERIMA or any(i.dipilih for i in isian)


def nilai_mandiri(items: Iterable[butir_rules.ButirKeadaan], kredit_parsial: str) -> Decimal:
    """What the pengampu's evidence claims: every item with files counted as accepted."""
    klaim = [
        butir_rules.ButirKeadaan(
            b.id,
            b.level,
            b.utama,
            b.ada_bukti,
            butir_rules.Putusan.DITERIMA if b.ada_bukti else butir_rules.Putusan.BELUM,
        )
        for b in items
    ]
    return butir_rules.hitung(klaim, kredit_parsial).nilai


def tugas_selesai(diimpor_pada: datetime, diubah: datetime | None) -> bool:
    """A revision the national round asked for is answered once the pengampu changed its
    answer (a file or the note) after the round's results came in."""
    return diubah is not None and diubah > diimpor_pada


def terlambat(batas: date | None, hari_ini: date, selesai: bool) -> bool:
    return batas is not None and not selesai and hari_ini > batas
