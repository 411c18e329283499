"""Reads of the crosswalk (padanan): the map between two instruments as ids (for carrying a
result across and for the trend), as rows for the page and the workbook, the pairs that have
one, and the final indicator values the cross-instrument trend estimates from. Each read is
a fixed number of queries whatever the number of rows, OPDs or periods."""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, DecimalField, Exists, OuterRef, Sum

from evaluasi.models import (
    Indikator,
    Instrumen,
    Jawaban,
    Padanan,
    StatusPenilaian,
    TidakBerlaku,
)
from evaluasi.padanan import aturan

# The bundled map (fixtures/padanan_spbe2020_pemdi2026.csv) is between these two instruments.
KODE_ASAL_BAWAAN = "spbe-2020"
KODE_TUJUAN_BAWAAN = "pemdi-2026"
EMPAT_DESIMAL = Decimal("0.0001")


def kode_indikator(indikator: Indikator) -> str:
    """How the crosswalk names an indicator: its national code (Pemdi "4.2"), or its number
    when the instrument has no codes (59/2020 "22")."""
    return indikator.kode or str(indikator.nomor)


def peta_padanan(instrumen_asal_id: int, instrumen_tujuan_id: int) -> dict[int, list[int]]:
    """tujuan indicator id → the asal indicator ids mapped to it, in asal number order; only
    tujuan with at least one row appear (one query)."""
    return peta_padanan_dari([instrumen_asal_id], instrumen_tujuan_id).get(instrumen_asal_id, {})


def peta_padanan_dari(
    instrumen_asal_ids: list[int], instrumen_tujuan_id: int
) -> dict[int, dict[int, list[int]]]:
    """`peta_padanan` for several older instruments at once: asal instrument id → its map
    (one query)."""
    rows = (
        Padanan.objects.filter(
            asal__instrumen_id__in=instrumen_asal_ids, tujuan__instrumen_id=instrumen_tujuan_id
        )
        .order_by("tujuan_id", "asal__nomor")
        .values_list("asal__instrumen_id", "tujuan_id", "asal_id")
    )
    hasil: dict[int, dict[int, list[int]]] = defaultdict(lambda: defaultdict(list))
    for instrumen_id, tujuan_id, asal_id in rows:
        hasil[instrumen_id][tujuan_id].append(asal_id)
    return {k: dict(v) for k, v in hasil.items()}


def usulan_dari(instrumen_asal_id: int, instrumen_tujuan_id: int) -> dict[int, list[int]]:
    """The other direction of `peta_padanan`: asal indicator id → the tujuan indicator ids it
    proposes a value for, in tujuan number order (one query)."""
    rows = (
        Padanan.objects.filter(
            asal__instrumen_id=instrumen_asal_id, tujuan__instrumen_id=instrumen_tujuan_id
        )
        .order_by("asal_id", "tujuan__nomor")
        .values_list("asal_id", "tujuan_id")
    )
    hasil: dict[int, list[int]] = defaultdict(list)
    for asal_id, tujuan_id in rows:
        hasil[asal_id].append(tujuan_id)
    return dict(hasil)


@dataclass(frozen=True)
class PasanganPadanan:
    asal: Instrumen
    tujuan: Instrumen
    jumlah: int


def pasangan_padanan() -> list[PasanganPadanan]:
    """Every pair of instruments that has a crosswalk, with its number of rows (two
    queries)."""
    counts = list(
        Padanan.objects.order_by()
        .values("asal__instrumen_id", "tujuan__instrumen_id")
        .annotate(n=Count("pk"))
    )
    ids = {c["asal__instrumen_id"] for c in counts} | {c["tujuan__instrumen_id"] for c in counts}
    instrumen = Instrumen.objects.in_bulk(ids)
    return sorted(
        (
            PasanganPadanan(
                instrumen[c["asal__instrumen_id"]], instrumen[c["tujuan__instrumen_id"]], c["n"]
            )
            for c in counts
        ),
        key=lambda p: (p.asal.nama, p.tujuan.nama),
    )


def pasangan_bawaan() -> tuple[Instrumen, Instrumen] | None:
    """The two instruments of the bundled map, when both are loaded (one query)."""
    found = {
        i.kode: i for i in Instrumen.objects.filter(kode__in=[KODE_ASAL_BAWAAN, KODE_TUJUAN_BAWAAN])
    }
    if KODE_ASAL_BAWAAN in found and KODE_TUJUAN_BAWAAN in found:
        return found[KODE_ASAL_BAWAAN], found[KODE_TUJUAN_BAWAAN]
    return None


def jumlah_padanan(instrumen_asal_id: int, instrumen_tujuan_id: int) -> int:
    """The number of rows between two instruments (one query)."""
    return Padanan.objects.filter(
        asal__instrumen_id=instrumen_asal_id, tujuan__instrumen_id=instrumen_tujuan_id
    ).count()


