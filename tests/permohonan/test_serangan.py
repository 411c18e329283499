"""Hostile probes of application/domain requests (issue 18): steps out of turn or from the
wrong side, edits after submission, another OPD's ids, leaks on /publik/. Each probe finding
is kept as a regression test beside the hardening checks."""

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from arsitektur.models import (
    Aplikasi,
    JenisPermohonan,
    LangkahPermohonan,
    Permohonan,
    StatusPermohonan,
)
from arsitektur.permohonan import services
from tests.permohonan.pabrik import PDF, permohonan_buat

pytestmark = pytest.mark.django_db

PG = "postgresql" in settings.DATABASES["default"]["ENGINE"]

RAHASIA = {
    "name_server": "ns1.rahasia-xyz.example, 10.99.88.77",
    "penyedia_hosting": "HostingRahasiaXYZ",
    "kebutuhan_sistem": "KebutuhanRahasiaXYZ PHP 8.3",
}


def _langkah(client, p, ke, catatan=""):
    return client.post(
        reverse("permohonan:langkah", kwargs={"pk": p.pk}), {"ke": ke, "catatan": catatan}
    )


def _status(p):
    return Permohonan.objects.get(pk=p.pk).status


def _isian(**over):
    data = {
        "jenis": "baru",
        "nama": "SIPADU",
        "deskripsi": "Layanan pengaduan terpadu.",
        "url": "https://sipadu.sulbarprov.go.id",
        "tahun_pembuatan": "2026",
        "basis": "web",
        "penyedia_hosting": "Pusat Data Diskominfo",
        "name_server": "103.10.20.30",
        "kebutuhan_sistem": "PHP 8.3",
    }
    data.update(over)
    return data


def _ke(p, ke, user, catatan=""):
    from spbe_portal import access

    return services.permohonan_transisi(
        permohonan=p, ke=ke, user=user, pihak=access.pihak_permohonan(user, p), catatan=catatan
    )


@pytest.fixture
def diajukan(operator_a, opd_a):
    p = permohonan_buat(opd=opd_a, user=operator_a, **RAHASIA)
    return _ke(p, "diajukan", operator_a)


# --- Steps out of turn --------------------------------------------------------------------


def test_opd_cannot_approve_its_own_request(client, operator_a, diajukan):
    client.force_login(operator_a)
    for ke in ("disetujui", "ditolak", "perlu_perbaikan"):
        assert _langkah(client, diajukan, ke, "x").status_code == 403
    assert _status(diajukan) == StatusPermohonan.DIAJUKAN
    assert not Aplikasi.objects.exists()


def test_reviewer_cannot_approve_a_draft_or_submit_for_the_opd(
    client, admin_user, operator_a, opd_a
):
    p = permohonan_buat(opd=opd_a, user=operator_a)
    client.force_login(admin_user)
    assert _langkah(client, p, "diajukan").status_code == 403
    r = _langkah(client, p, "disetujui")
    assert r.status_code == 302
    assert _status(p) == StatusPermohonan.DRAF
    assert not Aplikasi.objects.exists()
    # ... nor edit the OPD's draft.
    assert client.get(reverse("permohonan:ubah", args=[p.pk])).status_code == 403
    r = client.post(reverse("permohonan:ubah", args=[p.pk]), _isian(nama="Diganti admin"))
    assert r.status_code == 403
    assert Permohonan.objects.get(pk=p.pk).nama == "SIPADU"


@pytest.mark.parametrize("ke", ["", "x" * 30, "DISETUJUI", "draf", "<b>"])
def test_garbage_step_is_a_message_not_a_500(client, admin_user, diajukan, ke):
    client.force_login(admin_user)
    r = _langkah(client, diajukan, ke)
    assert r.status_code in (302, 403)
    assert _status(diajukan) == StatusPermohonan.DIAJUKAN


def test_approving_twice_makes_one_application_and_one_step(client, admin_user, diajukan):
    client.force_login(admin_user)
    assert _langkah(client, diajukan, "disetujui").status_code == 302
    assert _langkah(client, diajukan, "disetujui").status_code == 302
    assert _langkah(client, diajukan, "ditolak", "terlambat").status_code == 302
    assert _status(diajukan) == StatusPermohonan.DISETUJUI
    assert Aplikasi.objects.count() == 1
    assert LangkahPermohonan.objects.filter(ke="disetujui").count() == 1
    assert not LangkahPermohonan.objects.filter(ke="ditolak").exists()


