"""The improvement advice, in words a person can follow (SPEC §4). Pure: no Django.

One source for the OPD result page, its PDF and the simulator: an incomplete penilaian first
fills what is missing; the plan raises each indicator by at most `maks_naik` levels a year
(settings.SARAN_MAKS_NAIK) and lists, for every step, the evidence the next level asks for.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from evaluasi.scoring import AnalisisGap

TAMPIL = 10  # steps named in the sentence; the list shows them all


@dataclass(frozen=True)
class LangkahSaran:
    nomor: int
    nama: str
    dari: int | Decimal  # a fractional value starts its first step below the next level
    ke: int
    bukti: tuple[str, ...]  # what the criteria of level `ke` expect as evidence


@dataclass(frozen=True)
class Saran:
    kalimat: str
    langkah: tuple[LangkahSaran, ...]


def _daftar(nomor: list[int]) -> str:
    teks = ", ".join(str(n) for n in nomor[:TAMPIL])
    return teks + (f" dan {len(nomor) - TAMPIL} lainnya" if len(nomor) > TAMPIL else "")


def saran(
    gap: AnalisisGap,
    nama: Mapping[int, str],
    bukti: Mapping[tuple[int, int], list[str]],
) -> Saran:
    """`nama`: indicator names by number; `bukti`: evidence expected per (number, level)."""
    kalimat = []
    if gap.belum_dijawab:
        kalimat.append(
            f"Isi dahulu {len(gap.belum_dijawab)} indikator yang belum dijawab (indikator "
            f"{_daftar(list(gap.belum_dijawab))}); indeks dan predikat baru berarti setelah "
            "semua indikator terisi."
        )
    langkah = tuple(
        LangkahSaran(
            lg.nomor,
            nama.get(lg.nomor, ""),
            lg.dari,
            lg.ke,
            tuple(bukti.get((lg.nomor, lg.ke), ())),
        )
        for lg in gap.langkah
    )
    batas = (
        f"paling banyak {gap.maks_naik} level per indikator dalam setahun"
        if gap.maks_naik
        else "tanpa batas kenaikan per indikator"
    )
    if gap.target is None:
        kalimat.append("Predikat tertinggi sudah tercapai; pertahankan dan perbarui buktinya.")
    elif gap.tercapai and langkah:
        kalimat.append(
            f"Untuk mencapai {gap.target}: {gap.jumlah_langkah} kenaikan level pada "
            f"{len(langkah)} indikator ({batas}), mulai dari indikator "
            f"{_daftar([lg.nomor for lg in langkah])}."
        )
    elif langkah:
        kalimat.append(
            f"{gap.target} belum dapat dicapai tahun ini bila naik {batas}; rencana berikut "
            f"menaikkan indeks sejauh mungkin: indikator {_daftar([lg.nomor for lg in langkah])}."
        )
    else:
        kalimat.append(f"Predikat {gap.target} tidak dapat dicapai dengan indikator yang berlaku.")
    return Saran(" ".join(kalimat), langkah)
