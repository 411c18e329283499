"""Whether an OPD's network equipment meets the year's standard (SPEC §15): plain Python, no
Django, so the rule is unit-tested by hand-made cases.

An OPD is "sesuai standar" when every compulsory item (wajib) is met and, where the item asks
for evidence (bukti wajib), evidence is attached. Optional items never decide the outcome. An
OPD that has answered nothing yet is "belum diisi", not "tidak sesuai": the recap keeps the two
apart so Diskominfo chases the right people.
"""

from collections.abc import Iterable
from dataclasses import dataclass

SESUAI = "sesuai"
TIDAK_SESUAI = "tidak_sesuai"
BELUM_DIISI = "belum_diisi"
LABEL = {
    SESUAI: "Sesuai standar",
    TIDAK_SESUAI: "Tidak sesuai standar",
    BELUM_DIISI: "Belum diisi",
}

BELUM_DIJAWAB = "belum dijawab"
TIDAK_TERPENUHI = "tidak terpenuhi"
TANPA_BUKTI = "bukti belum dilampirkan"


@dataclass(frozen=True)
class Butir:
    id: int
    uraian: str
    wajib: bool
    bukti_wajib: bool


@dataclass(frozen=True)
class Jawaban:
    butir_id: int
    terpenuhi: bool
    ada_bukti: bool


@dataclass(frozen=True)
class Kekurangan:
    butir_id: int
    uraian: str
    alasan: str

    def __str__(self) -> str:
        return f"{self.uraian} ({self.alasan})"


@dataclass(frozen=True)
class Hasil:
    status: str
    kekurangan: tuple[Kekurangan, ...] = ()

    @property
    def label(self) -> str:
        return LABEL[self.status]

    @property
    def sesuai(self) -> bool:
        return self.status == SESUAI


def nilai(butir: Iterable[Butir], jawaban: Iterable[Jawaban]) -> Hasil:
    """The OPD's outcome against the items of one year's standard. Answers to items not in
    `butir` (another year's) are ignored."""
    butir = list(butir)
    per_butir = {j.butir_id: j for j in jawaban}
    if not any(b.id in per_butir for b in butir):
        return Hasil(BELUM_DIISI)
    kurang = []
    for b in butir:
        if not b.wajib:
            continue
        j = per_butir.get(b.id)
        if j is None:
            kurang.append(Kekurangan(b.id, b.uraian, BELUM_DIJAWAB))
        elif not j.terpenuhi:
            kurang.append(Kekurangan(b.id, b.uraian, TIDAK_TERPENUHI))
        elif b.bukti_wajib and not j.ada_bukti:
            kurang.append(Kekurangan(b.id, b.uraian, TANPA_BUKTI))
    return Hasil(TIDAK_SESUAI if kurang else SESUAI, tuple(kurang))


def hitung(hasil: Iterable[Hasil]) -> dict[str, int]:
    """Counts per status, every status present (zero when none)."""
    jumlah = dict.fromkeys(LABEL, 0)
    for h in hasil:
        jumlah[h.status] += 1
    return jumlah
