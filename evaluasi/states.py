"""Period and penilaian state rules (SPEC §4). Pure: no Django.

Period:    persiapan → pengisian → verifikasi → selesai → dipublikasi
Penilaian: draft → diajukan → diverifikasi → (perlu_perbaikan → diajukan …) → final
           final → diverifikasi only by a recorded reopen, never once the period is published

The two vocabularies below are the only place a status value is written: the models'
`TextChoices` are built from them (evaluasi.models), and the transition tables are keyed by
their members, so a new status without a row in its table fails `test_states`.
"""

from datetime import date
from enum import StrEnum

from evaluasi.galat import StatusBerubah, TransisiTidakSah

__all__ = ["StatusBerubah", "TransisiTidakSah"]  # re-exported: callers say states.TransisiTidakSah


class Status(StrEnum):
    """A status value with its Indonesian label, declared like Django's TextChoices."""

    def __new__(cls, value: str, label: str):
        member = str.__new__(cls, value)
        member._value_ = value
        member.label = label
        return member


class StatusPeriode(Status):
    PERSIAPAN = "persiapan", "Persiapan"
    PENGISIAN = "pengisian", "Pengisian"
    VERIFIKASI = "verifikasi", "Verifikasi"
    SELESAI = "selesai", "Selesai"
    DIPUBLIKASI = "dipublikasi", "Dipublikasi"


class StatusPenilaian(Status):
    DRAFT = "draft", "Draf"
    DIAJUKAN = "diajukan", "Diajukan"
    DIVERIFIKASI = "diverifikasi", "Diverifikasi"
    PERLU_PERBAIKAN = "perlu_perbaikan", "Perlu perbaikan"
    FINAL = "final", "Final"


PERIODE_TRANSITIONS: dict[StatusPeriode, set[StatusPeriode]] = {
    StatusPeriode.PERSIAPAN: {StatusPeriode.PENGISIAN},
    StatusPeriode.PENGISIAN: {StatusPeriode.VERIFIKASI},
    StatusPeriode.VERIFIKASI: {StatusPeriode.SELESAI},
    StatusPeriode.SELESAI: {StatusPeriode.DIPUBLIKASI},  # publication
    StatusPeriode.DIPUBLIKASI: set(),
}
PENILAIAN_TRANSITIONS: dict[StatusPenilaian, set[StatusPenilaian]] = {
    StatusPenilaian.DRAFT: {StatusPenilaian.DIAJUKAN},
    StatusPenilaian.DIAJUKAN: {StatusPenilaian.DIVERIFIKASI, StatusPenilaian.PERLU_PERBAIKAN},
    StatusPenilaian.DIVERIFIKASI: {StatusPenilaian.PERLU_PERBAIKAN, StatusPenilaian.FINAL},
    StatusPenilaian.PERLU_PERBAIKAN: {StatusPenilaian.DIAJUKAN},
    StatusPenilaian.FINAL: {StatusPenilaian.DIVERIFIKASI},  # reopen (buka kembali)
}
# One stage back, each with a recorded reason (periode_mundur_check says when it is refused).
PERIODE_MUNDUR: dict[StatusPeriode, StatusPeriode] = {
    StatusPeriode.PENGISIAN: StatusPeriode.PERSIAPAN,
    StatusPeriode.VERIFIKASI: StatusPeriode.PENGISIAN,
    StatusPeriode.SELESAI: StatusPeriode.VERIFIKASI,
    StatusPeriode.DIPUBLIKASI: StatusPeriode.SELESAI,  # withdraw the publication
}
# Operators may change answers only in these penilaian states.
OPERATOR_EDITABLE = {StatusPenilaian.DRAFT, StatusPenilaian.PERLU_PERBAIKAN}
# Evidence stays restorable until the period is closed.
CLOSED_PERIODE = {StatusPeriode.SELESAI, StatusPeriode.DIPUBLIKASI}


def periode_next(status: str) -> StatusPeriode | None:
    """The one status a period may move on to from `status`; None at the end."""
    (berikutnya,) = PERIODE_TRANSITIONS[StatusPeriode(status)] or {None}
    return berikutnya


def periode_check(current: str, target: str | None, *, alasan: str = "") -> None:
    """Raise TransisiTidakSah unless a period may move from `current` to `target`: one stage
    on, or one stage back with a reason."""
    allowed = PERIODE_TRANSITIONS[StatusPeriode(current)]
    if target in allowed:
        return
    if target is not None and target == PERIODE_MUNDUR.get(StatusPeriode(current)):
        if not alasan.strip():
            raise TransisiTidakSah("Tuliskan alasan mengembalikan periode ke tahap sebelumnya.")
        return
    if not allowed:
        raise TransisiTidakSah("Periode sudah dipublikasikan; tidak ada tahap berikutnya.")
    raise TransisiTidakSah(
        f"Periode berstatus {StatusPeriode(current).label} tidak dapat diubah menjadi "
        f"{StatusPeriode(target).label}."
    )


