"""Who may see and change an interview or visit session (SPEC §14). Re-exported by
`spbe_portal.access`.

- Admin and Pimpinan read every session; Pimpinan change nothing (403);
- an Operator reads their own OPD's sessions only (another OPD's → 404);
- an Evaluator reads the sessions they take part in and those of the OPDs assigned to them
  in the session's period (`Penugasan`); they schedule, change and cancel sessions of those
  assigned OPDs, and write the berita acara of the sessions they take part in.
"""

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from evaluasi.models import Penugasan, Periode, Sesi
from opd.models import Opd, Pengguna, Peran


def _ditugaskan(user: Pengguna):
    return Exists(
        Penugasan.objects.filter(evaluator=user, periode=OuterRef("periode"), opd=OuterRef("opd"))
    )


def sesi_queryset_for_user(user: Pengguna) -> QuerySet[Sesi]:
    qs = Sesi.objects.all()
    if user.peran in (Peran.ADMIN, Peran.PIMPINAN):
        return qs
    if user.peran == Peran.OPERATOR and user.opd_id:
        return qs.filter(opd_id=user.opd_id)
    if user.peran == Peran.EVALUATOR:
        ikut = Sesi.evaluator.through.objects.filter(sesi=OuterRef("pk"), pengguna=user)
        return qs.filter(Q(Exists(ikut)) | Q(_ditugaskan(user)))
    return qs.none()


def may_schedule_sesi(user: Pengguna) -> bool:
    """Open the scheduling form: an Admin, or an evaluator with at least one assignment."""
    if user.peran == Peran.ADMIN:
        return True
    return user.peran == Peran.EVALUATOR and Penugasan.objects.filter(evaluator=user).exists()


def opd_jadwal_for_user(user: Pengguna, periode: Periode | None = None) -> QuerySet[Opd]:
    """The OPDs this user may schedule a session with (in `periode`, if given)."""
    qs = Opd.objects.filter(aktif=True)
    if user.peran == Peran.ADMIN:
        return qs
    if user.peran == Peran.EVALUATOR:
        tugas = Penugasan.objects.filter(evaluator=user)
        if periode is not None:
            tugas = tugas.filter(periode=periode)
        return qs.filter(pk__in=tugas.values("opd_id"))
    return qs.none()


def periode_jadwal_for_user(user: Pengguna) -> QuerySet[Periode]:
    qs = Periode.objects.all()
    if user.peran == Peran.ADMIN:
        return qs
    if user.peran == Peran.EVALUATOR:
        return qs.filter(pk__in=Penugasan.objects.filter(evaluator=user).values("periode_id"))
    return qs.none()


def may_change_sesi(user: Pengguna, sesi: Sesi) -> bool:
    """Change, cancel, send the invitation: an Admin, or an evaluator assigned to the
    session's OPD in its period."""
    if user.peran == Peran.ADMIN:
        return True
    return (
        user.peran == Peran.EVALUATOR
        and Penugasan.objects.filter(
            evaluator=user, periode_id=sesi.periode_id, opd_id=sesi.opd_id
        ).exists()
    )


def may_write_berita_acara(user: Pengguna, sesi: Sesi) -> bool:
    """The berita acara: an Admin, or an evaluator of the session."""
    if user.peran == Peran.ADMIN:
        return True
    return user.peran == Peran.EVALUATOR and sesi.evaluator.filter(pk=user.pk).exists()


def get_sesi_for_user(
    user: Pengguna, pk: int, *, write: bool = False, berita_acara: bool = False
) -> Sesi:
    """Session `pk` (404 outside the user's scope); `write`: 403 unless `may_change_sesi`;
    `berita_acara`: 403 unless `may_write_berita_acara`."""
    try:
        sesi = (
            sesi_queryset_for_user(user)
            .select_related("periode", "opd", "dibuat_oleh", "ba_oleh")
            .get(pk=pk)
        )
    except ObjectDoesNotExist:
        raise Http404("Sesi tidak ditemukan.") from None
    if write and not may_change_sesi(user, sesi):
        raise PermissionDenied("Peran Anda hanya dapat membaca jadwal sesi ini.")
    if berita_acara and not may_write_berita_acara(user, sesi):
        raise PermissionDenied("Berita acara diisi oleh evaluator sesi ini atau Admin.")
    return sesi
