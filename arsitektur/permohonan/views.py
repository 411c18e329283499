"""Application and domain requests: an OPD submits, Diskominfo (Admin) reviews."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from spbe_portal.access import menu_required


@require_GET
@menu_required("permohonan")
def daftar(request: HttpRequest) -> HttpResponse:
    return render(request, "permohonan/daftar.html", {})