def baris_padanan(instrumen_asal_id: int, instrumen_tujuan_id: int) -> list[Padanan]:
    """The rows between two instruments with both indicators loaded, in tujuan then asal
    number order (one query)."""
    return list(
        Padanan.objects.filter(
            asal__instrumen_id=instrumen_asal_id, tujuan__instrumen_id=instrumen_tujuan_id
        )
        .select_related("asal", "tujuan")
        .order_by("tujuan__nomor", "asal__nomor")
    )


@dataclass
class KelompokTujuan:
    """One indicator of the newer instrument with the rows reaching it (the page's group)."""

    tujuan: Indikator
    baris: list[Padanan] = field(default_factory=list)


def halaman_padanan(asal: Instrumen, tujuan: Instrumen) -> dict:
    """The page's map grouped by tujuan indicator (every one, also those nothing reaches), and
    the asal indicators that reach nothing (three queries)."""
    rows = baris_padanan(asal.pk, tujuan.pk)
    kelompok = {
        i.pk: KelompokTujuan(i)
        for i in Indikator.objects.filter(instrumen=tujuan)
        .select_related("aspek")
        .order_by("nomor")
    }
    for row in rows:
        kelompok[row.tujuan_id].baris.append(row)
    dipakai = {row.asal_id for row in rows}
    return {
        "kelompok": list(kelompok.values()),
        "jumlah_baris": len(rows),
        "asal_tanpa_padanan": [
            i
            for i in Indikator.objects.filter(instrumen=asal).order_by("nomor")
            if i.pk not in dipakai
        ],
    }


@dataclass(frozen=True)
class AcuanInstrumen:
    """An instrument as the crosswalk workbook reads it: indicator code → (id, name)."""

    id: int
    kode: str
    nama: str
    indikator: dict[str, tuple[int, str]]


def acuan_instrumen(kode: str) -> AcuanInstrumen | None:
    """The instrument with this kode (case-insensitive) and its indicators by code, or None
    (two queries)."""
    instrumen = Instrumen.objects.filter(kode__iexact=kode.strip()).first() if kode else None
    if instrumen is None:
        return None
    return AcuanInstrumen(
        instrumen.pk,
        instrumen.kode,
        instrumen.nama,
        {
            kode_indikator(i).upper(): (i.pk, i.nama)
            for i in Indikator.objects.filter(instrumen=instrumen).order_by("nomor")
        },
    )


# --- The trend across a change of instrument ------------------------------------------------


def nilai_final_rata(periode_ids: list[int]) -> dict[int, dict[int, Decimal]]:
    """periode id → {indicator id: the mean final value over the period's final penilaian},
    unrounded; indicators marked not applicable to an OPD leave that OPD out of their mean,
    as they leave its index (one query, whatever the number of OPDs)."""
    if not periode_ids:
        return {}
    tidak_berlaku = TidakBerlaku.objects.filter(
        penilaian_id=OuterRef("penilaian_id"), indikator_id=OuterRef("indikator_id")
    )
    rows = (
        Jawaban.objects.filter(
            penilaian__periode_id__in=periode_ids,
            # Like the final index of tren_pemda: a reopened penilaian is not final (again) yet.
            penilaian__status=StatusPenilaian.FINAL,
            level_final__isnull=False,
        )
        .exclude(Exists(tidak_berlaku))
        .order_by()
        .values("penilaian__periode_id", "indikator_id")
        .annotate(
            # Wide enough for a sum over every OPD (the field itself holds one value).
            jumlah=Sum("level_final", output_field=DecimalField(max_digits=20, decimal_places=4)),
            n=Count("pk"),
        )
    )
    hasil: dict[int, dict[int, Decimal]] = defaultdict(dict)
    for row in rows:
        # SQLite sums in binary floating point; every value has four decimals, so the exact
        # sum is the float rounded back to four.
        jumlah = Decimal(str(row["jumlah"])).quantize(EMPAT_DESIMAL)
        hasil[row["penilaian__periode_id"]][row["indikator_id"]] = jumlah / row["n"]
    return dict(hasil)


def perkiraan_periode(
    periode_instrumen: dict[int, int], instrumen_tujuan_id: int
) -> dict[int, aturan.Perkiraan]:
    """For periods on an older instrument ({periode id: instrument id}), the approximate index
    on `instrumen_tujuan_id` through the crosswalk, from the pemda's mean final indicator
    values of that period (aturan.perkiraan_indeks). Periods whose instrument has no map to
    it, or that have no final values, are left out. At most three queries."""
    lama = sorted({i for i in periode_instrumen.values() if i != instrumen_tujuan_id})
    peta = peta_padanan_dari(lama, instrumen_tujuan_id) if lama else {}
    periode_ids = [p for p, i in periode_instrumen.items() if i in peta]
    if not periode_ids:
        return {}
    bobot = dict(
        Indikator.objects.filter(instrumen_id=instrumen_tujuan_id).values_list("pk", "bobot")
    )
    nilai = nilai_final_rata(periode_ids)
    return {
        p: aturan.perkiraan_indeks(nilai[p], peta[periode_instrumen[p]], bobot)
        for p in periode_ids
        if nilai.get(p)
    }
