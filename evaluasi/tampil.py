"""How figures are written for people (pages, PDF, text in exports and history). Pure."""

from decimal import Decimal

from evaluasi.scoring import bulatkan


def nilai_tampil(value, kosong: str = "–") -> str:
    """An indicator's value: a whole level as "3", a fraction with two decimals and a comma
    ("1,17", SPEC §11: stored with four, shown with two); None or 0 as `kosong`."""
    if value in (None, ""):
        return kosong
    value = Decimal(value)
    if value == 0:
        return kosong
    if value == value.to_integral_value():
        return str(int(value))
    return f"{bulatkan(value):.2f}".replace(".", ",")
