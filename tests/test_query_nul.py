"""A NUL byte in the query string (`?q=%00`) never reaches a view: PostgreSQL text refuses it,
so a search with one would fail the query (a 500) — on the anonymous /publik/ page too."""

import pytest
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse

from spbe_portal.middleware import QueryTanpaNulMiddleware

pytestmark = pytest.mark.django_db


def test_the_middleware_removes_nul_from_keys_and_values():
    seen = {}

    def view(request):
        seen.update({k: request.GET.getlist(k) for k in request.GET})
        return HttpResponse()

    request = RequestFactory().get("/publik/?q=ab%00c&halaman=1&x%00y=1&q=%00")
    QueryTanpaNulMiddleware(view)(request)

    assert seen == {"q": ["abc", ""], "halaman": ["1"], "xy": ["1"]}


@pytest.mark.parametrize(
    ("name", "persona"),
    [
        ("publik", None),
        ("evaluasi:pustaka", "admin"),
        ("evaluasi:laporan_daftar", "admin"),
        ("opd:daftar", "admin"),
        ("pengguna:daftar", "admin"),
        ("permohonan:daftar", "admin"),
        ("jaringan:gangguan", "admin"),
    ],
)
def test_search_pages_answer_a_nul_search(client, personas, name, persona):
    if persona:
        client.force_login(personas[persona])

    response = client.get(reverse(name), {"q": "\x00", "status": "\x00", "opd": "\x00"})

    assert response.status_code == 200