def test_a_refused_request_cannot_be_resubmitted_or_edited(
    client, admin_user, operator_a, diajukan
):
    client.force_login(admin_user)
    _langkah(client, diajukan, "ditolak", "Tidak sesuai.")
    client.force_login(operator_a)
    assert _langkah(client, diajukan, "diajukan").status_code == 302
    assert _status(diajukan) == StatusPermohonan.DITOLAK
    assert client.post(reverse("permohonan:ubah", args=[diajukan.pk]), _isian()).status_code == 403
    client.force_login(admin_user)
    assert _langkah(client, diajukan, "disetujui").status_code == 302
    assert _status(diajukan) == StatusPermohonan.DITOLAK
    assert not Aplikasi.objects.exists()


def test_no_edit_or_document_swap_after_submission(client, operator_a, diajukan):
    client.force_login(operator_a)
    url = reverse("permohonan:ubah", args=[diajukan.pk])
    assert client.get(url).status_code == 403
    r = client.post(
        url,
        {**_isian(nama="Diganti"), "berkas_sop": SimpleUploadedFile("sop.pdf", PDF + b"%x")},
    )
    assert r.status_code == 403
    p = Permohonan.objects.get(pk=diajukan.pk)
    assert p.nama == "SIPADU"
    assert p.dokumen.get(jenis="sop").berkas_id == diajukan.dokumen.get(jenis="sop").berkas_id


def test_a_save_racing_a_step_does_not_rewind_the_status(admin_user, operator_a, opd_a):
    p = permohonan_buat(opd=opd_a, user=operator_a)
    basi = Permohonan.objects.get(pk=p.pk)  # what the edit page loaded (draf)
    _ke(p, "diajukan", operator_a)
    _ke(Permohonan.objects.get(pk=p.pk), "perlu_perbaikan", admin_user, "Lengkapi KAK.")
    basi.deskripsi = "Diperbaiki."
    services.permohonan_simpan(permohonan=basi, user=operator_a)
    p.refresh_from_db()
    assert p.status == StatusPermohonan.PERLU_PERBAIKAN
    assert p.diajukan_pada is not None


# --- Another OPD's ids ----------------------------------------------------------------------


def test_posted_opd_status_and_aplikasi_fields_are_ignored(client, operator_a, opd_a, opd_b):
    app_b = Aplikasi.objects.create(opd=opd_b, nama="Milik B")
    client.force_login(operator_a)
    r = client.post(
        reverse("permohonan:buat"),
        _isian(opd=opd_b.pk, status="disetujui", aplikasi=app_b.pk, dibuat_oleh=1),
    )
    # Another OPD's application id is not a choice, even on a new-application request.
    p = Permohonan.objects.first()
    if r.status_code == 302:
        assert (p.opd_id, p.status, p.aplikasi_id) == (opd_a.pk, StatusPermohonan.DRAF, None)
    else:
        assert r.status_code == 200 and r.context["form"].errors
        assert p is None


def test_development_request_retargeted_to_another_opds_application(
    client, operator_a, opd_a, opd_b
):
    app_a = Aplikasi.objects.create(opd=opd_a, nama="Milik A")
    app_b = Aplikasi.objects.create(opd=opd_b, nama="Milik B")
    p = permohonan_buat(
        opd=opd_a,
        user=operator_a,
        nama="Milik A",
        jenis=JenisPermohonan.PENGEMBANGAN,
        aplikasi=app_a,
    )
    client.force_login(operator_a)
    r = client.post(
        reverse("permohonan:ubah", args=[p.pk]),
        _isian(jenis="pengembangan", aplikasi=app_b.pk, nama="Milik A"),
    )
    assert r.status_code == 200 and r.context["form"].errors["aplikasi"]
    assert Permohonan.objects.get(pk=p.pk).aplikasi_id == app_a.pk


def test_another_opds_request_steps_and_documents_are_404(client, operator_b, diajukan):
    client.force_login(operator_b)
    assert _langkah(client, diajukan, "diajukan").status_code == 404
    assert client.post(reverse("permohonan:ubah", args=[diajukan.pk]), _isian()).status_code == 404
    for d in diajukan.dokumen.all():
        assert client.get(reverse("permohonan:dokumen_unduh", args=[d.pk])).status_code == 404
    r = client.get(reverse("permohonan:daftar"), {"opd": diajukan.opd_id})
    assert r.status_code == 200 and list(r.context["page"]) == []


