"""Server-side confirmation of a step that is hard to undo (Ajukan, Finalkan, every period
stage, publication): the first POST shows what will happen; only a POST carrying
konfirmasi=ya acts. A stray double click or a script without the field changes nothing."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def dikonfirmasi(request: HttpRequest) -> bool:
    return request.POST.get("konfirmasi") == "ya"


def halaman_konfirmasi(
    request: HttpRequest,
    *,
    judul: str,
    akibat: list[str],
    tombol: str,
    action: str,
    kembali: str,
    kembali_label: str,
    hidden: dict | None = None,
    minta_alasan: bool = False,
    galat_alasan: str = "",
    bahaya: bool = False,
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        "konfirmasi.html",
        {
            "judul": judul,
            "akibat": akibat,
            "tombol": tombol,
            "action": action,
            "kembali": kembali,
            "kembali_label": kembali_label,
            "hidden": list((hidden or {}).items()),
            "minta_alasan": minta_alasan,
            "alasan": request.POST.get("alasan", ""),
            "galat_alasan": galat_alasan,
            "bahaya": bahaya,
        },
        status=status,
    )
