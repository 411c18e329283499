"""The one test for "this request came from htmx" (a fragment is wanted, not a page)."""

from django.http import HttpRequest


def is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"
