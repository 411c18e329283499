from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from opd.access import menu_required


@require_GET
@menu_required("arsitektur")
def beranda(request: HttpRequest) -> HttpResponse:
    return render(request, "arsitektur/beranda.html", {})
