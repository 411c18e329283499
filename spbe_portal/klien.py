"""The client's address as the portal sees it, for failed-login throttling (django-axes)."""

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def alamat_klien(request: HttpRequest) -> str | None:
    """The address of the client behind `settings.AXES_IPWARE_PROXY_COUNT` reverse proxies.

    Each trusted proxy appends the address it received the request from to X-Forwarded-For,
    so with N proxies the N-th entry from the right is the one the outermost proxy saw; any
    entry left of it was sent by the client and is never trusted. Returns REMOTE_ADDR (the
    direct peer) when no proxy is configured, or when the header has fewer entries than
    proxies or that entry is not an IP address (the request did not come through every
    proxy, or a proxy is misconfigured).
    """
    peer = request.META.get("REMOTE_ADDR")
    count = settings.AXES_IPWARE_PROXY_COUNT or 0
    if count <= 0:
        return peer
    entries = [e.strip() for e in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    entries = [e for e in entries if e]
    if len(entries) < count:
        return peer
    try:
        return str(ipaddress.ip_address(entries[-count]))
    except ValueError:
        return peer
