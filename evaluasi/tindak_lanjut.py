"""The follow-up's home page (SPEC §14): one card per part — targets and roadmap, rencana
aksi, schedule — each from its own template, so the parts stay apart."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from spbe_portal.access import menu_required


@require_GET
@menu_required("tindak")
def beranda(request: HttpRequest) -> HttpResponse:
    return render(request, "tindak/beranda.html", {})
