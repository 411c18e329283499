"""The period a page shows: asked for in the URL, else the one remembered in the session,
else the one with something for this user (`periode_bawaan`). Every period-scoped page and
the header's period switcher read it from here, so they never disagree."""

from dataclasses import dataclass

from django.http import HttpRequest

from evaluasi.models import Periode
from evaluasi.penilaian import selectors as penilaian_selectors
from evaluasi.periode_bawaan import periode_bawaan

SESSION_KEY = "periode_pilihan"


@dataclass(frozen=True)
class PeriodeKonteks:
    daftar: list[Periode]
    aktif: Periode | None
    bawaan: Periode | None  # what this user would land on without a choice


def periode_konteks(request: HttpRequest, diminta: str | None = None) -> PeriodeKonteks:
    """The period for this request; an explicit, known `diminta` (or ?periode=) is remembered
    in the session. Computed once per request (the header and the view share it)."""
    diminta = str(diminta if diminta is not None else request.GET.get("periode", ""))
    cached = getattr(request, "_periode_konteks", None)
    if cached is not None and diminta in ("", cached[0]):
        return cached[1]
    rows = penilaian_selectors.periode_untuk(request.user)
    by_pk = {str(p.pk): p for p, _ in rows}
    bawaan = by_pk.get(str(periode_bawaan(request.user.peran, [r for _, r in rows])))
    if diminta in by_pk:
        aktif = by_pk[diminta]
        # Written only when it changes: every write costs the session a save (a query).
        if request.session.get(SESSION_KEY) != aktif.pk:
            request.session[SESSION_KEY] = aktif.pk
    else:
        aktif = by_pk.get(str(request.session.get(SESSION_KEY, ""))) or bawaan
    konteks = PeriodeKonteks(daftar=[p for p, _ in rows], aktif=aktif, bawaan=bawaan)
    request._periode_konteks = (diminta, konteks)
    return konteks


def periode_lupakan(request: HttpRequest) -> None:
    """Back to the default period (the switcher's 'otomatis')."""
    request.session.pop(SESSION_KEY, None)
    request.__dict__.pop("_periode_konteks", None)
