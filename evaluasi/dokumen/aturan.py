"""Whether a document still holds (SPEC §13): a date past its "berlaku sampai", a document
older than an item's freshness rule allows, or one without a date where the rule needs one.
Pure: no Django."""

import calendar
from dataclasses import dataclass
from datetime import date
from enum import Enum

# How long before "berlaku sampai" the OPD is reminded and the document marked as ending.
HARI_PERINGATAN = 30


class Kesegaran(Enum):
    BERLAKU = "berlaku"
    SEGERA_BERAKHIR = "segera_berakhir"
    TANPA_TANGGAL = "tanpa_tanggal"
    USANG = "usang"  # older than the item's rule allows
    KEDALUWARSA = "kedaluwarsa"  # past its own "berlaku sampai"


@dataclass(frozen=True)
class Tanda:
    kesegaran: Kesegaran
    pesan: str

    @property
    def label(self) -> str:
        return _LABEL[self.kesegaran]

    @property
    def warna(self) -> str:
        """The badge's colour class (Bootstrap's text-bg-*)."""
        return _WARNA[self.kesegaran]

    @property
    def masalah(self) -> bool:
        """A flag the operator must act on (shown to the evaluator too)."""
        return self.kesegaran in (Kesegaran.USANG, Kesegaran.KEDALUWARSA, Kesegaran.TANPA_TANGGAL)


_LABEL = {
    Kesegaran.BERLAKU: "berlaku",
    Kesegaran.SEGERA_BERAKHIR: "segera berakhir",
    Kesegaran.TANPA_TANGGAL: "tanpa tanggal",
    Kesegaran.USANG: "terlalu lama",
    Kesegaran.KEDALUWARSA: "tidak berlaku",
}
_WARNA = {
    Kesegaran.BERLAKU: "success",
    Kesegaran.SEGERA_BERAKHIR: "warning",
    Kesegaran.TANPA_TANGGAL: "secondary",
    Kesegaran.USANG: "danger",
    Kesegaran.KEDALUWARSA: "danger",
}


def tambah_bulan(tanggal: date, bulan: int) -> date:
    """`tanggal` plus whole months, on the last day of a shorter month (31 Jan + 1 = 28 Feb)."""
    total = tanggal.month - 1 + bulan
    tahun, bulan_ke = tanggal.year + total // 12, total % 12 + 1
    return date(tahun, bulan_ke, min(tanggal.day, calendar.monthrange(tahun, bulan_ke)[1]))


def _tgl(d: date) -> str:
    return f"{d.day}/{d.month}/{d.year}"


def kesegaran(
    *,
    tanggal: date | None,
    berlaku_sampai: date | None,
    acuan: date,
    kedaluwarsa_bulan: int | None = None,
    hari_peringatan: int = HARI_PERINGATAN,
) -> Tanda:
    """The document's state on `acuan` (today in the library; the filling deadline for an
    item of a period). `kedaluwarsa_bulan`: the item's rule, "no older than N months"."""
    if berlaku_sampai is not None and berlaku_sampai < acuan:
        return Tanda(Kesegaran.KEDALUWARSA, f"Sudah tidak berlaku sejak {_tgl(berlaku_sampai)}.")
    if kedaluwarsa_bulan:
        if tanggal is None:
            return Tanda(
                Kesegaran.TANPA_TANGGAL,
                f"Butir ini meminta dokumen paling lama {kedaluwarsa_bulan} bulan; "
                "isi tanggal dokumen di pustaka.",
            )
        batas = tambah_bulan(tanggal, kedaluwarsa_bulan)
        if batas < acuan:
            return Tanda(
                Kesegaran.USANG,
                f"Dokumen bertanggal {_tgl(tanggal)} lebih tua dari {kedaluwarsa_bulan} bulan "
                f"per {_tgl(acuan)}.",
            )
    if berlaku_sampai is not None and (berlaku_sampai - acuan).days <= hari_peringatan:
        return Tanda(Kesegaran.SEGERA_BERAKHIR, f"Berlaku sampai {_tgl(berlaku_sampai)}.")
    return Tanda(Kesegaran.BERLAKU, "")


def perlu_pengingat(
    *,
    berlaku_sampai: date | None,
    diingatkan_untuk: date | None,
    hari_ini: date,
    hari_peringatan: int = HARI_PERINGATAN,
) -> bool:
    """Remind once per validity date, from `hari_peringatan` days before it until it passes."""
    if berlaku_sampai is None or diingatkan_untuk == berlaku_sampai:
        return False
    return 0 <= (berlaku_sampai - hari_ini).days <= hari_peringatan


def nilai_usulan(nilai_sumber: list, *, melalui_padanan: bool):
    """The value proposed from last year's final values: the same indicator's value; through
    the crosswalk, the lowest of the mapped indicators' (a claim is raised by evidence, never
    by an approximation). None when there is nothing to carry."""
    nilai = [n for n in nilai_sumber if n is not None]
    if not nilai:
        return None
    return min(nilai) if melalui_padanan else nilai[0]
