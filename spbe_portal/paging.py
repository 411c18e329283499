"""Paging and OPD search shared by the pages that list OPDs (one source for the pattern).

A page is `Paginator(...).get_page(...)`: a missing or non-numeric `?halaman=` gives the first
page and one past the end the last, never an error. The query string of the paging links
keeps every filter but the page number. Counts for a page are one COUNT query and the rows one
LIMIT/OFFSET query, so the cost does not depend on how many OPDs there are.
"""

from django.core.paginator import Page, Paginator
from django.db.models import Q
from django.http import HttpRequest

PARAM = "halaman"


def potong(items, nomor, per_halaman: int, *, jumlah: int | None = None) -> Page:
    """One page of `items` (a queryset, ordered); `nomor` as given by the user. `jumlah`: how
    many `items` holds, when the caller already knows (a period's summary), saving the COUNT
    over every row."""
    paginator = Paginator(items, per_halaman)
    if jumlah is not None:
        paginator.count = jumlah  # the cached_property's value, set before anything reads it
    return paginator.get_page(nomor)


def nomor(request: HttpRequest) -> str | None:
    return request.GET.get(PARAM)


def querystring(request: HttpRequest) -> str:
    """The request's filters without the page number, for includes/pagination.html."""
    params = request.GET.copy()
    params.pop(PARAM, None)
    return params.urlencode()


def cari_opd(q: str, awalan: str = "") -> Q:
    """OPDs whose name, abbreviation or code contains `q` (`awalan`: the path to the OPD,
    e.g. "opd__"); an empty `q` matches everything."""
    q = q.strip()
    if not q:
        return Q()
    return (
        Q(**{f"{awalan}nama__icontains": q})
        | Q(**{f"{awalan}singkatan__icontains": q})
        | Q(**{f"{awalan}kode__icontains": q})
    )
