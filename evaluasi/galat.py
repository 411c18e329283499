"""The one family of refusals of the evaluation (pure: no Django). Every message is for the
user, in Indonesian; views decide the answer by the type, never by the text:

- Terkunci: not now (the window, a status, an instrument in use) → 403 with the reason;
- IsianTidakLengkap: something the user must add first → the message, nothing saved;
  BelumLengkap: the indicators still missing something;
- Konflik: someone saved the same thing since the form was loaded → 409 with the newer values;
- TransisiTidakSah: a status change the rules do not allow; StatusBerubah: the status changed
  since the page was loaded (another click, another user).
"""

from collections.abc import Sequence


class GalatEvaluasi(Exception):
    """An evaluation action was refused; str(exc) tells the user why."""


class Terkunci(GalatEvaluasi):
    """The action is not allowed now."""


class IsianTidakLengkap(GalatEvaluasi):
    """Something the user must add first (a reason, a note, a choice)."""


class BelumLengkap(IsianTidakLengkap):
    """Indicators still missing what the step needs; `nomor` lists them."""

    def __init__(self, awal: str, nomor: Sequence[int], kurang: str):
        super().__init__(f"{awal}: indikator {', '.join(map(str, nomor))} belum memiliki {kurang}.")
        self.nomor = list(nomor)


class Konflik(GalatEvaluasi):
    """A stale form: `jawaban` carries the newer values to show beside what the user typed."""

    def __init__(self, pesan: str, jawaban):
        super().__init__(pesan)
        self.jawaban = jawaban


class TransisiTidakSah(GalatEvaluasi, ValueError):
    """A state change that the rules do not allow."""


class StatusBerubah(TransisiTidakSah):
    """The status changed since the user loaded the page."""
