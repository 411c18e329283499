"""Who reads and changes the network agenda (SPEC §15): the shared rules the parts (standard,
disruptions, MRTG) build on. Imports only models and Django (never `spbe_portal.access`: it
re-exports these names).

Diskominfo runs the agenda through the Admin role:
- Admin and Pimpinan read every OPD's network data; an Operator their own OPD's; another
  OPD's object is 404, never a page; Evaluators have no part in this agenda (403);
- Admins and the OPD's own operators change an OPD's data (Pimpinan 403);
- only Admins define what applies to every OPD (the standard's checklist).
"""

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from jaringan.models import Koneksi
from opd.models import Opd, Pengguna, Peran

PERAN_JARINGAN = frozenset({Peran.ADMIN, Peran.OPERATOR, Peran.PIMPINAN})


def may_manage_jaringan(user: Pengguna) -> bool:
    """Defines what applies to every OPD (Diskominfo, i.e. Admin)."""
    return user.is_authenticated and user.is_active and user.peran == Peran.ADMIN


def jaringan_opd_queryset_for_user(user: Pengguna) -> QuerySet[Opd]:
    """The OPDs whose network data `user` may read."""
    if not user.is_authenticated:
        return Opd.objects.none()
    if user.peran in (Peran.ADMIN, Peran.PIMPINAN):
        return Opd.objects.all()
    if user.peran == Peran.OPERATOR and user.opd_id:
        return Opd.objects.filter(pk=user.opd_id)
    return Opd.objects.none()


def may_change_jaringan_opd(user: Pengguna, opd_id: int) -> bool:
    """Admins, and the OPD's own operators."""
    return user.is_authenticated and (
        user.peran == Peran.ADMIN or (user.peran == Peran.OPERATOR and user.opd_id == opd_id)
    )


def get_opd_for_jaringan(user: Pengguna, pk: int, *, write: bool = False) -> Opd:
    """An OPD whose network data the user may read (404 otherwise); `write` → 403 unless the
    user may change it."""
    try:
        opd = jaringan_opd_queryset_for_user(user).get(pk=pk)
    except Opd.DoesNotExist:
        raise Http404("OPD tidak ditemukan.") from None
    if write and not may_change_jaringan_opd(user, opd.pk):
        raise PermissionDenied("Hanya Admin dan operator OPD ini yang dapat mengubah data ini.")
    return opd


def koneksi_queryset_for_user(user: Pengguna) -> QuerySet[Koneksi]:
    return Koneksi.objects.filter(opd__in=jaringan_opd_queryset_for_user(user))


def get_koneksi_for_user(user: Pengguna, pk: int, *, write: bool = False) -> Koneksi:
    try:
        koneksi = koneksi_queryset_for_user(user).select_related("opd").get(pk=pk)
    except Koneksi.DoesNotExist:
        raise Http404("Koneksi tidak ditemukan.") from None
    if write and not may_change_jaringan_opd(user, koneksi.opd_id):
        raise PermissionDenied("Hanya Admin dan operator OPD ini yang dapat mengubah koneksi ini.")
    return koneksi
