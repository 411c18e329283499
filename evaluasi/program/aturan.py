"""Rules of the roadmap's programs (Peta Rencana SPBE/Pemdi, SPEC §14). Pure: no Django.

A roadmap table (Dompu's shape) has one row per sub-program under a program heading, a PIC
column naming the responsible OPD(s), and one column per year with a mark in the years the
row runs. These functions read those cells and count the progress reported per year.
"""

import re
from collections.abc import Container, Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

# The progress an OPD reports for a program in one year. The model's choices are built from
# this table, so the values live here once.
BELUM, BERJALAN, SELESAI, BATAL = "belum_mulai", "berjalan", "selesai", "tidak_dilaksanakan"
STATUS = (
    (BELUM, "Belum mulai"),
    (BERJALAN, "Berjalan"),
    (SELESAI, "Selesai"),
    (BATAL, "Tidak dilaksanakan"),
)
LABEL_STATUS = dict(STATUS)
# The badge colour of each status on the pages (Bootstrap's text-bg-*).
WARNA_STATUS = {BELUM: "secondary", BERJALAN: "primary", SELESAI: "success", BATAL: "dark"}

# Marks that say "this row runs in this year": ticks of every font, crosses, a 1, ya. A
# roadmap never marks the years it does *not* run, so a cross is a mark too (Dompu uses x).
TANDA_YA = frozenset(
    {"✓", "✔", "√", "☑", "✅", "v", "x", "×", "✗", "✘", "1", "ya", "y", "•", "●", "■", "*"}
)
TANDA_TIDAK = frozenset({"", "-", "–", "—", "0", "tidak", "t"})

# A PIC cell naming every OPD: the program is the pemda's as a whole (kept by the Koordinator).
SEMUA_OPD = frozenset({"semua opd", "seluruh opd", "semua perangkat daerah", "pemda"})
# OPD names hold "dan" (Dinas Komunikasi dan Informatika), so only punctuation separates them.
_PEMISAH_PIC = re.compile(r"[,;/\n|&]+")
_TAHUN = re.compile(r"(?:^|\D)((?:19|20)\d\d)(?:\D|$)")
# "2022 s.d. 2026", "2022 – 2026", "2022 sampai 2026" all become "2022-2026".
_SAMPAI = re.compile(r"\s*(?:-|–|—|s\.\s?d\.?|s/d|sampai)\s*")
_RENTANG = re.compile(r"^(\d{4})-(\d{4})$")
TAHUN_MIN, TAHUN_MAKS = 2000, 2100


def tanda_tahun(value: object) -> bool | None:
    """Is this cell a mark that the row runs that year? True, False (empty, a dash, 0), or
    None when the text is no mark we know (the import names the cell)."""
    if value is None:
        return False
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float | Decimal):
        return {0: False, 1: True}.get(value)  # type: ignore[call-overload]
    text = " ".join(str(value).split()).lower()
    if text in TANDA_YA:
        return True
    if text in TANDA_TIDAK:
        return False
    return None


def tahun_judul(value: object) -> int | None:
    """The year a column title names (2022, "2022", "Tahun 2022"), or None."""
    if isinstance(value, int) and not isinstance(value, bool):
        tahun = value
    elif isinstance(value, float) and value == int(value):
        tahun = int(value)
    else:
        text = " ".join(str(value or "").split()).lower()
        found = _TAHUN.search(text)
        if not found or text not in (
            found.group(1),
            f"tahun {found.group(1)}",
            f"th {found.group(1)}",
        ):
            return None
        tahun = int(found.group(1))
    return tahun if TAHUN_MIN <= tahun <= TAHUN_MAKS else None


def pisah_pic(text: str) -> list[str]:
    """The OPD names of a PIC cell, in order, without repeats or blanks."""
    names = (" ".join(part.split()) for part in _PEMISAH_PIC.split(text or ""))
    return list(dict.fromkeys(n for n in names if n))


