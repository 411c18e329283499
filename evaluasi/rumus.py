"""Spreadsheet cells the portal refuses to import: a formula (it calculates nothing) and text
that Excel or LibreOffice would read as one (CSV/formula injection). One wording for every
workbook the evaluation reads. Pure: the cell is anything with openpyxl's `data_type` and
`value`."""

# A cell whose text starts with one of these is taken for a formula by Excel and LibreOffice.
AWALAN_RUMUS = ("=", "+", "-", "@")
RUMUS = "f"  # openpyxl's data type of a formula cell


def tampak_rumus(text: str) -> bool:
    """Would a spreadsheet read this text as a formula?"""
    return bool(text) and text.startswith(AWALAN_RUMUS)


def galat_rumus(cell, letak: str, *, teks: bool = True) -> str | None:
    """The refusal of `cell` at `letak` ("Baris 5: sel C5"), or None: a formula always; text
    that reads as one only when `teks` (a dash in a year column is a blank mark)."""
    if cell.data_type == RUMUS:
        return (
            f"{letak} berisi rumus Excel. Portal tidak menghitung rumus: ganti dengan "
            "nilainya (salin, lalu Tempel Spesial → Nilai)."
        )
    if teks and isinstance(cell.value, str) and tampak_rumus(cell.value.strip()):
        return (
            f"{letak} diawali “{cell.value.strip()[0]}” sehingga dibaca sebagai rumus oleh "
            "Excel; hapus tanda itu dari awal teks."
        )
    return None
