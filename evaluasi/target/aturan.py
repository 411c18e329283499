"""Rules of the roadmap's targets (SPEC §14). Pure: no Django, Decimal throughout.

- the gap (selisih) is actual − target: negative means below target;
- a target is met when the actual is at least the target (both on two decimals, as shown);
- a target value is 0–5 with at most two decimals; text such as "3,84" (decimal comma) or
  "3.84" reads as 3.84, spreadsheet numbers through their shortest text (3.84, not the
  binary 3.8399999…).
"""

from decimal import Decimal, InvalidOperation

from evaluasi import scoring

NILAI_MIN = Decimal(0)
NILAI_MAKS = Decimal(scoring.MAX_LEVEL)
TAHUN_MIN, TAHUN_MAKS = 2000, 2100


def selisih(capaian: Decimal | None, target: Decimal | None) -> Decimal | None:
    """actual − target on two decimals; None when either is missing."""
    if capaian is None or target is None:
        return None
    return scoring.bulatkan(Decimal(capaian)) - scoring.bulatkan(Decimal(target))


def tercapai(capaian: Decimal | None, target: Decimal | None) -> bool | None:
    """Is the target met (actual ≥ target)? None when either is missing."""
    gap = selisih(capaian, target)
    return None if gap is None else gap >= 0


def baca_nilai(value: object) -> Decimal:
    """A target value from a form or a spreadsheet cell, as a Decimal with two places.

    Accepts int, Decimal, float (through its shortest repr) and text with a decimal comma or
    point. Raises ValueError with an Indonesian message: empty, not a number, outside 0–5, or
    more than two decimals."""
    if value is None or (isinstance(value, str) and not value.strip()):
        raise ValueError("nilai target kosong")
    if isinstance(value, bool):
        raise ValueError("nilai target harus angka")
    if isinstance(value, float):
        text = repr(value)
    else:
        text = str(value).strip().replace(" ", "")
        if "," in text:
            if "." in text:
                raise ValueError(f"nilai target {value} tidak dapat dibaca (pakai satu koma)")
            text = text.replace(",", ".")
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise ValueError(f"nilai target {value} bukan angka") from None
    if not number.is_finite():
        raise ValueError(f"nilai target {value} bukan angka")
    if number < NILAI_MIN or number > NILAI_MAKS:
        raise ValueError(f"nilai target {text.replace('.', ',')} di luar rentang 0–5")
    if number != number.quantize(Decimal("0.01")):
        raise ValueError(
            f"nilai target {text.replace('.', ',')} lebih dari dua angka di belakang koma"
        )
    return number.quantize(Decimal("0.01"))


def baca_tahun(value: object) -> int:
    """A target year (2000–2100) from a cell or text; raises ValueError (Indonesian)."""
    if isinstance(value, bool) or value is None or str(value).strip() == "":
        raise ValueError("tahun kosong")
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    if not text.isascii() or not text.isdigit():
        raise ValueError(f"tahun {value} bukan bilangan bulat")
    tahun = int(text)
    if not TAHUN_MIN <= tahun <= TAHUN_MAKS:
        raise ValueError(f"tahun {tahun} di luar rentang {TAHUN_MIN}–{TAHUN_MAKS}")
    return tahun
