"""Who may see and change the roadmap's programs (Peta Rencana, SPEC §14). Re-exported by
`spbe_portal.access`; imports only models and Django.

- Admin (the Koordinator) keeps the roadmap: adds, edits, removes and imports programs, and
  may report progress for any of them;
- Pimpinan and Evaluator read every program (the roadmap is the pemda's plan, not an OPD's
  answer), report nothing;
- Operator reads the programs their OPD is responsible for and the pemda-wide ones (no OPD),
  and reports the progress of their OPD's programs; another OPD's program is a 404.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from evaluasi.models import DokumenVersi, KemajuanProgram, Program
from opd.models import Pengguna, Peran

PEMBACA_SEMUA = frozenset({Peran.ADMIN, Peran.PIMPINAN, Peran.EVALUATOR})


def program_queryset_for_user(user: Pengguna) -> QuerySet[Program]:
    """Programs this user may read (see the module docstring); no duplicates, no joins."""
    qs = Program.objects.all()
    if user.peran in PEMBACA_SEMUA:
        return qs
    if user.peran == Peran.OPERATOR and user.opd_id:
        penanggung = Program.opd.through.objects.filter(program_id=OuterRef("pk"))
        return qs.filter(Exists(penanggung.filter(opd_id=user.opd_id)) | ~Exists(penanggung))
    return qs.none()


def get_program_for_user(user: Pengguna, pk: int, *, write: bool = False) -> Program:
    """Program `pk` (Http404 outside the user's scope); `write` (edit, remove) is the
    Koordinator's: PermissionDenied for every other role."""
    try:
        program = program_queryset_for_user(user).get(pk=pk)
    except Program.DoesNotExist:
        raise Http404("Program tidak ditemukan.") from None
    if write and user.peran != Peran.ADMIN:
        raise PermissionDenied("Hanya Admin (Koordinator) yang dapat mengubah peta rencana.")
    return program


def may_report_kemajuan(user: Pengguna, opd_ids: set[int] | frozenset[int]) -> bool:
    """May `user` report the progress of a program whose responsible OPDs are `opd_ids`?
    Admins always; an operator when their OPD is one of them (a pemda-wide program, with
    none, is the Koordinator's)."""
    if user.peran == Peran.ADMIN:
        return True
    return user.peran == Peran.OPERATOR and bool(user.opd_id) and user.opd_id in opd_ids


def get_kemajuan_for_user(user: Pengguna, pk: int, *, lapor: bool = False) -> KemajuanProgram:
    """A year of a program, with its program (Http404 when the program is outside the user's
    scope); `lapor` (report progress) follows may_report_kemajuan (PermissionDenied)."""
    try:
        kemajuan = KemajuanProgram.objects.select_related("program").get(
            pk=pk, program__in=program_queryset_for_user(user)
        )
    except KemajuanProgram.DoesNotExist:
        raise Http404("Program tidak ditemukan.") from None
    if lapor:
        opd_ids = set(kemajuan.program.opd.values_list("pk", flat=True))
        if not may_report_kemajuan(user, opd_ids):
            raise PermissionDenied(
                "Hanya operator OPD penanggung jawab dan Admin yang melaporkan kemajuan program."
            )
    return kemajuan


def versi_for_kemajuan(user: Pengguna, opd_ids: set[int] | frozenset[int]) -> QuerySet:
    """The document versions `user` may link as evidence of a program of `opd_ids`: versions of
    a responsible OPD's own library (an operator: their OPD's only; an Admin: any responsible
    OPD's, or the pemda's for a pemda-wide program). Never a confidential document: the
    progress page is read by every role."""
    versi = DokumenVersi.objects.filter(dokumen__rahasia=False)
    if user.peran == Peran.OPERATOR and user.opd_id in opd_ids:
        return versi.filter(dokumen__opd_id=user.opd_id)
    if user.peran == Peran.ADMIN:
        return versi.filter(Q(dokumen__opd_id__in=opd_ids) if opd_ids else Q(dokumen__opd=None))
    return versi.none()
