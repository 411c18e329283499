"""Who reads and changes the roadmap's targets (SPEC §14). Imports only models and Django
(never `spbe_portal.access`: it re-exports these names at its end).

- every signed-in role reads the pemda's targets (no OPD);
- Admin and Pimpinan read every OPD's; an Operator their own OPD's; an Evaluator those of the
  OPDs assigned to them in some period; another OPD's target is 404, never a page;
- only Admins add, change, delete and import targets (403 for the others).
"""

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from evaluasi.models import Penugasan, TargetIndeks
from opd.models import Opd, Pengguna, Peran


def may_manage_target(user: Pengguna) -> bool:
    return user.is_authenticated and user.is_active and user.peran == Peran.ADMIN


def target_opd_queryset_for_user(user: Pengguna) -> QuerySet[Opd]:
    """The OPDs whose targets `user` may read (the pemda's are always readable)."""
    qs = Opd.objects.all()
    if user.peran in (Peran.ADMIN, Peran.PIMPINAN):
        return qs
    if user.peran == Peran.OPERATOR and user.opd_id:
        return qs.filter(pk=user.opd_id)
    if user.peran == Peran.EVALUATOR:
        return qs.filter(Exists(Penugasan.objects.filter(evaluator=user, opd=OuterRef("pk"))))
    return qs.none()


def target_queryset_for_user(user: Pengguna) -> QuerySet[TargetIndeks]:
    """Targets `user` may read: the pemda's, and those of the OPDs in their scope."""
    qs = TargetIndeks.objects.all()
    if user.peran in (Peran.ADMIN, Peran.PIMPINAN):
        return qs
    return qs.filter(Q(opd__isnull=True) | Q(opd__in=target_opd_queryset_for_user(user)))


def get_target_for_user(user: Pengguna, pk: int, *, write: bool = False) -> TargetIndeks:
    """Target `pk` with its instrument, OPD, domain and aspect.

    Http404 outside the user's scope (another OPD's target, or none); with `write`,
    PermissionDenied unless the user is an Admin."""
    try:
        target = (
            target_queryset_for_user(user)
            .select_related("instrumen", "opd", "domain", "aspek")
            .get(pk=pk)
        )
    except ObjectDoesNotExist:
        raise Http404("Target tidak ditemukan.") from None
    if write and not may_manage_target(user):
        raise PermissionDenied("Hanya Admin yang dapat mengubah target.")
    return target


def ensure_target_manage(user: Pengguna) -> None:
    """PermissionDenied unless `user` may add, change or import targets."""
    if not may_manage_target(user):
        raise PermissionDenied("Hanya Admin yang dapat mengelola target.")
