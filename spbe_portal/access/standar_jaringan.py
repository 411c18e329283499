"""Who reads and changes the network standard (SPEC §15), on the shared rules of
`access/jaringan.py`: every network reader (Admin, Operator, Pimpinan) reads the year's
checklist; only Admins define it (403 otherwise). An OPD's answers and links follow the OPD:
its operators and Admins change them, Pimpinan read them, another OPD's are 404."""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from jaringan.models import ButirStandar, StandarJaringan
from opd.models import Pengguna
from spbe_portal.access.jaringan import PERAN_JARINGAN, may_manage_jaringan


def _boleh_baca(user: Pengguna) -> bool:
    return user.is_authenticated and user.peran in PERAN_JARINGAN


def get_standar_for_user(user: Pengguna, pk: int, *, write: bool = False) -> StandarJaringan:
    """A year's standard; `write` (edit its items) → 403 unless Admin."""
    if not _boleh_baca(user):
        raise PermissionDenied("Anda tidak memiliki akses ke agenda jaringan.")
    try:
        standar = StandarJaringan.objects.get(pk=pk)
    except StandarJaringan.DoesNotExist:
        raise Http404("Standar jaringan tidak ditemukan.") from None
    if write and not may_manage_jaringan(user):
        raise PermissionDenied("Hanya Admin yang dapat mengubah standar jaringan.")
    return standar


def get_standar_tahun_for_user(user: Pengguna, tahun: int) -> StandarJaringan:
    """The standard of `tahun` (404 when the Admin has not defined one)."""
    if not _boleh_baca(user):
        raise PermissionDenied("Anda tidak memiliki akses ke agenda jaringan.")
    try:
        return StandarJaringan.objects.get(tahun=tahun)
    except StandarJaringan.DoesNotExist:
        raise Http404(f"Standar jaringan tahun {tahun} belum ditetapkan.") from None


def get_butir_standar_for_user(user: Pengguna, pk: int, *, write: bool = False) -> ButirStandar:
    """A checklist item; `write` → 403 unless Admin."""
    if not _boleh_baca(user):
        raise PermissionDenied("Anda tidak memiliki akses ke agenda jaringan.")
    try:
        butir = ButirStandar.objects.select_related("standar").get(pk=pk)
    except ButirStandar.DoesNotExist:
        raise Http404("Butir standar tidak ditemukan.") from None
    if write and not may_manage_jaringan(user):
        raise PermissionDenied("Hanya Admin yang dapat mengubah standar jaringan.")
    return butir


def ensure_standar_manage(user: Pengguna) -> None:
    if not may_manage_jaringan(user):
        raise PermissionDenied("Hanya Admin yang dapat menetapkan standar jaringan.")
