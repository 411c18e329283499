"""The network agenda's home page: one card per part (standard, disruptions, MRTG traffic),
each from its own template, so the parts stay apart."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from spbe_portal.access import menu_required


@require_GET
@menu_required("jaringan")
def beranda(request: HttpRequest) -> HttpResponse:
    return render(request, "jaringan/beranda.html", {})
