"""Request workflow through the pages: submit, send back, resubmit, approve into the
inventory; access (another OPD → 404, wrong role → 403) and the hostile cases."""

from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from arsitektur.models import (
    Aplikasi,
    Berkas,
    DokumenPermohonan,
    LangkahPermohonan,
    Permohonan,
    StatusPermohonan,
)
from arsitektur.permohonan import services
from notifikasi.models import Surel
from tests.permohonan.pabrik import PDF, SEMUA, permohonan_buat

pytestmark = pytest.mark.django_db


def _files(kinds=SEMUA, data=PDF):
    return {f"berkas_{j}": SimpleUploadedFile(f"{j}.pdf", data) for j in kinds}


def _isian(**over):
    data = {
        "jenis": "baru",
        "nama": "SIPADU",
        "deskripsi": "Layanan pengaduan terpadu.",
        "url": "https://sipadu.sulbarprov.go.id",
        "tahun_pembuatan": "2026",
        "basis": "web",
        "penyedia_hosting": "Pusat Data Diskominfo",
        "api_tersedia": "on",
        "name_server": "103.10.20.30",
        "kebutuhan_sistem": "PHP 8.3, PostgreSQL 16",
    }
    data.update(over)
    return data


def _file_count() -> int:
    root = Path(settings.PRIVATE_ROOT)
    return sum(1 for p in root.rglob("*") if p.is_file()) if root.exists() else 0


def _langkah(client, p, ke, catatan=""):
    return client.post(
        reverse("permohonan:langkah", kwargs={"pk": p.pk}), {"ke": ke, "catatan": catatan}
    )


def _status(p) -> str:
    return Permohonan.objects.get(pk=p.pk).status


def test_full_workflow_from_draft_to_the_inventory(client, operator_a, admin_user, opd_a):
    client.force_login(operator_a)
    response = client.post(
        reverse("permohonan:buat"), {**_isian(), **_files(("surat", "sop", "kak"))}
    )
    p = Permohonan.objects.get()
    assert response.status_code == 302
    assert (p.opd, p.status, p.dokumen.count()) == (opd_a, StatusPermohonan.DRAF, 3)

    # Not built by Diskominfo: kategori, dasar hukum, sertifikasi, spesifikasi still missing.
    response = _langkah(client, p, "diajukan")
    assert _status(p) == StatusPermohonan.DRAF
    pesan = [str(m) for m in response.wsgi_request._messages]
    assert "Pernyataan kategori sistem elektronik" in pesan[-1]
    assert "Sertifikasi" in pesan[-1]
    assert Surel.objects.count() == 0

    client.post(
        reverse("permohonan:ubah", kwargs={"pk": p.pk}),
        {**_isian(), **_files(("kategori", "dasar_hukum", "sertifikasi", "spesifikasi"))},
    )
    assert p.dokumen.count() == 7
    _langkah(client, p, "diajukan")
    assert _status(p) == StatusPermohonan.DIAJUKAN
    assert list(Surel.objects.values_list("kepada", flat=True)) == [admin_user.email]
    # Under review: the OPD no longer edits it.
    assert client.get(reverse("permohonan:ubah", kwargs={"pk": p.pk})).status_code == 403

    client.force_login(admin_user)
    _langkah(client, p, "perlu_perbaikan")  # no note: refused
    assert _status(p) == StatusPermohonan.DIAJUKAN
    _langkah(client, p, "perlu_perbaikan", "Lengkapi versi basis data.")
    assert _status(p) == StatusPermohonan.PERLU_PERBAIKAN
    mail = Surel.objects.get(kepada=operator_a.email)
    assert "Lengkapi versi basis data." in mail.isi

    client.force_login(operator_a)
    client.post(
        reverse("permohonan:ubah", kwargs={"pk": p.pk}),
        _isian(kebutuhan_sistem="PHP 8.3, PostgreSQL 16.4"),
    )
    _langkah(client, p, "diajukan")
    assert _status(p) == StatusPermohonan.DIAJUKAN
    assert Surel.objects.filter(kepada=admin_user.email, subjek__contains="ulang").count() == 1

    client.force_login(admin_user)
    _langkah(client, p, "disetujui", "Domain disiapkan.")
    p.refresh_from_db()
    app = Aplikasi.objects.get(opd=opd_a, nama="SIPADU")
    sop = DokumenPermohonan.objects.get(permohonan=p, jenis="sop")
    assert p.status == StatusPermohonan.DISETUJUI
    assert p.aplikasi == app
    assert (app.url, app.kebutuhan_sistem, app.name_server) == (
        "https://sipadu.sulbarprov.go.id",
        "PHP 8.3, PostgreSQL 16.4",
        "103.10.20.30",
    )
    assert (app.dokumen_id, app.tahun_pembuatan, app.api_tersedia) == (sop.berkas_id, 2026, True)
    assert p.diputuskan_pada is not None
    assert [(s.dari, s.ke) for s in LangkahPermohonan.objects.filter(permohonan=p)] == [
        ("draf", "diajukan"),
        ("diajukan", "perlu_perbaikan"),
        ("perlu_perbaikan", "diajukan"),
        ("diajukan", "disetujui"),
    ]
    assert Surel.objects.filter(kepada=operator_a.email, subjek__contains="disetujui").exists()
    page = client.get(reverse("permohonan:rinci", kwargs={"pk": p.pk})).content.decode()
    assert reverse("arsitektur:opd", kwargs={"pk": opd_a.pk}) in page
    assert "Lengkapi versi basis data." in page  # the timeline keeps the notes