def test_pimpinan_and_evaluator_write_nothing(client, pimpinan, evaluator, diajukan, operator_a):
    draf = permohonan_buat(opd=diajukan.opd, user=operator_a, nama="Draf lain")
    for user in (pimpinan, evaluator):
        client.force_login(user)
        assert client.post(reverse("permohonan:buat"), _isian(nama="X")).status_code == 403
        assert client.post(reverse("permohonan:ubah", args=[draf.pk]), _isian()).status_code in (
            403,
        )
        for ke in ("disetujui", "diajukan"):
            assert _langkah(client, diajukan, ke).status_code == 403
            assert _langkah(client, draf, ke).status_code == 403
    assert _status(diajukan) == StatusPermohonan.DIAJUKAN
    assert _status(draf) == StatusPermohonan.DRAF
    assert Permohonan.objects.count() == 2


# --- Leaks --------------------------------------------------------------------------------


def test_public_page_shows_no_private_field_nor_pending_requests(
    client, admin_user, operator_a, opd_a, diajukan
):
    permohonan_buat(opd=opd_a, user=operator_a, nama="DrafRahasiaXYZ", **RAHASIA)
    # An approved development request updates an application with a source location.
    app = Aplikasi.objects.create(
        opd=opd_a, nama="Lama", lokasi_kode_sumber="git.rahasia-xyz.example/repo", **RAHASIA
    )
    dev = permohonan_buat(
        opd=opd_a,
        user=operator_a,
        nama="Baru dikembangkan",
        jenis=JenisPermohonan.PENGEMBANGAN,
        aplikasi=app,
        **RAHASIA,
    )
    _ke(dev, "diajukan", operator_a)
    _ke(Permohonan.objects.get(pk=dev.pk), "disetujui", admin_user)
    _ke(diajukan, "disetujui", admin_user)
    client.logout()
    for q in ("", "rahasia", "10.99", "XYZ", "SIPADU"):
        html = client.get(reverse("publik"), {"q": q}).content.decode()
        assert "SIPADU" in html or q not in ("", "SIPADU")
        for rahasia in ("rahasia-xyz", "10.99.88.77", "HostingRahasiaXYZ", "KebutuhanRahasia"):
            assert rahasia not in html
        assert "DrafRahasiaXYZ" not in html


def test_notes_are_escaped_on_the_detail_page(client, admin_user, operator_a, diajukan):
    client.force_login(admin_user)
    _langkah(client, diajukan, "perlu_perbaikan", "<script>alert(1)</script>")
    client.force_login(operator_a)
    html = client.get(reverse("permohonan:rinci", args=[diajukan.pk])).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


@pytest.mark.parametrize(
    "over",
    [
        {"tahun_pembuatan": "99999999999999999999"},
        {"tahun_pembuatan": "1e400"},
        {"url": "javascript:alert(1)"},
        {"nama": "x" * 5000},
        {"nama": "   "},
        {"basis": "<script>"},
        {"jenis": "pengembangan", "aplikasi": "99999999999999999999999"},
        {"jenis": "pengembangan", "aplikasi": "abc"},
        {"name_server": "\x00"},
        {"deskripsi": "a\x00b"},
    ],
)
def test_hostile_form_values_get_form_errors(client, operator_a, over):
    client.force_login(operator_a)
    r = client.post(reverse("permohonan:buat"), _isian(**over))
    assert r.status_code == 200
    assert r.context["form"].errors
    assert not Permohonan.objects.exists()


def test_huge_ids_are_404(client, admin_user):
    client.force_login(admin_user)
    besar = 99999999999999999999999
    for name in ("rinci", "ubah", "dokumen_unduh"):
        assert client.get(reverse(f"permohonan:{name}", args=[besar])).status_code == 404
    assert client.post(reverse("permohonan:langkah", args=[besar]), {"ke": "x"}).status_code == 404


