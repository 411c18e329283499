"""How figures are written for people (pages, PDF, text in exports and history). Pure."""

from decimal import Decimal, InvalidOperation

from evaluasi.scoring import bulatkan

EMPAT = Decimal("0.0001")


def _angka(value) -> Decimal | None:
    """A finite Decimal in a sane range from a stored value or typed text, else None."""
    if value is None or value == "":
        return None
    try:
        number = Decimal(str(value).strip().replace(",", "."))
    except (InvalidOperation, ValueError):
        return None
    if not number.is_finite() or abs(number) >= 1000:
        return None
    return number


def nilai_tampil(value, kosong: str = "–") -> str:
    """An indicator's value: a whole level as "3", a fraction with two decimals and a comma
    ("1,17", SPEC §11: stored with four, shown with two); None or 0 as `kosong`."""
    number = _angka(value)
    if number is None or number == 0:
        return kosong
    if number == number.to_integral_value():
        return str(int(number))
    return f"{bulatkan(number):.2f}".replace(".", ",")


def nilai_isian(value) -> str:
    """A value as a form field shows it again: every stored decimal kept (2,3456 stays
    2,3456, so saving the form again changes nothing), a whole value as "3"; typed text
    that is not a number comes back exactly as typed, for the user to correct."""
    number = _angka(value)
    if number is None:
        return "" if value is None else str(value)
    if number == 0:  # 0 is "unanswered", an empty field
        return ""
    if number == number.to_integral_value():
        return str(int(number))
    return format(number.quantize(EMPAT).normalize(), "f").replace(".", ",")
