"""Who reads and uploads MRTG traffic (issue 18, item 3), on the network agenda's shared
rules: Admin and Pimpinan read every OPD's links, an Operator their own OPD's (another OPD's
link or OPD is 404); Admins and the OPD's own operators upload (Pimpinan 403); Evaluators have
no part in this agenda (the menu guard answers 403). Imports only models and Django, and the
shared network rules."""

from django.db.models import QuerySet
from django.http import Http404

from jaringan.models import Koneksi, UnggahMrtg
from opd.models import Opd, Pengguna
from spbe_portal.access.jaringan import (
    get_koneksi_for_user,
    get_opd_for_jaringan,
    koneksi_queryset_for_user,
    may_change_jaringan_opd,
)


def koneksi_mrtg_queryset(user: Pengguna) -> QuerySet[Koneksi]:
    """The links whose traffic `user` may read."""
    return koneksi_queryset_for_user(user)


def get_koneksi_mrtg(user: Pengguna, pk: int) -> Koneksi:
    """A link whose traffic the user may read (404 otherwise)."""
    return get_koneksi_for_user(user, pk)


def get_opd_for_mrtg_unggah(user: Pengguna, pk: int) -> Opd:
    """The OPD whose links' logs the user uploads: 404 outside their scope, 403 read-only."""
    return get_opd_for_jaringan(user, pk, write=True)


def may_upload_mrtg(user: Pengguna, opd_id: int) -> bool:
    return may_change_jaringan_opd(user, opd_id)


def get_unggah_mrtg(user: Pengguna, pk: int) -> UnggahMrtg:
    """An uploaded log of a link the user may read (404 otherwise), for its download."""
    try:
        return UnggahMrtg.objects.select_related("koneksi").get(
            pk=pk, koneksi__in=koneksi_queryset_for_user(user)
        )
    except UnggahMrtg.DoesNotExist:
        raise Http404("Berkas tidak ditemukan.") from None
