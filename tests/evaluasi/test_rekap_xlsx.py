"""The recap workbook as a report job: the values in the database, streamed chunk by chunk
into a write-only workbook, and who may queue and download it."""

import io
from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from evaluasi.laporan import cetak
from evaluasi.models import (
    Jawaban,
    JenisLaporan,
    LaporanJob,
    Penilaian,
    Periode,
    StatusLaporan,
    StatusPenilaian,
    StatusPeriode,
    TidakBerlaku,
)
from tests.evaluasi.test_laporan import rekap_xlsx_job
from tests.factories import OpdFactory

pytestmark = pytest.mark.django_db


def _publish(periode):
    Periode.objects.filter(pk=periode.pk).update(status=StatusPeriode.DIPUBLIKASI)


def _two(value) -> float | None:
    # Half up to two decimals, as the recap shows an indicator value; zero shows as empty.
    if not value:
        return None
    return float(Decimal(value).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def test_the_workbook_holds_the_values_in_the_database(
    client, admin_user, final_a, penilaian_b, django_capture_on_commit_callbacks
):
    indikator = list(final_a.periode.instrumen.indikator.order_by("nomor"))
    TidakBerlaku.objects.create(penilaian=penilaian_b, indikator=indikator[2], oleh=admin_user)
    Jawaban.objects.update_or_create(
        penilaian=penilaian_b, indikator=indikator[0], defaults={"level": Decimal("3.125")}
    )
    client.force_login(admin_user)

    _, content = rekap_xlsx_job(client, final_a.periode, django_capture_on_commit_callbacks)

    wb = load_workbook(io.BytesIO(content))
    ranked = list(wb.worksheets[0].iter_rows(min_row=5, values_only=True))
    penilaian = {p.opd.kode: p for p in Penilaian.objects.select_related("opd")}
    assert [r[1] for r in ranked] == [final_a.opd.kode, penilaian_b.opd.kode]  # final first
    for row in ranked:
        p = penilaian[row[1]]
        final = p.status == StatusPenilaian.FINAL
        assert row[2:7] == (
            p.opd.nama,
            float(p.kemajuan) if p.kemajuan is not None else None,
            float(p.indeks_mandiri) if p.indeks_mandiri is not None else None,
            float(p.indeks_final) if final else None,
            p.predikat_final if final else None,
        )
        assert row[8] == p.get_status_display()
    answers = {
        (j.penilaian.opd.kode, j.indikator_id): j
        for j in Jawaban.objects.select_related("penilaian__opd")
    }
    na = set(TidakBerlaku.objects.values_list("penilaian__opd__kode", "indikator_id"))
    expected = []
    for kode in [r[1] for r in ranked]:
        p = penilaian[kode]
        for ind in indikator:
            j = answers.get((kode, ind.pk))
            expected.append(
                (
                    kode,
                    p.opd.nama,
                    ind.kode or ind.nomor,
                    ind.nama,
                    _two(j.level) if j else None,
                    _two(j.level_final) if j and p.status == StatusPenilaian.FINAL else None,
                    "tidak" if (kode, ind.pk) in na else "ya",
                )
            )
    assert list(wb["Nilai indikator"].iter_rows(min_row=2, values_only=True)) == expected
    assert expected[47 + 0][4] == 3.13 and expected[47 + 2][6] == "tidak"  # opd_b's rows


def test_the_job_streams_a_write_only_workbook_reading_the_opds_in_chunks(
    admin_user, final_a, penilaian_b, monkeypatch
):
    for _ in range(5):
        Penilaian.objects.create(periode=final_a.periode, opd=OpdFactory())
    monkeypatch.setattr(cetak, "CHUNK", 3)  # 7 OPDs: chunks of 3, 3 and 1
    made = []
    workbook = cetak.Workbook

    def spy(*args, **kwargs):
        made.append(kwargs)
        return workbook(*args, **kwargs)

    monkeypatch.setattr(cetak, "Workbook", spy)
    out = io.BytesIO()

    with CaptureQueriesContext(connection) as ctx:
        cetak.rekap_xlsx_tulis(final_a.periode, out)

    assert made == [{"write_only": True}]
    for table in ("evaluasi_jawaban", "evaluasi_tidakberlaku"):
        reads = [q for q in ctx.captured_queries if f'FROM "{table}"' in q["sql"]]
        assert len(reads) == 3, table  # one per chunk, never one per OPD
    opd_reads = [q for q in ctx.captured_queries if 'INNER JOIN "opd_opd"' in q["sql"]]
    assert len(opd_reads) == 1  # the ranked OPDs come from one cursor
    assert load_workbook(out).worksheets[0].max_row == 4 + 7


def test_a_formula_looking_opd_name_stays_text(
    client, admin_user, final_a, django_capture_on_commit_callbacks
):
    final_a.opd.nama = '=HYPERLINK("http://x","klik")'
    final_a.opd.save(update_fields=["nama"])
    client.force_login(admin_user)

    _, content = rekap_xlsx_job(client, final_a.periode, django_capture_on_commit_callbacks)

    wb = load_workbook(io.BytesIO(content))
    for sheet, column in ((wb.worksheets[0], "C"), (wb["Nilai indikator"], "B")):
        cells = [c for c in sheet[column] if c.value == final_a.opd.nama]
        assert cells and {c.data_type for c in cells} == {"s"}


def test_there_is_no_synchronous_download_any_more(client, admin_user, final_a):
    client.force_login(admin_user)

    response = client.get(reverse("evaluasi:rekap_xlsx", kwargs={"pk": final_a.periode_id}))

    assert response.status_code == 405
    assert not LaporanJob.objects.exists()


def test_pimpinan_queues_it_only_once_published_and_operators_never(
    client, pimpinan, operator_a, final_a, django_capture_on_commit_callbacks
):
    url = reverse("evaluasi:rekap_xlsx", kwargs={"pk": final_a.periode_id})
    client.force_login(operator_a)
    assert client.post(url).status_code == 403
    client.force_login(pimpinan)
    assert client.post(url).status_code == 403  # not published: it carries final figures
    assert not LaporanJob.objects.exists()

    _publish(final_a.periode)
    job, content = rekap_xlsx_job(client, final_a.periode, django_capture_on_commit_callbacks)

    assert job.peminta == pimpinan and content.startswith(b"PK")
    daftar = client.get(reverse("evaluasi:laporan_daftar") + f"?periode={final_a.periode_id}")
    assert job in daftar.context["jobs"] and daftar.context["boleh_rekap"]
    client.force_login(operator_a)
    assert client.get(reverse("evaluasi:laporan_unduh", kwargs={"pk": job.pk})).status_code == 404


def test_a_second_click_while_it_is_being_made_opens_the_same_job(client, admin_user, final_a):
    client.force_login(admin_user)
    url = reverse("evaluasi:rekap_xlsx", kwargs={"pk": final_a.periode_id})

    first = client.post(url)  # on_commit not run: the job stays queued
    second = client.post(url, follow=True)

    job = LaporanJob.objects.get()
    assert (job.jenis, job.status) == (JenisLaporan.REKAP_XLSX, StatusLaporan.ANTRI)
    assert first.url == second.redirect_chain[0][0]
    assert "Rekap .xlsx yang sama sedang dibuat" in second.content.decode()


def test_an_unknown_period_is_404_and_queues_nothing(client, admin_user):
    client.force_login(admin_user)

    response = client.post(reverse("evaluasi:rekap_xlsx", kwargs={"pk": 999999}))

    assert response.status_code == 404
    assert not LaporanJob.objects.exists()
