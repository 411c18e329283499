"""The Log aktivitas page (Admin): who changed periods, assignments, TPP rules, users,
instruments and OPD master data, and how."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from opd.forms import LogAktivitasFilterForm
from opd.log_aktivitas import jenis_data, log_page
from spbe_portal.access import menu_required


@require_GET
@menu_required("log")
def log_aktivitas(request: HttpRequest) -> HttpResponse:
    jenis = jenis_data()
    filters = LogAktivitasFilterForm(
        request.GET or None, jenis_data={kunci: j.nama for kunci, j in jenis.items()}
    )
    params = filters.cleaned_data if filters.is_valid() else {}
    page = log_page(
        kunci=params.get("jenis", ""),
        pengguna=params.get("pengguna"),
        dari=params.get("dari"),
        sampai=params.get("sampai"),
        halaman=request.GET.get("halaman"),
    )
    querystring = request.GET.copy()
    querystring.pop("halaman", None)
    ctx = {"filters": filters, "page": page, "querystring": querystring.urlencode()}
    return render(request, "opd/log_aktivitas.html", ctx)