def test_refusal_mails_the_note_and_is_final(client, operator_a, admin_user):
    p = permohonan_buat(opd=operator_a.opd, user=operator_a)
    services.permohonan_transisi(permohonan=p, ke="diajukan", user=operator_a, pihak={"opd"})
    client.force_login(admin_user)

    _langkah(client, p, "ditolak", "Sudah ada aplikasi serupa di tingkat provinsi.")
    _langkah(client, p, "disetujui")

    assert _status(p) == StatusPermohonan.DITOLAK
    assert Aplikasi.objects.count() == 0
    mail = Surel.objects.get(kepada=operator_a.email)
    assert "ditolak" in mail.subjek
    assert "Sudah ada aplikasi serupa" in mail.isi


def test_development_request_updates_the_application_it_points_at(admin_user, operator_a):
    app = Aplikasi.objects.create(opd=operator_a.opd, nama="SIMPEG", url="https://lama.go.id")
    p = permohonan_buat(
        opd=operator_a.opd,
        user=operator_a,
        jenis="pengembangan",
        aplikasi=app,
        nama="SIMPEG v2",
        url="https://simpeg.sulbarprov.go.id",
        dibangun_diskominfo=True,
    )
    services.permohonan_transisi(permohonan=p, ke="diajukan", user=operator_a, pihak={"opd"})
    services.permohonan_transisi(permohonan=p, ke="disetujui", user=admin_user, pihak={"peninjau"})

    app.refresh_from_db()
    assert Aplikasi.objects.count() == 1
    assert (app.nama, app.url) == ("SIMPEG v2", "https://simpeg.sulbarprov.go.id")


def test_another_opds_application_as_development_target_is_a_form_error(
    client, operator_a, operator_b
):
    lain = Aplikasi.objects.create(opd=operator_b.opd, nama="SIMPEG BKD")
    client.force_login(operator_a)

    response = client.post(
        reverse("permohonan:buat"),
        {**_isian(jenis="pengembangan", aplikasi=str(lain.pk)), **_files()},
    )

    assert response.status_code == 200
    assert "aplikasi" in response.context["form"].errors
    assert (Permohonan.objects.count(), Berkas.objects.count(), _file_count()) == (0, 0, 0)


def test_new_request_with_a_name_already_in_the_inventory_is_refused(client, operator_a):
    Aplikasi.objects.create(opd=operator_a.opd, nama="Sipadu")
    client.force_login(operator_a)

    response = client.post(reverse("permohonan:buat"), {**_isian(), **_files()})

    assert response.status_code == 200
    assert "sudah terdaftar" in str(response.context["form"].errors["nama"])
    assert (Permohonan.objects.count(), Berkas.objects.count(), _file_count()) == (0, 0, 0)


def test_name_clash_at_approval_is_refused_and_the_status_stays(client, operator_a, admin_user):
    p = permohonan_buat(opd=operator_a.opd, user=operator_a)
    services.permohonan_transisi(permohonan=p, ke="diajukan", user=operator_a, pihak={"opd"})
    # Meanwhile an admin recorded an application with the same name by hand.
    Aplikasi.objects.create(opd=operator_a.opd, nama="sipadu")
    client.force_login(admin_user)

    response = _langkah(client, p, "disetujui")

    assert _status(p) == StatusPermohonan.DIAJUKAN
    assert "sudah terdaftar" in str(list(response.wsgi_request._messages)[-1])
    assert Aplikasi.objects.count() == 1
    assert LangkahPermohonan.objects.filter(ke="disetujui").count() == 0


