"""Exports of the action list, with the list page's filters: .xlsx (every str stored as text,
`spbe_portal.xlsx`) and PDF (WeasyPrint). Both read what the user may read, nothing more."""

import tablib
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.decorators.http import require_GET

from evaluasi.aksi import aturan
from evaluasi.aksi.views import saring
from spbe_portal import access
from spbe_portal.xlsx import XLSX_CONTENT_TYPE, dataset_bytes

# An export is a working list, not an archive: past this many rows, filter first.
BATAS_BARIS = 5000

KOLOM = (
    "OPD PIC",
    "Tindakan",
    "Asal",
    "Rekomendasi",
    "Indikator",
    "Tahun",
    "Batas waktu",
    "Status",
    "Terlambat",
    "Bukti penyelesaian",
    "Selesai pada",
)


def _baris(request: HttpRequest):
    _, qs = saring(request, access.aksi_queryset_for_user(request.user))
    hari_ini = timezone.localdate()
    rows = list(qs[:BATAS_BARIS])
    for a in rows:
        a.terlambat = aturan.terlambat(a.status, a.batas, hari_ini)
    return rows, hari_ini


def _indikator(a) -> str:
    return f"{a.indikator.nomor}. {a.indikator.nama}" if a.indikator_id else ""


@require_GET
@access.menu_required("tindak")
def aksi_xlsx(request: HttpRequest) -> HttpResponse:
    rows, hari_ini = _baris(request)
    data = tablib.Dataset(headers=KOLOM, title="Rencana aksi")
    for a in rows:
        data.append(
            (
                a.opd.nama,
                a.uraian,
                a.get_asal_display(),
                a.rekomendasi,
                _indikator(a),
                a.tahun,
                a.batas,
                a.get_status_display(),
                "ya" if a.terlambat else "",
                a.bukti.dokumen.judul if a.bukti_id else "",
                timezone.localtime(a.selesai_pada).replace(tzinfo=None) if a.selesai_pada else None,
            )
        )
    response = HttpResponse(dataset_bytes(data), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="rencana-aksi-{hari_ini}.xlsx"'
    return response


@require_GET
@access.menu_required("tindak")
def aksi_pdf(request: HttpRequest) -> HttpResponse:
    rows, hari_ini = _baris(request)
    html = render_to_string(
        "tindak/aksi/cetak.html",
        {
            "rows": rows,
            "hari_ini": hari_ini,
            "pemda": settings.PEMDA_NAMA,
            "terpotong": len(rows) >= BATAS_BARIS,
            "terlambat": sum(1 for a in rows if a.terlambat),
        },
        request=request,
    )
    import weasyprint  # heavy (Pango, fonts): loaded only when a PDF is asked for

    pdf = weasyprint.HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf()
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="rencana-aksi-{hari_ini}.pdf"'
    return response
