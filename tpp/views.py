from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from opd.access import menu_required


@menu_required("tpp")
def beranda(request: HttpRequest) -> HttpResponse:
    return render(request, "tpp/beranda.html", {})