def test_two_approvals_create_one_application(admin_user, operator_a):
    p = permohonan_buat(opd=operator_a.opd, user=operator_a)
    services.permohonan_transisi(permohonan=p, ke="diajukan", user=operator_a, pihak={"opd"})
    stale = Permohonan.objects.get(pk=p.pk)  # both reviewers loaded the page while diajukan

    services.permohonan_transisi(permohonan=p, ke="disetujui", user=admin_user, pihak={"peninjau"})
    with pytest.raises(services.LangkahTidakSah):
        services.permohonan_transisi(
            permohonan=stale, ke="disetujui", user=admin_user, pihak={"peninjau"}
        )

    assert Aplikasi.objects.count() == 1
    assert LangkahPermohonan.objects.filter(ke="disetujui").count() == 1


def test_operator_trying_to_approve_gets_403(client, operator_a):
    p = permohonan_buat(opd=operator_a.opd, user=operator_a)
    services.permohonan_transisi(permohonan=p, ke="diajukan", user=operator_a, pihak={"opd"})
    client.force_login(operator_a)

    assert _langkah(client, p, "disetujui").status_code == 403
    assert _status(p) == StatusPermohonan.DIAJUKAN


def test_pimpinan_reads_but_takes_no_step(client, operator_a, pimpinan):
    p = permohonan_buat(opd=operator_a.opd, user=operator_a)
    services.permohonan_transisi(permohonan=p, ke="diajukan", user=operator_a, pihak={"opd"})
    client.force_login(pimpinan)

    assert client.get(reverse("permohonan:rinci", kwargs={"pk": p.pk})).status_code == 200
    assert _langkah(client, p, "disetujui").status_code == 403
    assert _langkah(client, p, "diajukan").status_code == 403


def test_admin_does_not_submit_for_the_opd(client, operator_a, admin_user):
    p = permohonan_buat(opd=operator_a.opd, user=operator_a)
    client.force_login(admin_user)

    assert _langkah(client, p, "diajukan").status_code == 403
    assert _status(p) == StatusPermohonan.DRAF


def test_another_opds_request_and_its_documents_are_404(client, operator_a, operator_b):
    p = permohonan_buat(opd=operator_b.opd, user=operator_b)
    dok = p.dokumen.first()
    client.force_login(operator_a)

    for url in (
        reverse("permohonan:rinci", kwargs={"pk": p.pk}),
        reverse("permohonan:ubah", kwargs={"pk": p.pk}),
        reverse("permohonan:dokumen_unduh", kwargs={"pk": dok.pk}),
    ):
        assert client.get(url).status_code == 404, url
    assert _langkah(client, p, "diajukan").status_code == 404
    assert _status(p) == StatusPermohonan.DRAF
    # Nor does the list show it.
    daftar = client.get(reverse("permohonan:daftar")).content.decode()
    assert p.nama not in daftar


def test_own_document_downloads(client, operator_a):
    p = permohonan_buat(opd=operator_a.opd, user=operator_a)
    client.force_login(operator_a)

    response = client.get(
        reverse("permohonan:dokumen_unduh", kwargs={"pk": p.dokumen.get(jenis="kak").pk})
    )

    assert response.status_code == 200
    assert b"".join(response.streaming_content if response.streaming else [response.content]) == PDF


def test_crafted_document_is_refused_with_nothing_saved(client, operator_a):
    client.force_login(operator_a)
    files = _files(("surat", "sop"))
    files["berkas_kak"] = SimpleUploadedFile("kak.pdf", b"<html><script>alert(1)</script>")

    response = client.post(reverse("permohonan:buat"), {**_isian(), **files})

    assert response.status_code == 200
    assert "tidak diizinkan" in str(response.context["form"].errors["berkas_kak"])
    assert (Permohonan.objects.count(), Berkas.objects.count(), _file_count()) == (0, 0, 0)


def test_oversize_document_is_refused_with_nothing_saved(client, operator_a, settings):
    settings.BUKTI_MAX_BYTES = 1024
    client.force_login(operator_a)
    files = _files(("surat",))
    files["berkas_sop"] = SimpleUploadedFile("sop.pdf", PDF + b"0" * 2048)

    response = client.post(reverse("permohonan:buat"), {**_isian(), **files})

    assert response.status_code == 200
    assert "terlalu besar" in str(response.context["form"].errors["berkas_sop"])
    assert (Permohonan.objects.count(), Berkas.objects.count(), _file_count()) == (0, 0, 0)


def test_refused_document_on_edit_keeps_the_old_one(client, operator_a):
    p = permohonan_buat(opd=operator_a.opd, user=operator_a)
    lama = p.dokumen.get(jenis="kak").berkas_id
    files_before = _file_count()
    client.force_login(operator_a)

    client.post(
        reverse("permohonan:ubah", kwargs={"pk": p.pk}),
        {
            **_isian(nama="Nama baru"),
            "berkas_kak": SimpleUploadedFile("kak.pdf", b"MZ\x90\x00 not a pdf"),
        },
    )

    p.refresh_from_db()
    assert (p.nama, p.dokumen.get(jenis="kak").berkas_id) == ("SIPADU", lama)
    assert _file_count() == files_before


