"""Architecture data: scope, validation, documents, import, and the public page's privacy."""

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from arsitektur.models import Aplikasi, StatusDomain, TalentaDigital
from arsitektur.services import aplikasi_import
from tests.conftest import PDF_BYTES
from tests.helpers import dataset_from_rows

pytestmark = pytest.mark.django_db


def _app_data(**extra):
    return {
        "nama": "SIMPEG Sulbar",
        "deskripsi": "Kepegawaian",
        "url": "https://simpeg.sulbarprov.go.id",
        "tahun_pembuatan": 2019,
        "basis": "web",
        "penyedia_hosting": "Pusat Data Daerah",
        "name_server": "103.10.20.30, ns1.sulbarprov.go.id",
        "aktif": "on",
        **extra,
    }


def test_operator_saves_the_status_matrix_of_their_own_opd(client, operator_a, opd_a, periode):
    client.force_login(operator_a)
    data = {
        "periode": periode.pk,
        "status_layanan": "ok",
        "tautan_layanan": "https://drive.google.com/x",
        "status_data": "na",
    }

    response = client.post(reverse("arsitektur:opd", kwargs={"pk": opd_a.pk}), data, follow=True)

    saved = {s.domain: (s.status, s.tautan) for s in StatusDomain.objects.filter(opd=opd_a)}
    assert saved["layanan"] == ("ok", "https://drive.google.com/x") and saved["data"] == ("na", "")
    # The four domains left at "belum" are not changes: not counted, not stamped.
    assert set(saved) == {"layanan", "data"}
    assert "(2 domain berubah)" in response.content.decode()
    assert StatusDomain.objects.get(opd=opd_a, domain="layanan").diubah_oleh == operator_a

    again = client.post(reverse("arsitektur:opd", kwargs={"pk": opd_a.pk}), data, follow=True)

    assert "Tidak ada perubahan status arsitektur." in again.content.decode()
    assert StatusDomain.objects.filter(opd=opd_a).count() == 2


def test_an_application_without_a_year_shows_a_dash_not_none(client, operator_a, opd_a, periode):
    Aplikasi.objects.create(opd=opd_a, nama="Aplikasi Tanpa Tahun", tahun_pembuatan=None)
    client.force_login(operator_a)

    page = client.get(reverse("arsitektur:opd", kwargs={"pk": opd_a.pk})).content.decode()

    row = page[page.index("Aplikasi Tanpa Tahun") :].split("</tr>")[0]
    assert "None" not in row and "<td>–</td>" in row


def test_operator_cannot_touch_another_opd(client, operator_a, opd_b, periode, admin_user):
    app = Aplikasi.objects.create(opd=opd_b, nama="Aplikasi B")
    talenta = TalentaDigital.objects.create(
        opd=opd_b, nama="Ani", keahlian="BPE", lembaga="LSP", tahun=2024
    )
    client.force_login(operator_a)

    responses = [
        client.post(
            reverse("arsitektur:opd", kwargs={"pk": opd_b.pk}),
            {"periode": periode.pk, "status_layanan": "ok"},
        ),
        client.post(
            reverse("arsitektur:aplikasi_tambah", kwargs={"opd_pk": opd_b.pk}), _app_data()
        ),
        client.post(
            reverse("arsitektur:aplikasi_ubah", kwargs={"pk": app.pk}), _app_data(nama="Diganti")
        ),
        client.post(
            reverse("arsitektur:talenta_ubah", kwargs={"pk": talenta.pk}),
            {"nama": "X", "keahlian": "Y", "lembaga": "Z", "tahun": 2020},
        ),
    ]

    assert [r.status_code for r in responses] == [404, 404, 404, 404]
    assert not StatusDomain.objects.exists()
    assert Aplikasi.objects.get(pk=app.pk).nama == "Aplikasi B" and Aplikasi.objects.count() == 1


def test_pimpinan_reads_but_cannot_write(client, pimpinan, opd_a, periode):
    client.force_login(pimpinan)

    assert client.get(reverse("arsitektur:opd", kwargs={"pk": opd_a.pk})).status_code == 200
    assert (
        client.post(
            reverse("arsitektur:opd", kwargs={"pk": opd_a.pk}), {"periode": periode.pk}
        ).status_code
        == 403
    )


def test_operator_adds_an_application_with_a_document(client, operator_a, opd_a, settings):
    client.force_login(operator_a)
    data = _app_data(berkas_dokumen=SimpleUploadedFile("SOP SIMPEG.pdf", PDF_BYTES))

    response = client.post(reverse("arsitektur:aplikasi_tambah", kwargs={"opd_pk": opd_a.pk}), data)

    assert response.status_code == 302
    app = Aplikasi.objects.get()
    assert (app.opd, app.name_server, app.dokumen.nama_asli) == (
        opd_a,
        "103.10.20.30, ns1.sulbarprov.go.id",
        "SOP SIMPEG.pdf",
    )
    download = client.get(reverse("arsitektur:berkas_unduh", kwargs={"pk": app.dokumen_id}))
    assert b"".join(download.streaming_content) == PDF_BYTES


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("url", "bukan url", "URL"),
        ("tahun_pembuatan", 1890, "1990"),
        ("name_server", "999.1.1.1; server lokal", "bukan alamat IP atau nama server yang sah"),
    ],
)
def test_application_fields_are_validated(client, operator_a, opd_a, field, value, message):
    client.force_login(operator_a)

    response = client.post(
        reverse("arsitektur:aplikasi_tambah", kwargs={"opd_pk": opd_a.pk}),
        _app_data(**{field: value}),
    )

    assert response.status_code == 200 and message in response.content.decode()
    assert not Aplikasi.objects.exists()


