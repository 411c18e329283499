"""Two clicks at once on item-level actions: one verdict per item version, one file per item."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from evaluasi.models import Bukti, ReviuButir, Riwayat
from evaluasi.penilaian import services as penilaian_services
from evaluasi.verifikasi import services as verifikasi_services
from tests.conftest import PDF_BYTES
from tests.evaluasi.test_pemdi import isi_semua, utama
from tests.helpers import at_once

pytestmark = pytest.mark.django_db(transaction=True)


def test_four_simultaneous_verdicts_on_one_item_leave_one_row(
    periode_pemdi, opd_a, operator_a, evaluator, admin_user
):
    pen = periode_pemdi.penilaian.get(opd=opd_a)
    verifikasi_services.penugasan_add(
        periode=periode_pemdi, evaluator=evaluator, opds=[opd_a], user=admin_user
    )
    isi_semua(pen, operator_a, level=1)
    penilaian_services.penilaian_submit(penilaian=pen, user=operator_a)
    indikator = pen.periode.instrumen.indikator.get(nomor=1)
    item = utama(indikator, 1)[0]
    url = reverse("evaluasi:reviu_butir", kwargs={"pk": pen.pk, "nomor": 1, "butir": item.pk})

    def click(putusan):
        def go():
            client = Client()
            client.force_login(evaluator)
            data = {"putusan": putusan, "alasan": "bukti_tidak_tepat", "versi": 0}
            return client.post(url, data)

        return go

    responses = at_once([click(p) for p in ("diterima", "revisi", "diterima", "revisi")])

    # All four saw "not judged yet": the first wins, the others are told and change nothing.
    assert [getattr(r, "status_code", r) for r in responses] == [302] * 4
    assert ReviuButir.objects.filter(jawaban__penilaian=pen, butir=item).count() == 1
    assert ReviuButir.objects.get(jawaban__penilaian=pen, butir=item).versi == 1
    assert Riwayat.objects.filter(penilaian=pen, jenis="reviu_butir").count() == 1


def test_the_same_file_uploaded_twice_at_once_to_one_item_is_kept_once(
    periode_pemdi, opd_a, operator_a
):
    pen = periode_pemdi.penilaian.get(opd=opd_a)
    item = utama(pen.periode.instrumen.indikator.get(nomor=1), 1)[0]
    url = reverse("evaluasi:bukti_unggah", kwargs={"pk": pen.pk, "nomor": 1})

    def click():
        client = Client()
        client.force_login(operator_a)
        upload = SimpleUploadedFile("sk.pdf", PDF_BYTES, content_type="application/pdf")
        return client.post(url, {"butir": item.pk, "berkas": upload})

    responses = at_once([click, click, click])

    assert [getattr(r, "status_code", r) for r in responses] == [302] * 3
    assert Bukti.objects.filter(jawaban__penilaian=pen, butir=item).count() == 1
