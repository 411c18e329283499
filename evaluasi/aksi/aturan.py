"""Rules of a rencana aksi (SPEC §14): which status may follow which and who may take each
step, when an action is overdue, and which reminders are due. Pure: no Django."""

from dataclasses import dataclass
from datetime import date

RENCANA, BERJALAN, SELESAI, BATAL = "rencana", "berjalan", "selesai", "batal"
TERBUKA = frozenset({RENCANA, BERJALAN})

# Days before the due date on which the PIC OPD is reminded (SPEC §14: 14, 7 and 1 day).
HARI_PENGINGAT = (14, 7, 1)
# How far ahead "Tugas saya" lists an action.
HARI_TUGAS = 14


class LangkahTidakSah(Exception):
    """A status change the table does not allow, or not to this user; the message is for users."""


@dataclass(frozen=True)
class Langkah:
    ke: str
    label: str
    # The PIC OPD's operators may take it; the evaluation team (Admin, evaluator) may take all.
    operator: bool
    perlu_bukti: bool = False


# from → the steps it may take. Cancelling and reopening are the evaluation team's calls.
LANGKAH: dict[str, tuple[Langkah, ...]] = {
    RENCANA: (
        Langkah(BERJALAN, "Mulai kerjakan", operator=True),
        Langkah(SELESAI, "Tandai selesai", operator=True, perlu_bukti=True),
        Langkah(BATAL, "Batalkan", operator=False),
    ),
    BERJALAN: (
        Langkah(SELESAI, "Tandai selesai", operator=True, perlu_bukti=True),
        Langkah(RENCANA, "Kembalikan ke rencana", operator=True),
        Langkah(BATAL, "Batalkan", operator=False),
    ),
    SELESAI: (Langkah(BERJALAN, "Buka kembali", operator=False),),
    BATAL: (Langkah(RENCANA, "Aktifkan kembali", operator=False),),
}


# Badge colour per status (Bootstrap's text-bg-*).
WARNA = {RENCANA: "light border", BERJALAN: "primary", SELESAI: "success", BATAL: "secondary"}


def langkah_boleh(dari: str, *, tim: bool) -> tuple[Langkah, ...]:
    """The steps from `dari` this user may take: `tim` = Admin or evaluator, else the PIC OPD."""
    return tuple(s for s in LANGKAH.get(dari, ()) if tim or s.operator)


def periksa_langkah(dari: str, ke: str, *, tim: bool, ada_bukti: bool) -> Langkah:
    """The step from `dari` to `ke`, or LangkahTidakSah with the reason in Indonesian."""
    for step in LANGKAH.get(dari, ()):
        if step.ke == ke:
            if not (tim or step.operator):
                raise LangkahTidakSah(
                    "Hanya Admin atau evaluator yang dapat membatalkan atau membuka kembali "
                    "rencana aksi."
                )
            if step.perlu_bukti and not ada_bukti:
                raise LangkahTidakSah(
                    "Tautkan dokumen bukti penyelesaian sebelum menandai rencana aksi selesai."
                )
            return step
    raise LangkahTidakSah("Status rencana aksi sudah berubah; muat ulang halaman ini.")


# A due date outside these is a typo (0001, 9999), not a plan.
BATAS_PALING_AWAL = date(2000, 1, 1)
TAHUN_KE_DEPAN = 10


def periksa_batas(batas: date, hari_ini: date) -> str | None:
    """Why this due date cannot be meant, or None."""
    if batas < BATAS_PALING_AWAL:
        return f"Batas waktu {batas:%d-%m-%Y} tidak wajar; periksa tahunnya."
    if batas.year > hari_ini.year + TAHUN_KE_DEPAN:
        return (
            f"Batas waktu {batas:%d-%m-%Y} lebih dari {TAHUN_KE_DEPAN} tahun lagi; "
            "periksa tahunnya."
        )
    return None


def terlambat(status: str, batas: date, hari_ini: date) -> bool:
    """Still open after its due date."""
    return status in TERBUKA and batas < hari_ini


def sisa_hari(batas: date, hari_ini: date) -> int:
    return (batas - hari_ini).days


def pengingat_jatuh(
    status: str, batas: date, hari_ini: date, sudah: list[int] | tuple[int, ...]
) -> int | None:
    """The reminder due today, if any: the nearest of HARI_PENGINGAT that the remaining days
    have reached and that was not sent yet (a run missed on day 7 still sends on day 6, once;
    reaching day 1 after a missed day 7 sends only the day-1 reminder)."""
    if status not in TERBUKA:
        return None
    sisa = sisa_hari(batas, hari_ini)
    if sisa < 0:
        return None
    jatuh = [h for h in HARI_PENGINGAT if sisa <= h]
    if not jatuh:
        return None
    terdekat = min(jatuh)
    return None if terdekat in sudah else terdekat