def test_document_follows_the_evidence_rules(client, operator_a, opd_a):
    client.force_login(operator_a)
    data = _app_data(berkas_dokumen=SimpleUploadedFile("sop.pdf", b"MZ\x90\x00program"))

    response = client.post(reverse("arsitektur:aplikasi_tambah", kwargs={"opd_pk": opd_a.pk}), data)

    assert "Jenis berkas tidak diizinkan" in response.content.decode()
    assert not Aplikasi.objects.exists()


def test_public_page_shows_active_apps_and_never_private_fields(client, opd_a, opd_b):
    Aplikasi.objects.create(
        opd=opd_a,
        nama="SIMPEG Sulbar",
        deskripsi="Layanan kepegawaian",
        url="https://simpeg.sulbarprov.go.id",
        name_server="10.9.8.7",
        lokasi_kode_sumber="git.rahasia.internal/simpeg",
        penyedia_hosting="Vendor Rahasia",
        kebutuhan_sistem="PHP 5.6 rentan",
        akun_hosting_diberikan=True,
    )
    Aplikasi.objects.create(opd=opd_b, nama="Aplikasi Lama", aktif=False)

    html = client.get(reverse("publik")).content.decode()

    assert "SIMPEG Sulbar" in html and "https://simpeg.sulbarprov.go.id" in html
    for secret in (
        "10.9.8.7",
        "git.rahasia.internal",
        "Vendor Rahasia",
        "PHP 5.6",
        "Aplikasi Lama",
    ):
        assert secret not in html
    assert opd_b.nama in html  # listed, with no active application
    searched = client.get(reverse("publik"), {"q": "simpeg"}).content.decode()
    assert "SIMPEG Sulbar" in searched and opd_b.nama not in searched


def test_public_page_query_count_is_flat(client, opd_a, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count():
        cache.clear()  # the page cache would serve the second visit without any SQL
        with CaptureQueriesContext(connection) as ctx:
            client.get(reverse("publik"))
        return len(ctx.captured_queries)

    Aplikasi.objects.create(opd=opd_a, nama="A1")
    small = count()
    for i in range(20):
        Aplikasi.objects.create(opd=opd_a, nama=f"A{i + 2}")
    assert count() == small


def test_application_import_rules(opd_a):
    rows = [
        ["opd", "nama", "url", "tahun_pembuatan", "basis", "api_tersedia", "name_server"],
        [opd_a.kode, "SIMPEG", "https://simpeg.go.id", "2019", "web", "ya", "10.0.0.1"],  # 2: good
        [opd_a.kode, "simpeg", "", "", "", "", ""],  # 3: duplicate of 2
        ["X-404", "Aplikasi", "", "", "", "", ""],  # 4: unknown OPD
        [opd_a.kode, "Portal", "portal", "19", "kulkas", "mungkin", "bukan ip!"],  # 5: many
    ]

    hasil = aplikasi_import(dataset=dataset_from_rows(rows), dry_run=False)

    errors = {}
    for line, message in hasil.galat:
        errors.setdefault(line, []).append(message)
    assert sorted(errors) == [3, 4, 5]
    assert len(errors[5]) == 5
    assert not Aplikasi.objects.exists()

    good = aplikasi_import(dataset=dataset_from_rows(rows[:2]), dry_run=False)
    again = aplikasi_import(dataset=dataset_from_rows(rows[:2]), dry_run=False)
    assert (good.dibuat, again.dibuat, again.diperbarui, again.tidak_berubah) == (1, 0, 0, 1)
    assert Aplikasi.objects.get().api_tersedia is True


def test_overview_counts_domain_statuses(client, admin_user, opd_a, opd_b, periode):
    StatusDomain.objects.create(periode=periode, opd=opd_a, domain="layanan", status="ok")
    StatusDomain.objects.create(periode=periode, opd=opd_b, domain="layanan", status="na")
    client.force_login(admin_user)

    response = client.get(reverse("arsitektur:beranda"))

    counts = dict(response.context["counts"])
    assert (counts["Layanan"]["ok"], counts["Layanan"]["na"], counts["Data"]["belum"]) == (1, 1, 2)


def test_public_page_is_paginated_with_apps_folded_and_a_contact_footer(client, settings):
    from tests.factories import OpdFactory

    settings.PEMDA_KONTAK = "diskominfo@contoh.go.id"
    OpdFactory.create_batch(25)

    first = client.get(reverse("publik"))
    second = client.get(reverse("publik"), {"halaman": 2})

    assert len(first.context["rows"]) == 20 and len(second.context["rows"]) == 5
    html = first.content.decode()
    assert "25 perangkat daerah" in html and "diskominfo@contoh.go.id" in html
    assert "halaman=2" in html
