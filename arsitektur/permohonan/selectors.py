"""Reads of application/domain requests, joined once per page."""

from django.db.models import QuerySet

from arsitektur.models import JenisDokumen, Permohonan, StatusPermohonan
from arsitektur.permohonan import aturan


def permohonan_daftar(qs: QuerySet[Permohonan], *, status: str = "", opd_id: int | None = None):
    """The list page's rows: the OPD and the application linked, one query per page."""
    qs = qs.select_related("opd", "aplikasi").order_by("-diubah", "-pk")
    if status:
        qs = qs.filter(status=status)
    if opd_id:
        qs = qs.filter(opd_id=opd_id)
    return qs


def permohonan_rinci(permohonan: Permohonan) -> dict:
    """The detail page: documents per kind (required ones marked), and the timeline."""
    ada = {d.jenis: d for d in permohonan.dokumen.select_related("berkas")}
    wajib = aturan.dokumen_wajib(dibangun_diskominfo=permohonan.dibangun_diskominfo)
    dokumen = [
        {"jenis": value, "label": label, "wajib": value in wajib, "dokumen": ada.get(value)}
        for value, label in JenisDokumen.choices
        if value in wajib or value in ada
    ]
    riwayat = list(permohonan.langkah.select_related("pengguna"))
    # What the reviewer asked for stays on top while the request waits on the OPD.
    dikembalikan = permohonan.status in (aturan.PERLU_PERBAIKAN, aturan.DITOLAK)
    return {
        "catatan_peninjau": riwayat[-1].catatan if dikembalikan and riwayat else "",
        "dokumen": dokumen,
        "kurang": [d["label"] for d in dokumen if d["wajib"] and d["dokumen"] is None],
        "riwayat": riwayat,
    }


TUGAS_MAKS = 10


def tugas_permohonan(qs: QuerySet[Permohonan], *, peninjau: bool) -> list[Permohonan]:
    """Tugas saya: the requests waiting on this user — a reviewer's (Admin) those submitted,
    an OPD's operators those sent back for a fix, then their drafts. Oldest wait first."""
    menunggu = (
        [StatusPermohonan.DIAJUKAN]
        if peninjau
        else [StatusPermohonan.PERLU_PERBAIKAN, StatusPermohonan.DRAF]
    )
    return list(
        qs.filter(status__in=menunggu)
        .select_related("opd")
        .order_by("-status", "diubah", "pk")[:TUGAS_MAKS]
    )
