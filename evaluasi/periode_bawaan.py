"""Which period a user lands on when they have not picked one (SPEC §4). Pure: no Django.

Creating next year's period (still in persiapan) must not switch everyone to an empty year:
each role starts at the period that has something for them.

- operator: the period open for them to fill (or to revise), else the latest published,
  else the latest where their OPD has a penilaian;
- evaluator: the latest period with their assignments that is being verified, else the
  latest with any of their assignments, else the latest published;
- admin and pimpinan: the latest period past persiapan that has penilaian (published or in
  progress).

Anything else falls back to the newest period, so a fresh installation still shows one.
"""

from dataclasses import dataclass

from evaluasi.states import EVALUATOR_PERIODE, StatusPeriode


@dataclass(frozen=True)
class PeriodeRingkas:
    """What the rule needs to know of one period, seen by one user."""

    pk: int
    tahun: int
    status: str
    ada_penilaian: bool = False  # admin/pimpinan: any OPD; operator: their own OPD
    ada_tugas: bool = False  # evaluator: at least one assignment
    bisa_diisi: bool = False  # operator: open for filling or revising now


def periode_bawaan(peran: str, daftar: list[PeriodeRingkas]) -> int | None:
    """The pk of the period `peran` starts at, or None when there is no period at all."""
    urut = sorted(daftar, key=lambda p: p.tahun, reverse=True)
    if not urut:
        return None

    def pertama(*syarat) -> int | None:
        for cocok in syarat:
            for p in urut:
                if cocok(p):
                    return p.pk
        return None

    def terbit(p: PeriodeRingkas) -> bool:
        return p.status == StatusPeriode.DIPUBLIKASI

    if peran == "operator":
        pilihan = pertama(lambda p: p.bisa_diisi, terbit, lambda p: p.ada_penilaian)
    elif peran == "evaluator":
        pilihan = pertama(
            lambda p: p.ada_tugas and p.status in EVALUATOR_PERIODE,
            lambda p: p.ada_tugas,
            terbit,
        )
    else:
        pilihan = pertama(lambda p: p.ada_penilaian and p.status != StatusPeriode.PERSIAPAN)
    return pilihan if pilihan is not None else urut[0].pk
