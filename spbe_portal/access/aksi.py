"""Who may see and change a rencana aksi (SPEC §14). Re-exported by `spbe_portal.access`.

- Admin and Pimpinan read every action; Pimpinan change nothing (403);
- an Operator reads and works on their own OPD's actions only (another OPD's → 404): starts
  it, links the evidence, marks it done, comments;
- an Evaluator reads the actions of the OPDs they were ever assigned to, and of those they
  made; with Admins they are the evaluation team, who also cancel, reopen and edit. An
  evaluator makes actions for the OPDs assigned to them (from a national recommendation, for
  any OPD: the pemda's result is the whole asesor team's);
- the evidence of completion comes from the PIC OPD's own library: its operators and Admins
  link or upload it, as they are the ones who may change that library.
"""

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from evaluasi.models import Penugasan, RencanaAksi
from opd.models import Opd, Pengguna, Peran


def aksi_queryset_for_user(user: Pengguna) -> QuerySet[RencanaAksi]:
    qs = RencanaAksi.objects.all()
    if user.peran in (Peran.ADMIN, Peran.PIMPINAN):
        return qs
    if user.peran == Peran.OPERATOR and user.opd_id:
        return qs.filter(opd_id=user.opd_id)
    if user.peran == Peran.EVALUATOR:
        ditugaskan = Penugasan.objects.filter(evaluator=user, opd=OuterRef("opd"))
        return qs.filter(Q(Exists(ditugaskan)) | Q(dibuat_oleh=user))
    return qs.none()


def is_tim_aksi(user: Pengguna) -> bool:
    """The evaluation team: make, edit, cancel and reopen actions."""
    return user.peran in (Peran.ADMIN, Peran.EVALUATOR)


def may_work_aksi(user: Pengguna, aksi: RencanaAksi) -> bool:
    """Take a step, comment, link evidence: the team, or the PIC OPD's operators."""
    return is_tim_aksi(user) or (user.peran == Peran.OPERATOR and user.opd_id == aksi.opd_id)


def may_make_aksi(user: Pengguna, opd_id: int | None = None) -> bool:
    """Make an action: the team for any OPD they see; an operator for their own OPD (from a
    recommendation made to it)."""
    if is_tim_aksi(user):
        return True
    return user.peran == Peran.OPERATOR and opd_id is not None and opd_id == user.opd_id


def aksi_opd_pilihan(user: Pengguna, *, nasional: bool = False) -> QuerySet[Opd]:
    """The OPDs this user may make an action for (or move one to)."""
    aktif = Opd.objects.filter(aktif=True)
    if user.peran == Peran.ADMIN or (user.peran == Peran.EVALUATOR and nasional):
        return aktif
    if user.peran == Peran.EVALUATOR:
        return aktif.filter(pk__in=Penugasan.objects.filter(evaluator=user).values("opd_id"))
    if user.peran == Peran.OPERATOR and user.opd_id:
        return aktif.filter(pk=user.opd_id)
    return aktif.none()


def may_link_bukti(user: Pengguna, aksi: RencanaAksi) -> bool:
    """Link or upload the evidence of completion (into the PIC OPD's library)."""
    return user.peran == Peran.ADMIN or (
        user.peran == Peran.OPERATOR and user.opd_id == aksi.opd_id
    )


def get_aksi_for_user(user: Pengguna, pk: int, *, write: bool = False) -> RencanaAksi:
    """Action `pk` (404 outside the user's scope); `write`: 403 unless `may_work_aksi`."""
    try:
        aksi = (
            aksi_queryset_for_user(user)
            .select_related("opd", "indikator__instrumen", "bukti__dokumen", "dibuat_oleh")
            .get(pk=pk)
        )
    except ObjectDoesNotExist:
        raise Http404("Rencana aksi tidak ditemukan.") from None
    if write and not may_work_aksi(user, aksi):
        raise PermissionDenied("Peran Anda hanya dapat membaca rencana aksi ini.")
    return aksi
