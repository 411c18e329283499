"""Who reads and acts on application/domain requests (SPEC §15). Re-exported by
`spbe_portal.access`; imports only models, Django and the pure step table.

- Admin (Diskominfo) reads every request and reviews it (approve, ask for a fix, refuse);
- Pimpinan read every request and change nothing (403);
- an Operator makes, edits and submits their own OPD's requests; another OPD's request, or
  one of its documents, is 404;
- Evaluators have no part in this agenda (403, through the menu's roles).
"""

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from arsitektur.models import DokumenPermohonan, Permohonan
from arsitektur.permohonan import aturan
from opd.models import Pengguna, Peran


def permohonan_queryset_for_user(user: Pengguna) -> QuerySet[Permohonan]:
    qs = Permohonan.objects.all()
    if user.peran in (Peran.ADMIN, Peran.PIMPINAN):
        return qs
    if user.peran == Peran.OPERATOR and user.opd_id:
        return qs.filter(opd_id=user.opd_id)
    return qs.none()


def may_make_permohonan(user: Pengguna) -> bool:
    """Requests come from an OPD: its operators make them."""
    return user.peran == Peran.OPERATOR and bool(user.opd_id)


def pihak_permohonan(user: Pengguna, permohonan: Permohonan) -> set[str]:
    """The sides of the step table this user is on for this request (empty: reads only)."""
    pihak = set()
    if user.peran == Peran.OPERATOR and user.opd_id == permohonan.opd_id:
        pihak.add(aturan.OPD)
    if user.peran == Peran.ADMIN and user.is_active:
        pihak.add(aturan.PENINJAU)
    return pihak


def may_edit_permohonan(user: Pengguna, permohonan: Permohonan) -> bool:
    """Fields and documents: the OPD's operators, while the request is in their hands."""
    return aturan.OPD in pihak_permohonan(user, permohonan) and (
        permohonan.status in aturan.DAPAT_DIUBAH
    )


def get_permohonan_for_user(user: Pengguna, pk: int, *, write: bool = False) -> Permohonan:
    """Request `pk` (404 outside the user's scope); `write` (edit fields and documents): 403
    unless the user is the OPD's operator and the request is in draf or perlu perbaikan."""
    try:
        permohonan = permohonan_queryset_for_user(user).select_related("opd", "aplikasi").get(pk=pk)
    except Permohonan.DoesNotExist:
        raise Http404("Permohonan tidak ditemukan.") from None
    if write and not may_edit_permohonan(user, permohonan):
        raise PermissionDenied(
            "Permohonan hanya dapat diubah oleh operator OPD pemohon selama berstatus draf "
            "atau perlu perbaikan."
        )
    return permohonan


def ensure_langkah_permohonan(user: Pengguna, permohonan: Permohonan, ke: str) -> None:
    """403 unless the user is on the side that takes steps into `ke` (submitting is the
    OPD's, every other step the reviewer's); whether the step fits the status now is the
    service's check."""
    pihak = pihak_permohonan(user, permohonan)
    perlu = aturan.OPD if ke == aturan.DIAJUKAN else aturan.PENINJAU
    if perlu not in pihak:
        raise PermissionDenied(
            "Hanya operator OPD pemohon yang dapat mengajukan permohonan."
            if perlu == aturan.OPD
            else "Hanya Diskominfo (Admin) yang meninjau permohonan."
        )


def get_dokumen_permohonan_for_user(user: Pengguna, pk: int) -> DokumenPermohonan:
    """A request's document, reachable only through a request in the user's scope (404)."""
    try:
        return DokumenPermohonan.objects.select_related("berkas").get(
            pk=pk, permohonan__in=permohonan_queryset_for_user(user)
        )
    except DokumenPermohonan.DoesNotExist:
        raise Http404("Dokumen tidak ditemukan.") from None