def periode_mundur_check(
    current: str, *, jumlah_diajukan: int, tpp_diekspor: bool
) -> StatusPeriode:
    """The stage a period may step back to now, or TransisiTidakSah saying why not.

    - Back to persiapan only while no OPD has submitted: submissions would lose their period.
    - A publication may be withdrawn (a wrong figure, a late objection) until the TPP recap of
      the period has been exported: from then on the figures have left the portal for the
      finance office, and taking them back here would no longer undo what was paid on them.
    """
    target = PERIODE_MUNDUR.get(StatusPeriode(current))
    if target is None:
        raise TransisiTidakSah("Periode masih tahap persiapan; tidak ada tahap sebelumnya.")
    if target == StatusPeriode.PERSIAPAN and jumlah_diajukan:
        raise TransisiTidakSah(
            f"{jumlah_diajukan} OPD sudah mengajukan penilaian; periode tidak dapat "
            "dikembalikan ke persiapan."
        )
    if current == StatusPeriode.DIPUBLIKASI and tpp_diekspor:
        raise TransisiTidakSah(
            "Rekap TPP periode ini sudah diekspor; publikasi tidak dapat ditarik lagi."
        )
    return target


def penilaian_check(current: str, target: str, *, periode_status: str | None = None) -> None:
    """Raise TransisiTidakSah unless a penilaian may move from `current` to `target` while
    its period is in `periode_status`: a published result is never reopened."""
    if target not in PENILAIAN_TRANSITIONS[StatusPenilaian(current)]:
        raise TransisiTidakSah(
            f"Penilaian berstatus {current} tidak dapat diubah menjadi {target}."
        )
    if current == StatusPenilaian.FINAL and periode_status == StatusPeriode.DIPUBLIKASI:
        raise TransisiTidakSah("Hasil periode ini sudah dipublikasikan dan tidak dapat dibuka.")


def batas_operator(
    *, penilaian_status: str, batas: date, batas_perbaikan: date | None = None
) -> tuple[str, date]:
    """The deadline an operator works to now, with its name: a penilaian sent back for
    revision runs to `batas_perbaikan` (the verification deadline), anything else to `batas`."""
    if penilaian_status == StatusPenilaian.PERLU_PERBAIKAN:
        return "Batas perbaikan", batas_perbaikan or batas
    return "Batas pengisian", batas


def ambang_pengingat(sisa_hari: int, ambang: tuple[int, ...]) -> int | None:
    """Which reminder is due with `sisa_hari` days left to a deadline: the smallest threshold
    not below it (5 days left with 14/7/1 → the 7-day reminder), None before the first
    threshold and after the deadline. A beat that missed a day still sends the right one."""
    due = [a for a in ambang if sisa_hari <= a]
    return min(due) if due and sisa_hari >= 0 else None


def alasan_tidak_bisa_mengisi(
    *,
    periode_status: str,
    penilaian_status: str,
    hari_ini: date,
    mulai: date,
    batas: date,
    batas_perbaikan: date | None = None,
) -> str | None:
    """Why an operator may not change answers now (Indonesian), or None when they may.

    A draft is open during the period's filling stage, from `mulai` to the end of `batas`.
    A penilaian sent back for revision stays open through verification, to the end of
    `batas_perbaikan` (the verification deadline).
    """
    if penilaian_status == StatusPenilaian.PERLU_PERBAIKAN:
        if periode_status not in (StatusPeriode.PENGISIAN, StatusPeriode.VERIFIKASI):
            return "Periode evaluasi tidak sedang dalam tahap pengisian atau verifikasi."
        _, deadline = batas_operator(
            penilaian_status=penilaian_status, batas=batas, batas_perbaikan=batas_perbaikan
        )
        if hari_ini > deadline:
            return f"Batas waktu perbaikan ({deadline:%d-%m-%Y}) sudah lewat."
        return None
    if periode_status != StatusPeriode.PENGISIAN:
        return "Periode evaluasi tidak sedang dalam tahap pengisian."
    if hari_ini < mulai:
        return f"Masa pengisian belum dimulai (mulai {mulai:%d-%m-%Y})."
    if hari_ini > batas:
        return f"Batas waktu pengisian ({batas:%d-%m-%Y}) sudah lewat."
    if penilaian_status not in OPERATOR_EDITABLE:
        return "Penilaian sudah diajukan; jawaban tidak dapat diubah lagi."
    return None


# Evaluators verify while the period is open for filling (early submitters) or verifying.
EVALUATOR_PERIODE = {StatusPeriode.PENGISIAN, StatusPeriode.VERIFIKASI}
EVALUATOR_PENILAIAN = {StatusPenilaian.DIAJUKAN, StatusPenilaian.DIVERIFIKASI}


def alasan_tidak_bisa_mereviu(*, periode_status: str, penilaian_status: str) -> str | None:
    """Why an evaluator may not change the verification now (Indonesian), or None."""
    if periode_status not in EVALUATOR_PERIODE:
        return "Periode evaluasi tidak sedang dalam tahap pengisian atau verifikasi."
    if penilaian_status == StatusPenilaian.DRAFT:
        return "Penilaian belum diajukan operator; verifikasi dimulai setelah diajukan."
    if penilaian_status == StatusPenilaian.PERLU_PERBAIKAN:
        return "Penilaian sedang diperbaiki operator; tunggu sampai diajukan kembali."
    if penilaian_status == StatusPenilaian.FINAL:
        return "Penilaian sudah final. Admin dapat membukanya kembali dengan alasan."
    return None