def test_reviewer_padding_the_step_cannot_submit_for_the_opd(client, admin_user, operator_a, opd_a):
    """The view's side check reads the raw `ke`, the form strips it: the service still checks."""
    p = permohonan_buat(opd=opd_a, user=operator_a)
    client.force_login(admin_user)
    for ke in (" diajukan", "diajukan\n", "\tdiajukan"):
        assert _langkah(client, p, ke).status_code in (302, 403)
    assert _status(p) == StatusPermohonan.DRAF
    assert not LangkahPermohonan.objects.exists()


NUL = "a\x00b"


def test_nul_in_query_params_is_no_500(client, admin_user, diajukan):
    client.force_login(admin_user)
    for url, params in (
        (reverse("permohonan:daftar"), {"status": NUL, "opd": NUL, "halaman": NUL}),
        (reverse("jaringan:gangguan"), {"bulan": NUL, "opd": NUL, "penyebab": NUL}),
        (reverse("jaringan:gangguan_rekap"), {"bulan": NUL}),
        (reverse("jaringan:mrtg_ringkasan"), {"tahun": NUL}),
    ):
        assert client.get(url, params).status_code == 200, url


def test_nul_in_the_public_search_is_no_500(client, diajukan):
    client.logout()
    assert client.get(reverse("publik"), {"q": NUL}).status_code == 200


def test_request_documents_are_not_reachable_through_the_inventory_download(
    client, admin_user, operator_b, diajukan
):
    berkas_ids = list(diajukan.dokumen.values_list("berkas_id", flat=True))
    client.force_login(operator_b)
    for pk in berkas_ids:
        assert client.get(reverse("arsitektur:berkas_unduh", args=[pk])).status_code == 404
    _ke(diajukan, "disetujui", admin_user)  # the SOP becomes the application's document
    for pk in berkas_ids:
        assert client.get(reverse("arsitektur:berkas_unduh", args=[pk])).status_code == 404


def test_an_invalid_note_gets_the_right_message(client, admin_user, diajukan):
    client.force_login(admin_user)
    r = _langkah(client, diajukan, "perlu_perbaikan", "Lengkapi\x00 KAK")
    pesan = [str(m) for m in r.wsgi_request._messages]
    assert _status(diajukan) == StatusPermohonan.DIAJUKAN
    assert pesan and "terlalu panjang" not in pesan[-1]


def test_public_page_and_operator_list_query_counts_are_flat(
    client, admin_user, operator_a, opd_a, django_assert_max_num_queries
):
    from tests.factories import OpdFactory

    def isi(n, awal):
        for i in range(n):
            opd = OpdFactory()
            Aplikasi.objects.create(opd=opd, nama=f"App {awal + i}", name_server="10.0.0.1")
            p = permohonan_buat(opd=opd_a, user=operator_a, nama=f"P {awal + i}")
            if i % 2:
                _ke(p, "diajukan", operator_a)

    isi(2, 0)
    client.force_login(operator_a)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("permohonan:daftar")).status_code == 200
    client.logout()
    with django_assert_max_num_queries(6):
        assert client.get(reverse("publik")).status_code == 200
    isi(20, 2)
    client.force_login(operator_a)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("permohonan:daftar")).status_code == 200
    client.logout()
    with django_assert_max_num_queries(6):
        assert client.get(reverse("publik")).status_code == 200


def test_a_second_save_of_the_same_new_request_is_refused(client, operator_a, opd_a):
    # A double click on "Simpan" (or a second request for an application still under way).
    client.force_login(operator_a)
    pertama = client.post(reverse("permohonan:buat"), _isian(nama="E-Perizinan"))
    kedua = client.post(reverse("permohonan:buat"), _isian(nama="E-Perizinan"))

    assert pertama.status_code == 302
    assert kedua.status_code == 200
    assert "masih berjalan" in kedua.content.decode()
    assert Permohonan.objects.filter(opd=opd_a, nama="E-Perizinan").count() == 1


def test_the_same_name_may_be_requested_again_once_decided(admin_user, operator_a, opd_a):
    pertama = permohonan_buat(opd=opd_a, user=operator_a, nama="E-Perizinan")
    _ke(pertama, "diajukan", operator_a)
    _ke(Permohonan.objects.get(pk=pertama.pk), "ditolak", admin_user, "Belum sesuai RPJMD.")

    kedua = permohonan_buat(opd=opd_a, user=operator_a, nama="E-Perizinan")

    assert kedua.pk != pertama.pk
