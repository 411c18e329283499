"""The evaluation's home page: what each role starts from (instrument, periods, the operator's
penilaian, the evaluator's queue)."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from evaluasi.instrumen import selectors as instrumen_selectors
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
