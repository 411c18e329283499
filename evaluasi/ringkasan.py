"""What one penilaian adds to its period's summary: averages per aspect, domain and index,
and the counts the dashboard and period page show (pure).

The dashboard averages the OPDs' cached aspect and domain values like with like: a self
value counts once the penilaian is submitted (not a draft), a final value only while the
penilaian is final. Instead of reading every penilaian's JSON, and counting every
penilaian by status, on each view, the write path keeps a per-period sum and count
(RingkasanPeriode) and adds the difference between a penilaian's contribution before and
after each change.

`kontribusi` (aspect, domain, whole index) is what migrations 0026/0027 filled; `ringkas`
adds the counts (status, not started, predikat, the self index of the final ones) that
0029 added. The two stay separate so the older migrations keep writing what fits their
columns.
"""

from collections.abc import Mapping
from decimal import Decimal

from evaluasi.states import StatusPenilaian

# Which penilaian count towards which average; the dashboard's other figures use the same sets.
STATUS_MANDIRI = frozenset(s.value for s in StatusPenilaian if s != StatusPenilaian.DRAFT)
STATUS_FINAL = frozenset({StatusPenilaian.FINAL.value})

ASPEK, DOMAIN, INDEKS = "aspek", "domain", "indeks"  # INDEKS: the whole index, nomor 0
MANDIRI, FINAL = "mandiri", "final"
# Counts (nomor 0, total 0): per status (tahap = the status), not started yet (kemajuan 0),
# per final predikat (tahap = its name); MANDIRI_FINAL: the self index of the final ones,
# to set beside the final average.
STATUS, BELUM, PREDIKAT = "status", "belum", "predikat"
MANDIRI_FINAL = "mandiri_final"
# The Penilaian fields a contribution is computed from.
KOLOM = (
    "status",
    "aspek_mandiri",
    "domain_mandiri",
    "aspek_final",
    "domain_final",
    "indeks_mandiri",
    "indeks_final",
)

# ...and the further fields `ringkas` reads.
KOLOM_RINGKAS = (*KOLOM, "kemajuan", "predikat_final")

Kunci = tuple[str, str, int]  # (jenis, tahap, nomor)


def kontribusi(
    *,
    status: str,
    aspek_mandiri: Mapping,
    domain_mandiri: Mapping,
    aspek_final: Mapping,
    domain_final: Mapping,
    indeks_mandiri: Decimal | None = None,
    indeks_final: Decimal | None = None,
) -> dict[Kunci, Decimal]:
    """The values one penilaian puts into its period's averages, by (jenis, tahap, nomor);
    the whole index under (INDEKS, tahap, 0), like SQL's AVG leaving out an empty one."""
    result: dict[Kunci, Decimal] = {}
    bagian = []
    if status in STATUS_MANDIRI:
        bagian += [(ASPEK, MANDIRI, aspek_mandiri), (DOMAIN, MANDIRI, domain_mandiri)]
        bagian.append((INDEKS, MANDIRI, {0: indeks_mandiri}))
    if status in STATUS_FINAL:
        bagian += [(ASPEK, FINAL, aspek_final), (DOMAIN, FINAL, domain_final)]
        bagian.append((INDEKS, FINAL, {0: indeks_final}))
    for jenis, tahap, values in bagian:
        for nomor, value in (values or {}).items():
            if value is not None and value != "":
                result[jenis, tahap, int(nomor)] = Decimal(str(value))
    return result


def ringkas(*, kemajuan: Decimal | None, predikat_final: str, **kolom) -> dict[Kunci, Decimal]:
    """Everything one penilaian puts into its period's summary: `kontribusi` plus one count
    for its status, one when not started, one for its predikat while final, and its self
    index among the final ones."""
    result = kontribusi(**kolom)
    status = kolom["status"]
    result[STATUS, status, 0] = Decimal(0)
    if not kemajuan:
        result[BELUM, MANDIRI, 0] = Decimal(0)
    if status in STATUS_FINAL:
        result[PREDIKAT, predikat_final or "", 0] = Decimal(0)
        if kolom.get("indeks_mandiri") is not None:
            result[INDEKS, MANDIRI_FINAL, 0] = Decimal(str(kolom["indeks_mandiri"]))
    return result


def rahasia(jenis: str, tahap: str) -> bool:
    """Whether a summary row is a final figure, read only by whoever may see final figures
    (the count of final penilaian per status is not: the period page shows it to all)."""
    return jenis == PREDIKAT or (jenis != STATUS and tahap in (FINAL, MANDIRI_FINAL))


def selisih(
    lama: Mapping[Kunci, Decimal], baru: Mapping[Kunci, Decimal]
) -> dict[Kunci, tuple[int, Decimal]]:
    """(count, sum) to add per key when a contribution goes from `lama` to `baru`; keys whose
    count and sum stay the same are left out."""
    result = {}
    for key in sorted(set(lama) | set(baru)):
        jumlah = (key in baru) - (key in lama)
        total = baru.get(key, Decimal(0)) - lama.get(key, Decimal(0))
        if jumlah or total:
            result[key] = (jumlah, total)
    return result


def jumlahkan(kontribusi_semua) -> dict[Kunci, tuple[int, Decimal]]:
    """(count, sum) per key over many contributions (a full rebuild)."""
    result: dict[Kunci, tuple[int, Decimal]] = {}
    for item in kontribusi_semua:
        for key, value in item.items():
            jumlah, total = result.get(key, (0, Decimal(0)))
            result[key] = (jumlah + 1, total + value)
    return result


def rata(total: Decimal, jumlah: int) -> Decimal | None:
    """The unrounded mean (None when nothing counts)."""
    return Decimal(total) / jumlah if jumlah else None
