"""The evidence pages' upload loop (an OPD's answer and the penilaian instansi): every file
of the request's `berkas` field is stored on its own, so one refused file does not lose the
others, and each gets its own message (tagged, so an item's messages show at the item)."""

from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest

from evaluasi.penilaian import berkas


def simpan_unggahan(request: HttpRequest, simpan: Callable[[bytes, str], object], *, tag="") -> int:
    """Store each uploaded file through `simpan(data, nama)`; returns how many were stored.
    A file over BUKTI_MAX_BYTES is refused before it is read; BerkasDitolak becomes the file's
    message; anything else (Terkunci) is the caller's to answer."""
    files = request.FILES.getlist("berkas")
    if not files:
        messages.error(request, "Pilih berkas yang akan diunggah.", extra_tags=tag)
    stored = 0
    for upload in files:
        if upload.size > settings.BUKTI_MAX_BYTES:
            messages.error(
                request,
                f"{upload.name}: berkas terlalu besar; batasnya "
                f"{settings.BUKTI_MAX_BYTES // (1024 * 1024)} MB.",
                extra_tags=tag,
            )
            continue
        try:
            simpan(upload.read(), upload.name)
        except berkas.BerkasDitolak as exc:
            messages.error(request, f"{upload.name}: {exc}", extra_tags=tag)
        else:
            messages.success(request, f"{upload.name} diunggah.", extra_tags=tag)
            stored += 1
    return stored
