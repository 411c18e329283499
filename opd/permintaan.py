"""Import job *requests*: what an admin's upload, "Konfirmasi impor" or "Kirim ulang" writes.
A request creates or resets an `ImporJob` and, once committed, hands it to the worker through
`opd.tasks`; the work itself (`services.imporjob_run`) never imports this module
(requests → tasks → jobs, never back)."""

from functools import partial

from django.db import transaction
from django.utils import timezone

from opd import import_kinds
from opd.imports import HasilImpor
from opd.models import ImporJob, Pengguna, StatusImpor, TahapImpor
from opd.services import BROKER_DOWN, UPLOAD_GONE, ImporDitolak, import_file_store, upload_exists
from opd.tasks import proses_impor
from spbe_portal.antrean import kirim_tugas


def imporjob_serahkan(job_id: int) -> None:
    """Hand a job to the worker (run in-process without a broker). A broker that cannot be
    reached leaves the job queued with a note saying so, for the page to show; the request
    that queued it still succeeds."""
    if not kirim_tugas(proses_impor, job_id):
        ImporJob.objects.filter(pk=job_id, status=StatusImpor.ANTRI).update(alasan=BROKER_DOWN)


@transaction.atomic
def imporjob_create(
    *, jenis: str, data: bytes, nama_berkas: str, total: int, user: Pengguna, base_url: str = ""
) -> ImporJob:
    """Keep an upload and queue its preview (a dry run) for the background worker.

    `total` is the file's number of data rows; `base_url` is where the links of e-mails to
    imported users point. Raises LookupError for an unknown import kind.
    """
    import_kinds.get(jenis)
    job = ImporJob.objects.create(
        jenis=jenis,
        tahap=TahapImpor.PRATINJAU,
        nama_berkas=nama_berkas[:255],
        token=import_file_store(data=data),
        pengunggah=user,
        base_url=base_url,
        total=total,
    )
    transaction.on_commit(partial(imporjob_serahkan, job.pk))
    return job


@transaction.atomic
def imporjob_confirm(*, job: ImporJob) -> ImporJob:
    """Queue the real import of a finished preview; returns the new job (tahap impor).

    Raises ImporDitolak when the preview is not finished, found errors or nothing to change,
    was confirmed already, or its upload is gone.
    """
    preview = ImporJob.objects.select_for_update().get(pk=job.pk)
    if preview.tahap != TahapImpor.PRATINJAU or preview.status != StatusImpor.SELESAI:
        raise ImporDitolak("Hanya pratinjau yang sudah selesai yang dapat dikonfirmasi.")
    if ImporJob.objects.filter(pratinjau=preview).exists():
        raise ImporDitolak("Pratinjau ini sudah dikonfirmasi; impornya ada di halamannya sendiri.")
    hasil = HasilImpor.from_json(preview.hasil)
    if hasil.ada_galat:
        raise ImporDitolak(
            "Berkas ini masih memiliki galat, jadi tidak dapat diimpor. Perbaiki lalu unggah ulang."
        )
    if not (hasil.akan_dibuat or hasil.akan_diperbarui):
        raise ImporDitolak("Semua baris sama dengan data yang sudah ada; tidak ada yang diimpor.")
    if not upload_exists(preview.token):
        raise ImporDitolak(UPLOAD_GONE)
    impor = ImporJob.objects.create(
        jenis=preview.jenis,
        tahap=TahapImpor.IMPOR,
        nama_berkas=preview.nama_berkas,
        token=preview.token,
        pengunggah=preview.pengunggah,
        pratinjau=preview,
        base_url=preview.base_url,
        total=preview.total,
    )
    transaction.on_commit(partial(imporjob_serahkan, impor.pk))
    return impor


@transaction.atomic
def imporjob_retry(*, job: ImporJob) -> ImporJob:
    """Queue again a failed job, or one still waiting because the broker was down.

    Safe for an import: it saves all rows or none, and rows already saved are unchanged.
    Raises ImporDitolak for any other job or when its upload is gone.
    """
    job = ImporJob.objects.select_for_update().get(pk=job.pk)
    waiting = job.status == StatusImpor.ANTRI and job.alasan
    if job.status != StatusImpor.GAGAL and not waiting:
        raise ImporDitolak(
            "Hanya impor yang gagal atau tertahan di antrean yang dapat dikirim ulang."
        )
    if not upload_exists(job.token):
        raise ImporDitolak(UPLOAD_GONE)
    job.status, job.alasan, job.mulai, job.selesai = StatusImpor.ANTRI, "", None, None
    job.diantrikan = timezone.now()
    job.save(update_fields=["status", "alasan", "mulai", "selesai", "diantrikan"])
    transaction.on_commit(partial(imporjob_serahkan, job.pk))
    return job
