"""Who reads and logs network disruptions (SPEC §15), on the network agenda's shared rules
(`access/jaringan.py`): Admin (Diskominfo) and Pimpinan read every OPD's log, an Operator
their own OPD's (another OPD's disruption is 404); Admins and the OPD's own operators log,
edit, close and delete (Pimpinan 403); Evaluators have no part in this agenda (403 from the
menu guard). Imports only models, Django and `access.jaringan`."""

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from jaringan.models import Gangguan, Koneksi
from opd.models import Opd, Pengguna, Peran
from spbe_portal.access.jaringan import jaringan_opd_queryset_for_user, may_change_jaringan_opd


def gangguan_queryset_for_user(user: Pengguna) -> QuerySet[Gangguan]:
    """The disruptions `user` may read."""
    return Gangguan.objects.filter(opd__in=jaringan_opd_queryset_for_user(user))


def may_log_gangguan(user: Pengguna) -> bool:
    """Admins (any OPD) and operators with an OPD (their own) log disruptions."""
    return user.is_authenticated and (
        user.peran == Peran.ADMIN or (user.peran == Peran.OPERATOR and bool(user.opd_id))
    )


def gangguan_opd_pilihan(user: Pengguna) -> QuerySet[Opd]:
    """The OPDs `user` may log a disruption for: an OPD posted outside these is no choice."""
    if not may_log_gangguan(user):
        return Opd.objects.none()
    if user.peran == Peran.ADMIN:
        return Opd.objects.filter(aktif=True)
    return Opd.objects.filter(pk=user.opd_id)


def gangguan_koneksi_pilihan(user: Pengguna) -> QuerySet[Koneksi]:
    """The links a disruption may name: those of the OPDs the user may log for."""
    return Koneksi.objects.filter(opd__in=gangguan_opd_pilihan(user))


def get_gangguan_for_user(user: Pengguna, pk: int, *, write: bool = False) -> Gangguan:
    """Disruption `pk` with its OPD, reporter and link (404 outside the user's scope);
    `write` (edit, close, delete) → 403 unless the user may change that OPD's data."""
    try:
        gangguan = (
            gangguan_queryset_for_user(user).select_related("opd", "pelapor", "koneksi").get(pk=pk)
        )
    except Gangguan.DoesNotExist:
        raise Http404("Gangguan tidak ditemukan.") from None
    if write and not may_change_jaringan_opd(user, gangguan.opd_id):
        raise PermissionDenied("Hanya Admin dan operator OPD ini yang dapat mengubah gangguan ini.")
    return gangguan
