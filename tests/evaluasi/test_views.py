"""Instrument pages, frozen instruments, the simulator (agrees with the pure module and command)."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from evaluasi.instrumen.buku_kerja import read_xlsx, write_xlsx
from evaluasi.instrumen.selectors import instrumen_data
from evaluasi.models import Instrumen, KriteriaLevel
from tests.evaluasi.test_scoring import PASER

pytestmark = pytest.mark.django_db


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_instrument_page_shows_every_indicator_with_criteria_and_evidence(
    client, pimpinan, instrumen
):
    client.force_login(pimpinan)

    html = client.get(
        reverse("evaluasi:instrumen_detail", kwargs={"pk": instrumen.pk})
    ).content.decode()

    assert html.count('class="accordion-item"') == 47
    assert "Domain 4. Layanan SPBE" in html and "bobot 45,50%" in html
    assert "SIASN BKN atau SIMPEG daerah" in html  # evidence of indicator 36
    assert "Terintegrasi dan Terukur" in html
    assert "kriteria_ubah" not in html and "/kriteria/" not in html  # pimpinan cannot edit


def test_instrument_pages_query_count_does_not_grow_with_the_instrument(
    client, admin_user, instrumen, instrumen_pemdi
):
    client.force_login(admin_user)

    big = _queries(client, reverse("evaluasi:instrumen_detail", kwargs={"pk": instrumen.pk}))
    small = _queries(
        client, reverse("evaluasi:instrumen_detail", kwargs={"pk": instrumen_pemdi.pk})
    )

    # session, user, instrument, aspects (+domain), indicators, criteria, items (butir), bands,
    # the header's period switcher
    assert big == small == 9
    assert (
        _queries(client, reverse("evaluasi:instrumen_daftar")) == 4
    )  # session, user, instruments, the period switcher


def test_frozen_instrument_refuses_criteria_edits(client, admin_user, instrumen_terkunci):
    client.force_login(admin_user)
    kriteria = KriteriaLevel.objects.filter(indikator__instrumen=instrumen_terkunci).first()
    url = reverse("evaluasi:kriteria_ubah", kwargs={"pk": kriteria.pk})

    get = client.get(url)
    post = client.post(url, {"nama": "X", "deskripsi": "Diubah", "bukti": ""})

    assert get.status_code == post.status_code == 403
    assert "terkunci dan tidak dapat diubah" in post.content.decode()
    assert "Salin sebagai versi baru" in post.content.decode()
    kriteria.refresh_from_db()
    assert kriteria.deskripsi != "Diubah"
    detail = client.get(reverse("evaluasi:instrumen_detail", kwargs={"pk": instrumen_terkunci.pk}))
    assert (
        "Instrumen ini sudah dipakai periode evaluasi sehingga terkunci" in detail.content.decode()
    )
    assert f"/evaluasi/kriteria/{kriteria.pk}/ubah/" not in detail.content.decode()


def test_copy_as_new_version_is_editable_and_equal(client, admin_user, instrumen_terkunci):
    client.force_login(admin_user)

    response = client.post(
        reverse("evaluasi:instrumen_salin", kwargs={"pk": instrumen_terkunci.pk})
    )

    salinan = Instrumen.objects.get(kode="spbe-2020-lama-v2")
    assert response.url == reverse("evaluasi:instrumen_detail", kwargs={"pk": salinan.pk})
    assert (salinan.terkunci, salinan.asal) == (False, instrumen_terkunci)
    a, b = instrumen_data(instrumen_terkunci), instrumen_data(salinan)
    b.kode, b.nama = a.kode, a.nama
    assert a.comparable() == b.comparable()
    kriteria = KriteriaLevel.objects.filter(
        indikator__instrumen=salinan, indikator__nomor=9, level=3
    ).get()
    edit = client.post(
        reverse("evaluasi:kriteria_ubah", kwargs={"pk": kriteria.pk}),
        {
            "nama": "Terstandardisasi",
            "deskripsi": "Redaksi resmi.",
            "bukti": "Butir satu\n\nButir dua",
        },
    )
    assert edit.status_code == 302
    kriteria.refresh_from_db()
    assert (kriteria.deskripsi, kriteria.daftar_bukti) == (
        "Redaksi resmi.",
        ["Butir satu", "Butir dua"],
    )


def test_export_then_import_through_the_pages(client, admin_user, instrumen):
    client.force_login(admin_user)
    exported = client.get(reverse("evaluasi:instrumen_ekspor", kwargs={"pk": instrumen.pk})).content
    data, errors = read_xlsx(exported)
    assert errors == []
    data.kode, data.nama = "spbe-2020-revisi", "Revisi"

    upload = SimpleUploadedFile("revisi.xlsx", write_xlsx(data))
    response = client.post(reverse("evaluasi:instrumen_impor"), {"berkas": upload})

    baru = Instrumen.objects.get(kode="spbe-2020-revisi")
    assert response.url == reverse("evaluasi:instrumen_detail", kwargs={"pk": baru.pk})
    assert baru.indikator.count() == 47


def test_import_with_errors_saves_nothing_and_lists_rows(client, admin_user, instrumen):
    client.force_login(admin_user)
    data = instrumen_data(instrumen)
    data.kode = "rusak"
    data.indikator[0].bobot += 1
    before = (Instrumen.objects.count(), KriteriaLevel.objects.count())

    response = client.post(
        reverse("evaluasi:instrumen_impor"),
        {"berkas": SimpleUploadedFile("x.xlsx", write_xlsx(data))},
    )

    html = response.content.decode()
    assert "Instrumen tidak disimpan." in html
    assert "Struktur baris 2: Jumlah bobot indikator aspek 1 = 14" in html
    assert (Instrumen.objects.count(), KriteriaLevel.objects.count()) == before


def test_import_refuses_non_xlsx(client, admin_user):
    client.force_login(admin_user)

    response = client.post(
        reverse("evaluasi:instrumen_impor"), {"berkas": SimpleUploadedFile("x.csv", b"a,b")}
    )

    assert "Instrumen diimpor dari berkas .xlsx." in response.content.decode()


def _simulasi_data(instrumen, levels, **extra):
    data = {"instrumen": instrumen.pk, **{f"l_{n}": str(v) for n, v in enumerate(levels, start=1)}}
    data.update(extra)
    return data


def test_simulator_agrees_with_the_command_on_the_same_levels(client, evaluator, instrumen, capsys):
    client.force_login(evaluator)

    response = client.post(
        reverse("evaluasi:simulasi_hitung"), _simulasi_data(instrumen, PASER, na_45="on")
    )
    call_command("hitung_indeks", "--levels", ",".join(map(str, PASER)), "--na", "45")
    command = json.loads(capsys.readouterr().out)

    hasil = response.context["hasil"]
    assert f"{hasil.indeks:.2f}" == command["indeks"]
    assert hasil.predikat == command["predikat"]
    assert {str(k): f"{v:.2f}" for k, v in hasil.aspek.items()} == command["aspek"]
    html = response.content.decode()
    assert f'id="nilai-indeks">{command["indeks"].replace(".", ",")}<' in html
    assert "<html" not in html  # the htmx endpoint returns only the result panel


def test_simulator_without_javascript_and_fill_all(client, operator_a, instrumen):
    client.force_login(operator_a)

    response = client.post(reverse("evaluasi:simulasi"), {"instrumen": instrumen.pk, "isi": "4"})

    assert response.context["hasil"].indeks == 4
    assert response.context["hasil"].predikat == "Sangat Baik"
    assert response.context["gap"].target == "Memuaskan"
    assert "<html" in response.content.decode()


def test_simulator_rejects_bad_levels(client, operator_a, instrumen):
    client.force_login(operator_a)

    response = client.post(
        reverse("evaluasi:simulasi_hitung"), _simulasi_data(instrumen, [7] + PASER[1:])
    )

    assert "hasil" not in response.context
    assert "Ada nilai yang tidak sah (indikator 1): pilih 1–5" in response.content.decode()


def test_simulator_uses_the_chosen_instrument(client, operator_a, instrumen, instrumen_pemdi):
    client.force_login(operator_a)

    response = client.post(
        reverse("evaluasi:simulasi_hitung"),
        {"instrumen": instrumen_pemdi.pk, **{f"l_{n}": "3" for n in range(1, 21)}},
    )

    assert response.context["hasil"].indeks == 3
    assert response.context["hasil"].domain == {}


def test_simulator_query_count_does_not_grow_with_the_instrument(
    client, operator_a, instrumen, instrumen_pemdi
):
    client.force_login(operator_a)

    def count(obj, n):
        with CaptureQueriesContext(connection) as ctx:
            client.post(
                reverse("evaluasi:simulasi_hitung"),
                {"instrumen": obj.pk, **{f"l_{i}": "2" for i in range(1, n + 1)}},
            )
        return len(ctx.captured_queries)

    assert count(instrumen, 47) == count(instrumen_pemdi, 20)
