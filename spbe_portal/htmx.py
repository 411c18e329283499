"""The one test for "this request came from htmx" (a fragment is wanted, not a page)."""

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect


def is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def redirect_htmx(request: HttpRequest, url: str) -> HttpResponse:
    """Go to `url`: htmx follows HX-Redirect with a full page load, a plain form a 302."""
    if is_htmx(request):
        response = HttpResponse(status=204)
        response["HX-Redirect"] = url
        return response
    return HttpResponseRedirect(url)
