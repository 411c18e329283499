from django.conf import settings
from django.http import HttpRequest

from spbe_portal.access import menu_for


def portal(request: HttpRequest) -> dict:
    """Header and sidebar data for every page: the pemda's name and this user's menu."""
    user = getattr(request, "user", None)
    match = getattr(request, "resolver_match", None)
    current = match.view_name if match else ""
    menu = [
        {"item": item, "aktif": item.is_active(current)}
        for item in (menu_for(user) if user is not None else [])
    ]
    return {
        "PEMDA_NAMA": settings.PEMDA_NAMA,
        "PEMDA_SINGKAT": settings.PEMDA_SINGKAT,
        "PEMDA_LOGO": settings.PEMDA_LOGO,
        "menu": menu,
    }
