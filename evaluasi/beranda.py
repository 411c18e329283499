"""The evaluation's home page: what each role starts from (instrument, periods, the operator's
penilaian, the evaluator's queue)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import Resolver404, resolve
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from evaluasi.instrumen import selectors as instrumen_selectors
from evaluasi.konteks import periode_konteks, periode_lupakan
from evaluasi.penilaian import selectors as penilaian_selectors
from evaluasi.verifikasi.views import antrian_context
from opd.models import Peran
from spbe_portal.access import is_admin, menu_required


@require_GET
@menu_required("evaluasi")
def beranda(request: HttpRequest) -> HttpResponse:
    user = request.user
    ctx = {
        "instrumen": instrumen_selectors.instrumen_default(),
        "periode": penilaian_selectors.periode_list() if is_admin(user) else None,
        "penilaian": penilaian_selectors.penilaian_for_operator(user)
        if user.peran == Peran.OPERATOR
        else None,
    }
    if user.peran == Peran.EVALUATOR:
        ctx.update(antrian_context(request))
    return render(request, "evaluasi/beranda.html", ctx)


@login_required
@require_POST
def periode_pilih(request: HttpRequest) -> HttpResponse:
    """The header's period switcher: remember the choice and go back to the list page the user
    was on (a page about one object of another period goes to the home page instead)."""
    pilihan = request.POST.get("periode", "")
    if pilihan == "otomatis":
        periode_lupakan(request)
    else:
        konteks = periode_konteks(request, diminta=pilihan)
        if konteks.aktif is None or str(konteks.aktif.pk) != pilihan:
            messages.error(request, "Periode tidak ditemukan.")
    tujuan = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        tujuan, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect("beranda")
    path, _, query = tujuan.partition("?")
    try:
        match = resolve(path)
    except Resolver404:
        return redirect("beranda")
    if match.kwargs:
        return redirect("beranda")
    params = QueryDict(query, mutable=True)
    params.pop("periode", None)
    params.pop("halaman", None)
    return redirect(f"{path}?{params.urlencode()}" if params else path)
