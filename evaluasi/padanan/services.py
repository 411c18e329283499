"""Writes on the crosswalk (padanan): replace the map between two instruments, load the
bundled 59/2020 → Pemdi 2026 map, and keep a map through the re-import of one of its
instruments. Every row created, changed or removed leaves a history entry with who and when
(Log aktivitas)."""

import csv
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import transaction

from evaluasi.galat import TransisiTidakSah
from evaluasi.models import Indikator, Instrumen, Padanan
from evaluasi.padanan import selectors
from evaluasi.rumus import tampak_rumus
from opd.spreadsheet import normalise_header, normalise_text

FIXTURE = Path(settings.BASE_DIR) / "fixtures" / "padanan_spbe2020_pemdi2026.csv"


@dataclass(frozen=True)
class BarisPadanan:
    """One row to write: asal and tujuan indicator ids, the note and the approximate flag;
    `baris` is its line in the file it came from (0 when none)."""

    asal_id: int
    tujuan_id: int
    catatan: str = ""
    perkiraan: bool = True
    baris: int = 0


@dataclass(frozen=True)
class Ringkasan:
    """What replacing a map does (or did): rows created, changed, removed and unchanged."""

    dibuat: int
    diubah: int
    dihapus: int
    tetap: int

    @property
    def berubah(self) -> bool:
        return bool(self.dibuat or self.diubah or self.dihapus)


def _periksa(asal: Instrumen, tujuan: Instrumen, rows: Sequence[BarisPadanan]) -> None:
    """Every row joins an indicator of `asal` to one of `tujuan`, once; the pair is mapped in
    one direction only. Raises TransisiTidakSah (Indonesian) otherwise."""
    if asal.pk == tujuan.pk:
        raise TransisiTidakSah("Instrumen asal dan tujuan padanan harus berbeda.")
    if Padanan.objects.filter(asal__instrumen_id=tujuan.pk, tujuan__instrumen_id=asal.pk).exists():
        raise TransisiTidakSah(
            f"Padanan {tujuan.nama} → {asal.nama} sudah ada; satu pasangan instrumen hanya "
            "dipetakan dengan satu arah."
        )
    milik = dict(
        Indikator.objects.filter(instrumen_id__in=[asal.pk, tujuan.pk]).values_list(
            "pk", "instrumen_id"
        )
    )
    seen = set()
    for row in rows:
        if milik.get(row.asal_id) != asal.pk or milik.get(row.tujuan_id) != tujuan.pk:
            raise TransisiTidakSah(
                f"Baris {row.baris}: indikator bukan dari {asal.nama} dan {tujuan.nama}."
            )
        if (row.asal_id, row.tujuan_id) in seen:
            raise TransisiTidakSah(f"Baris {row.baris}: padanan yang sama tercantum dua kali.")
        if tampak_rumus(row.catatan):
            raise TransisiTidakSah(
                f"Baris {row.baris}: catatan tidak boleh diawali =, +, - atau @."
            )
        seen.add((row.asal_id, row.tujuan_id))


def padanan_rencana(
    *, asal: Instrumen, tujuan: Instrumen, rows: Sequence[BarisPadanan]
) -> Ringkasan:
    """What `padanan_ganti` would do with these rows now (the preview; one query)."""
    current = {
        (p.asal_id, p.tujuan_id): p
        for p in Padanan.objects.filter(
            asal__instrumen_id=asal.pk, tujuan__instrumen_id=tujuan.pk
        ).order_by()
    }
    return _ringkasan(current, rows)


def _ringkasan(current: dict, rows: Sequence[BarisPadanan]) -> Ringkasan:
    wanted = {(r.asal_id, r.tujuan_id): r for r in rows}
    dibuat = diubah = tetap = 0
    for key, row in wanted.items():
        existing = current.get(key)
        if existing is None:
            dibuat += 1
        elif (existing.catatan, existing.perkiraan) != (row.catatan, row.perkiraan):
            diubah += 1
        else:
            tetap += 1
    return Ringkasan(dibuat, diubah, len(set(current) - set(wanted)), tetap)


@transaction.atomic
def padanan_ganti(
    *, asal: Instrumen, tujuan: Instrumen, rows: Sequence[BarisPadanan], user=None
) -> Ringkasan:
    """Make the map between `asal` and `tujuan` exactly `rows` (all or nothing): rows not
    given are removed, new ones created, changed notes or flags saved; unchanged rows are not
    touched, so importing the same file twice changes nothing. Each change is in the history
    with `user` (None: the request's user, or "sistem"). Raises TransisiTidakSah for a row
    outside the two instruments, a duplicate, or a pair already mapped the other way."""
    _periksa(asal, tujuan, rows)
    current = {
        (p.asal_id, p.tujuan_id): p
        for p in Padanan.objects.select_for_update()
        .filter(asal__instrumen_id=asal.pk, tujuan__instrumen_id=tujuan.pk)
        .order_by()
    }
    ringkasan = _ringkasan(current, rows)
    wanted = {(r.asal_id, r.tujuan_id): r for r in rows}
    for key, existing in current.items():
        if key not in wanted:
            existing._history_user = user
            existing.delete()
    for key, row in wanted.items():
        existing = current.get(key)
        if existing is None:
            new = Padanan(
                asal_id=row.asal_id,
                tujuan_id=row.tujuan_id,
                catatan=row.catatan,
                perkiraan=row.perkiraan,
            )
            new._history_user = user
            new.save()
        elif (existing.catatan, existing.perkiraan) != (row.catatan, row.perkiraan):
            existing.catatan, existing.perkiraan = row.catatan, row.perkiraan
            existing._history_user = user
            existing.save(update_fields=["catatan", "perkiraan", "diubah"])
    return ringkasan


