"""Background jobs of the evaluation. Tasks take ids and call one service or mailer."""

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mass_mail
from django.template.loader import render_to_string

from evaluasi.models import Penilaian
from opd.models import Pengguna, Peran


@shared_task
def kirim_notifikasi_pengajuan(penilaian_id: int) -> int:
    """E-mail the evaluators assigned to the OPD that it submitted its self-assessment;
    returns mails sent. With nobody assigned yet, the admins are told, so it is not missed.
    """
    penilaian = Penilaian.objects.select_related("opd", "periode", "diajukan_oleh").get(
        pk=penilaian_id
    )
    active = Pengguna.objects.filter(is_active=True).exclude(email="")
    recipients = list(
        active.filter(
            peran=Peran.EVALUATOR,
            penugasan__periode_id=penilaian.periode_id,
            penugasan__opd_id=penilaian.opd_id,
        ).values_list("email", flat=True)
    ) or list(active.filter(peran=Peran.ADMIN).values_list("email", flat=True))
    if not recipients:
        return 0
    ctx = {"penilaian": penilaian, "pemda": settings.PEMDA_NAMA}
    subject = f"Penilaian mandiri {penilaian.opd.nama} telah diajukan"
    body = render_to_string("evaluasi/email_pengajuan.txt", ctx)
    return send_mass_mail([(subject, body, None, [email]) for email in recipients])


@shared_task
def kirim_notifikasi_perbaikan(penilaian_id: int) -> int:
    """E-mail the OPD's operators that the evaluator asked for revisions; returns mails sent."""
    penilaian = Penilaian.objects.select_related("opd", "periode").get(pk=penilaian_id)
    recipients = list(
        Pengguna.objects.filter(peran=Peran.OPERATOR, opd=penilaian.opd, is_active=True)
        .exclude(email="")
        .values_list("email", flat=True)
    )
    if not recipients:
        return 0
    jawaban = penilaian.jawaban.filter(perlu_perbaikan=True).select_related("indikator")
    ctx = {"penilaian": penilaian, "jawaban": jawaban, "pemda": settings.PEMDA_NAMA}
    subject = f"Perbaikan penilaian mandiri {penilaian.periode.nama}"
    body = render_to_string("evaluasi/email_perbaikan.txt", ctx)
    return send_mass_mail([(subject, body, None, [email]) for email in recipients])


@shared_task(acks_late=True)
def buat_laporan(job_id: int) -> None:
    """Render one report job (see services.laporan_run)."""
    from evaluasi.services import laporan_run

    laporan_run(job_id=job_id)
