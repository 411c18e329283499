from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from evaluasi.konteks import periode_konteks


def periode(request: HttpRequest) -> dict:
    """The header's period switcher. Lazy: pages without the header pay nothing."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}

    return {"periode_konteks": SimpleLazyObject(lambda: periode_konteks(request))}
