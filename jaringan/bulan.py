"""Reading a month from a query string ("?bulan=2026-11"), for every page of the network agenda
that picks a month. Pure: no Django."""


def baca_bulan(teks: str | None) -> tuple[int, int] | None:
    """ "2026-11" → (2026, 11); anything else (or a year outside 2000–2100) → None."""
    teks = (teks or "").strip()
    if len(teks) != 7 or teks[4] != "-" or not (teks[:4] + teks[5:]).isascii():
        return None
    if not (teks[:4].isdigit() and teks[5:].isdigit()):
        return None
    tahun, bulan = int(teks[:4]), int(teks[5:])
    if not (2000 <= tahun <= 2100 and 1 <= bulan <= 12):
        return None
    return tahun, bulan