def test_evaluator_has_no_part(client, evaluator, operator_a):
    p = permohonan_buat(opd=operator_a.opd, user=operator_a)
    client.force_login(evaluator)

    assert client.get(reverse("permohonan:daftar")).status_code == 403
    assert client.get(reverse("permohonan:rinci", kwargs={"pk": p.pk})).status_code == 403


def test_admin_filters_by_status_and_opd(client, admin_user, operator_a, operator_b):
    a = permohonan_buat(opd=operator_a.opd, user=operator_a, nama="Aplikasi Alfa")
    b = permohonan_buat(opd=operator_b.opd, user=operator_b, nama="Aplikasi Beta")
    services.permohonan_transisi(permohonan=b, ke="diajukan", user=operator_b, pihak={"opd"})
    client.force_login(admin_user)
    url = reverse("permohonan:daftar")

    semua = client.get(url).content.decode()
    diajukan = client.get(url, {"status": "diajukan"}).content.decode()
    opd_a = client.get(url, {"opd": operator_a.opd_id}).content.decode()

    assert a.nama in semua and b.nama in semua
    assert a.nama not in diajukan and b.nama in diajukan
    assert a.nama in opd_a and b.nama not in opd_a
    assert "1 permohonan menunggu tinjauan" in semua


@pytest.mark.parametrize("n", [2, 12])
def test_list_query_count_is_flat(client, admin_user, operator_a, django_assert_max_num_queries, n):
    apps = [Aplikasi.objects.create(opd=operator_a.opd, nama=f"Lama {i}") for i in range(n)]
    for i in range(n):
        permohonan_buat(
            opd=operator_a.opd,
            user=operator_a,
            nama=f"Permohonan {i}",
            lengkap=False,
            jenis="pengembangan",
            aplikasi=apps[i],
        )
    client.force_login(admin_user)

    # session, user, paginator count, rows with OPD and application, waiting count, the
    # layout's period, and the OPD filter's options: the same for 2 rows as for 12.
    with django_assert_max_num_queries(7):
        response = client.get(reverse("permohonan:daftar"))
    assert response.content.decode().count('class="list-group-item list-group-item-action') == n


@pytest.mark.django_db(transaction=True)
def test_two_approvals_at_the_same_moment_create_one_application(admin_user, operator_a):
    from tests.helpers import at_once

    p = permohonan_buat(opd=operator_a.opd, user=operator_a)
    services.permohonan_transisi(permohonan=p, ke="diajukan", user=operator_a, pihak={"opd"})

    def setujui():
        return services.permohonan_transisi(
            permohonan=Permohonan(pk=p.pk), ke="disetujui", user=admin_user, pihak={"peninjau"}
        )

    results = at_once([setujui, setujui])

    assert sum(isinstance(r, Permohonan) for r in results) == 1, results
    assert Aplikasi.objects.count() == 1
    assert LangkahPermohonan.objects.filter(ke="disetujui").count() == 1
    assert Surel.objects.filter(kepada=operator_a.email).count() == 1


def test_detail_query_count_does_not_grow_with_documents_and_steps(client, admin_user, operator_a):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    sedikit = permohonan_buat(opd=operator_a.opd, user=operator_a, nama="Sedikit", lengkap=False)
    banyak = permohonan_buat(opd=operator_a.opd, user=operator_a, nama="Banyak")
    for ke, user, pihak in (
        ("diajukan", operator_a, {"opd"}),
        ("perlu_perbaikan", admin_user, {"peninjau"}),
        ("diajukan", operator_a, {"opd"}),
    ):
        services.permohonan_transisi(
            permohonan=banyak, ke=ke, user=user, pihak=pihak, catatan="Catatan."
        )
    client.force_login(admin_user)
    counts = []
    for p in (sedikit, banyak):
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("permohonan:rinci", kwargs={"pk": p.pk})).status_code == 200
        counts.append(len(ctx))

    assert counts[0] == counts[1]


def test_an_overlong_note_changes_nothing(client, admin_user, operator_a):
    p = permohonan_buat(opd=operator_a.opd, user=operator_a)
    services.permohonan_transisi(permohonan=p, ke="diajukan", user=operator_a, pihak={"opd"})
    client.force_login(admin_user)

    _langkah(client, p, "ditolak", "x" * 4001)

    assert _status(p) == StatusPermohonan.DIAJUKAN
    assert LangkahPermohonan.objects.filter(ke="ditolak").count() == 0
