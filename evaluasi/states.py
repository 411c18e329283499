"""Period and penilaian state rules (SPEC §4). Pure: no Django.

Period:    persiapan → pengisian → verifikasi → selesai → dipublikasi
Penilaian: draft → diajukan → diverifikasi → (perlu_perbaikan → diajukan …) → final
"""

from datetime import date

from evaluasi.galat import StatusBerubah, TransisiTidakSah

__all__ = ["StatusBerubah", "TransisiTidakSah"]  # re-exported: callers say states.TransisiTidakSah

PERSIAPAN, PENGISIAN, VERIFIKASI, SELESAI, DIPUBLIKASI = (
    "persiapan",
    "pengisian",
    "verifikasi",
    "selesai",
    "dipublikasi",
)
DRAFT, DIAJUKAN, DIVERIFIKASI, PERLU_PERBAIKAN, FINAL = (
    "draft",
    "diajukan",
    "diverifikasi",
    "perlu_perbaikan",
    "final",
)

PERIODE_NEXT = {
    PERSIAPAN: PENGISIAN,
    PENGISIAN: VERIFIKASI,
    VERIFIKASI: SELESAI,
    SELESAI: DIPUBLIKASI,
}
PENILAIAN_TRANSITIONS = {
    DRAFT: {DIAJUKAN},
    DIAJUKAN: {DIVERIFIKASI, PERLU_PERBAIKAN},
    DIVERIFIKASI: {PERLU_PERBAIKAN, FINAL},
    PERLU_PERBAIKAN: {DIAJUKAN},
    FINAL: set(),
}
# Operators may change answers only in these penilaian states.
OPERATOR_EDITABLE = {DRAFT, PERLU_PERBAIKAN}
# Evidence stays restorable until the period is closed.
CLOSED_PERIODE = {SELESAI, DIPUBLIKASI}


def periode_next(status: str) -> str:
    """The only status a period may move to from `status`. Raises TransisiTidakSah at the end."""
    try:
        return PERIODE_NEXT[status]
    except KeyError:
        raise TransisiTidakSah(
            "Periode sudah dipublikasikan; tidak ada tahap berikutnya."
        ) from None


def penilaian_check(current: str, target: str) -> None:
    if target not in PENILAIAN_TRANSITIONS.get(current, set()):
        raise TransisiTidakSah(
            f"Penilaian berstatus {current} tidak dapat diubah menjadi {target}."
        )


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
    if penilaian_status == PERLU_PERBAIKAN:
        if periode_status not in (PENGISIAN, VERIFIKASI):
            return "Periode evaluasi tidak sedang dalam tahap pengisian atau verifikasi."
        deadline = batas_perbaikan or batas
        if hari_ini > deadline:
            return f"Batas waktu perbaikan ({deadline:%d-%m-%Y}) sudah lewat."
        return None
    if periode_status != PENGISIAN:
        return "Periode evaluasi tidak sedang dalam tahap pengisian."
    if hari_ini < mulai:
        return f"Masa pengisian belum dimulai (mulai {mulai:%d-%m-%Y})."
    if hari_ini > batas:
        return f"Batas waktu pengisian ({batas:%d-%m-%Y}) sudah lewat."
    if penilaian_status not in OPERATOR_EDITABLE:
        return "Penilaian sudah diajukan; jawaban tidak dapat diubah lagi."
    return None


# Evaluators verify while the period is open for filling (early submitters) or verifying.
EVALUATOR_PERIODE = {PENGISIAN, VERIFIKASI}
EVALUATOR_PENILAIAN = {DIAJUKAN, DIVERIFIKASI}


def alasan_tidak_bisa_mereviu(*, periode_status: str, penilaian_status: str) -> str | None:
    """Why an evaluator may not change the verification now (Indonesian), or None."""
    if periode_status not in EVALUATOR_PERIODE:
        return "Periode evaluasi tidak sedang dalam tahap pengisian atau verifikasi."
    if penilaian_status == DRAFT:
        return "Penilaian belum diajukan operator; verifikasi dimulai setelah diajukan."
    if penilaian_status == PERLU_PERBAIKAN:
        return "Penilaian sedang diperbaiki operator; tunggu sampai diajukan kembali."
    if penilaian_status == FINAL:
        return "Penilaian sudah final. Admin dapat membukanya kembali dengan alasan."
    return None
