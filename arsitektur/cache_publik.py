"""Cache of the public landing page (/publik/), shared by the replicas through Django's cache
(Redis when REDIS_URL is set).

Only the plain pages are cached: no search, no other parameter, page 1..CACHE_HALAMAN, so
the key space stays bounded whatever a visitor types. The page shows nothing per user. Keys
carry a version that the writes changing the page bump after commit (an application saved,
imported or approved through a request); the short timeout covers the rest (an OPD renamed
or deactivated in the master data, a process-local cache without Redis).
"""

import logging
import uuid

from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

TIMEOUT = 120  # seconds
CACHE_HALAMAN = 50  # pages 1..50 are cached; later ones and searches go to the database
VERSI = "publik:versi"

# What a cache that cannot be reached raises; the page is then built without it.
CACHE_DOWN = (RedisError, OSError)


def kunci(request: HttpRequest) -> str | None:
    """The cache key of a plain page, or None when the page is not cached. The version is
    read here, before the page's data, so a page built from data older than a bump is never
    stored under the version after it."""
    if set(request.GET) - {"halaman"}:
        return None
    nomor = request.GET.get("halaman", "1")
    if not (nomor.isascii() and nomor.isdigit() and 1 <= int(nomor) <= CACHE_HALAMAN):
        return None
    try:
        versi = cache.get(VERSI)
        if versi is None:
            cache.add(VERSI, uuid.uuid4().hex, None)
            versi = cache.get(VERSI)
    except CACHE_DOWN as exc:
        logger.warning("Cache tidak dapat dihubungi; halaman publik dibangun langsung: %s", exc)
        return None
    return f"publik:{versi}:{int(nomor)}"


def ambil(kunci: str) -> bytes | None:
    try:
        return cache.get(kunci)
    except CACHE_DOWN as exc:
        logger.warning("Cache tidak dapat dihubungi; halaman publik dibangun langsung: %s", exc)
        return None


def simpan(kunci: str, isi: bytes) -> None:
    try:
        cache.set(kunci, isi, TIMEOUT)
    except CACHE_DOWN as exc:
        logger.warning("Cache tidak dapat dihubungi; halaman publik tidak disimpan: %s", exc)


def segarkan() -> None:
    """Make the next visit rebuild the page: a new version now, and again once the
    transaction commits, so a page built meanwhile from the data before it is not kept."""
    _bump()
    transaction.on_commit(_bump)


def _bump() -> None:
    try:
        cache.set(VERSI, uuid.uuid4().hex, None)
    except CACHE_DOWN as exc:
        logger.warning(
            "Cache tidak dapat dihubungi; halaman publik basi s.d. %ss: %s", TIMEOUT, exc
        )