def cocokkan_pic(text: str, dikenal: Container[str]) -> tuple[list[str], list[str]]:
    """The OPD names of a PIC cell matched against `dikenal` (lower-case names), and the
    parts that match none. Some OPD names hold a comma ("Dinas Komunikasi, Informatika dan
    Persandian"), so neighbouring parts are joined back, longest first, before a part counts
    as unknown. Returns (matched names in lower case, unknown parts as written)."""
    parts = pisah_pic(text)
    found: list[str] = []
    unknown: list[str] = []
    i = 0
    while i < len(parts):
        for j in range(len(parts), i, -1):
            name = ", ".join(parts[i:j]).lower()
            if name in dikenal:
                if name not in found:
                    found.append(name)
                i = j
                break
        else:
            unknown.append(parts[i])
            i += 1
    return found, unknown


def semua_opd(text: str) -> bool:
    """Does the PIC cell name the pemda as a whole rather than particular OPDs?"""
    return " ".join((text or "").split()).lower() in SEMUA_OPD


def urai_tahun(text: str) -> list[int]:
    """The years of "2022–2026, 2028" (ranges and single years, any order), sorted.

    Raises ValueError (Indonesian) for text that is neither, a reversed range, or a year
    outside 2000–2100."""
    years: set[int] = set()
    text = _SAMPAI.sub("-", (text or "").lower())
    for part in re.split(r"[,;\s]+", text.strip()):
        if not part:
            continue
        rentang = _RENTANG.match(part)
        if rentang:
            awal, akhir = int(rentang.group(1)), int(rentang.group(2))
            if akhir < awal:
                raise ValueError(f"Rentang tahun {part} terbalik.")
        elif part.isdigit() and len(part) == 4:
            awal = akhir = int(part)
        else:
            raise ValueError(f"“{part}” bukan tahun atau rentang tahun (contoh: 2022–2026).")
        if awal < TAHUN_MIN or akhir > TAHUN_MAKS:
            raise ValueError(f"Tahun {part} di luar {TAHUN_MIN}–{TAHUN_MAKS}.")
        years.update(range(awal, akhir + 1))
    return sorted(years)


def ringkas_tahun(years: Iterable[int]) -> str:
    """The years a row runs, shortened: [2022, 2023, 2024, 2026] → "2022–2024, 2026"."""
    parts: list[str] = []
    run: list[int] = []
    for year in sorted(set(years)):
        if run and year != run[-1] + 1:
            parts.append(_run(run))
            run = []
        run.append(year)
    if run:
        parts.append(_run(run))
    return ", ".join(parts)


def _run(run: list[int]) -> str:
    return str(run[0]) if len(run) == 1 else f"{run[0]}–{run[-1]}"


@dataclass(frozen=True)
class Kemajuan:
    """The progress of one year: rows per status and the share done.

    `persen_selesai` is finished rows over the rows still planned (those not dropped), in
    percent, rounded half up to one decimal; None when nothing is planned."""

    jumlah: dict[str, int]
    total: int

    @property
    def direncanakan(self) -> int:
        return self.total - self.jumlah.get(BATAL, 0)

    @property
    def persen_selesai(self) -> Decimal | None:
        if not self.direncanakan:
            return None
        persen = Decimal(100 * self.jumlah.get(SELESAI, 0)) / self.direncanakan
        return persen.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)

    @property
    def persen_tampil(self) -> str:
        """The share done as Indonesians write it ("66,7"), "" when nothing is planned."""
        persen = self.persen_selesai
        return "" if persen is None else str(persen).replace(".", ",")

    @property
    def baris(self) -> list[tuple[str, str, int, str]]:
        """(status, label, count, colour) for every status, in the table's order."""
        return [(s, label, self.jumlah.get(s, 0), WARNA_STATUS[s]) for s, label in STATUS]


def kemajuan(statuses: Iterable[str]) -> Kemajuan:
    """Count the statuses of a year's rows. Raises ValueError for an unknown status."""
    jumlah = dict.fromkeys(LABEL_STATUS, 0)
    total = 0
    for status in statuses:
        if status not in LABEL_STATUS:
            raise ValueError(f"Status kemajuan tidak dikenal: {status}")
        jumlah[status] += 1
        total += 1
    return Kemajuan(jumlah, total)