# --- The bundled map --------------------------------------------------------------------------


def baca_bawaan(asal: Instrumen, tujuan: Instrumen) -> list[BarisPadanan]:
    """The rows of fixtures/padanan_spbe2020_pemdi2026.csv between these two instruments
    (every one approximate). Raises TransisiTidakSah naming a code the instruments lack."""
    kode = {
        instrumen.pk: {
            selectors.kode_indikator(i): i.pk for i in Indikator.objects.filter(instrumen=instrumen)
        }
        for instrumen in (asal, tujuan)
    }
    with FIXTURE.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle)
        header = [normalise_header(h) for h in next(reader)]
        rows = []
        for line, raw in enumerate(reader, start=2):
            cells = dict(zip(header, (normalise_text(c) for c in raw), strict=False))
            asal_id = kode[asal.pk].get(cells.get("kode_asal", ""))
            tujuan_id = kode[tujuan.pk].get(cells.get("kode_tujuan", ""))
            if asal_id is None or tujuan_id is None:
                raise TransisiTidakSah(
                    f"{FIXTURE.name} baris {line}: kode {cells.get('kode_asal')} → "
                    f"{cells.get('kode_tujuan')} tidak ada di instrumen {asal.kode}/{tujuan.kode}."
                )
            rows.append(BarisPadanan(asal_id, tujuan_id, cells.get("catatan", ""), True, line))
    return rows


def muat_padanan_bawaan(oleh=None) -> int:
    """Load the bundled crosswalk between the instruments `spbe-2020` and `pemdi-2026`.

    Returns the number of rows created: 0 when either instrument is absent, or when a map
    between them already exists (an admin's edits are never overwritten; idempotent).
    Raises TransisiTidakSah when the instruments lack a code the bundled map names."""
    pasangan = selectors.pasangan_bawaan()
    if pasangan is None:
        return 0
    asal, tujuan = pasangan
    with transaction.atomic():
        # Serialises two loads at once (the second then finds the map and creates nothing).
        list(Instrumen.objects.select_for_update().filter(pk__in=[asal.pk, tujuan.pk]))
        if Padanan.objects.filter(
            asal__instrumen_id=asal.pk, tujuan__instrumen_id=tujuan.pk
        ).exists():
            return 0
        return padanan_ganti(
            asal=asal, tujuan=tujuan, rows=baca_bawaan(asal, tujuan), user=oleh
        ).dibuat


# --- Keeping a map through an instrument's re-import ------------------------------------------


@dataclass(frozen=True)
class SimpananPadanan:
    """A row of a map set aside while one of its instruments is re-imported: the other side by
    id, this instrument's side by indicator number."""

    asal_id: int | None
    asal_nomor: int | None
    tujuan_id: int | None
    tujuan_nomor: int | None
    catatan: str
    perkiraan: bool


def padanan_sisihkan(*, instrumen: Instrumen) -> list[SimpananPadanan]:
    """Remove (with history) the crosswalk rows touching `instrumen`'s indicators, before its
    content is replaced, and return them for padanan_pulihkan."""
    rows = list(
        Padanan.objects.filter(asal__instrumen=instrumen).select_related("asal", "tujuan")
    ) + list(Padanan.objects.filter(tujuan__instrumen=instrumen).select_related("asal", "tujuan"))
    simpanan = []
    for row in rows:
        sisi_asal = row.asal.instrumen_id == instrumen.pk
        sisi_tujuan = row.tujuan.instrumen_id == instrumen.pk
        simpanan.append(
            SimpananPadanan(
                asal_id=None if sisi_asal else row.asal_id,
                asal_nomor=row.asal.nomor if sisi_asal else None,
                tujuan_id=None if sisi_tujuan else row.tujuan_id,
                tujuan_nomor=row.tujuan.nomor if sisi_tujuan else None,
                catatan=row.catatan,
                perkiraan=row.perkiraan,
            )
        )
        row.delete()
    return simpanan


def padanan_pulihkan(*, instrumen: Instrumen, simpanan: list[SimpananPadanan]) -> int:
    """Put set-aside rows back onto `instrumen`'s new indicators by number; a row whose number
    the new content lacks is dropped. Returns the number of rows restored."""
    by_number = dict(Indikator.objects.filter(instrumen=instrumen).values_list("nomor", "pk"))
    restored = 0
    for s in simpanan:
        asal_id = s.asal_id if s.asal_nomor is None else by_number.get(s.asal_nomor)
        tujuan_id = s.tujuan_id if s.tujuan_nomor is None else by_number.get(s.tujuan_nomor)
        if asal_id is None or tujuan_id is None:
            continue
        Padanan.objects.create(
            asal_id=asal_id, tujuan_id=tujuan_id, catatan=s.catatan, perkiraan=s.perkiraan
        )
        restored += 1
    return restored
