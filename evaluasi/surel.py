"""E-mails of the evaluation cycle, queued in the outbox inside the action's transaction."""

from django.conf import settings
from django.template.loader import render_to_string

from evaluasi.models import Penilaian
from notifikasi.services import surel_antre
from opd.models import Pengguna, Peran


def pengajuan(penilaian: Penilaian) -> int:
    """Tell the evaluators assigned to the OPD that it submitted its self-assessment (the
    admins when nobody is assigned yet, so it is not missed). Returns mails queued."""
    active = Pengguna.objects.filter(is_active=True).exclude(email="")
    recipients = list(
        active.filter(
            peran=Peran.EVALUATOR,
            penugasan__periode_id=penilaian.periode_id,
            penugasan__opd_id=penilaian.opd_id,
        ).values_list("email", flat=True)
    ) or list(active.filter(peran=Peran.ADMIN).values_list("email", flat=True))
    ctx = {"penilaian": penilaian, "pemda": settings.PEMDA_NAMA}
    return len(
        surel_antre(
            kepada=recipients,
            subjek=f"Penilaian mandiri {penilaian.opd.nama} telah diajukan",
            isi=render_to_string("evaluasi/email_pengajuan.txt", ctx),
        )
    )


def perbaikan(penilaian: Penilaian) -> int:
    """Tell the OPD's operators which indicators the evaluator sent back, with the note."""
    recipients = list(
        Pengguna.objects.filter(peran=Peran.OPERATOR, opd=penilaian.opd_id, is_active=True)
        .exclude(email="")
        .values_list("email", flat=True)
    )
    jawaban = penilaian.jawaban.filter(perlu_perbaikan=True).select_related("indikator")
    ctx = {"penilaian": penilaian, "jawaban": jawaban, "pemda": settings.PEMDA_NAMA}
    return len(
        surel_antre(
            kepada=recipients,
            subjek=f"Perbaikan penilaian mandiri {penilaian.periode.nama}",
            isi=render_to_string("evaluasi/email_perbaikan.txt", ctx),
        )
    )
