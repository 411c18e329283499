"""Every URL of the project × POST × every role, with an evaluator assigned to the
operator's OPD beside one assigned to nothing.

A forbidden POST is refused before anything is written: login (anonymous), 403 (wrong role
or read-only), 404 (another OPD's or an unassigned object), 405 (a page that only reads).
An allowed POST may answer a form error or a redirect, but never 403/404/405 and never 500.
A new URL pattern without an entry here fails `test_every_url_pattern_is_in_the_post_matrix`.
"""

import pytest
from django.urls import get_resolver, reverse

from evaluasi.verifikasi import services as verifikasi_services
from tests.factories import PenggunaFactory
from tests.opd import test_access
from tests.opd.test_access import _names

pytestmark = pytest.mark.django_db

objects = test_access.objects  # the same objects as the GET matrix

ROLES = ("anon", "admin", "operator", "evaluator", "ditugaskan", "pimpinan")
LOGIN, OK, REFUSED = "login", "ok", "refused"  # REFUSED: 403, 404 or 405, or the login page


def _roles(default, **codes):
    return {role: codes.get(role, default) for role in ROLES}


READ_ONLY = _roles(REFUSED)  # pages that only read: every POST is refused
PUBLIC_FORM = _roles(OK)
ADMIN_WRITE = _roles(403, anon=LOGIN, admin=OK)
# OPD-owned objects: the operator's own OPD ("own") and another OPD ("other").
OPERATOR_OWN = _roles(403, anon=LOGIN, operator=OK, evaluator=404, ditugaskan=403)
OPERATOR_OTHER = _roles(403, anon=LOGIN, operator=404, evaluator=404, ditugaskan=404)
REVIEW_OWN = _roles(403, anon=LOGIN, operator=403, evaluator=404, ditugaskan=OK)
REVIEW_OTHER = _roles(403, anon=LOGIN, operator=404, evaluator=404, ditugaskan=404)
ARS_OWN = _roles(403, anon=LOGIN, admin=OK, operator=OK)
ARS_OTHER = _roles(403, anon=LOGIN, admin=OK, operator=404)
REPORT_OWN = _roles(403, anon=LOGIN, admin=OK, operator=403, evaluator=404, ditugaskan=OK)
LOGGED_IN_FORM = _roles(OK, anon=LOGIN)

own = lambda f: {"pk": f["penilaian_a"].pk}  # noqa: E731
other = lambda f: {"pk": f["penilaian_b"].pk}  # noqa: E731

MATRIX = [
    ("beranda", None, READ_ONLY),
    ("healthz", None, READ_ONLY),
    ("publik", None, READ_ONLY),
    ("akun:masuk", None, PUBLIC_FORM),  # a form error, or signed-in users are sent on
    ("akun:keluar", None, _roles(302)),  # logging out is a POST, for everyone
    ("akun:kata_sandi", None, LOGGED_IN_FORM),
    ("akun:surel", None, LOGGED_IN_FORM),
    ("akun:sso_masuk", None, _roles(404)),  # SSO is off unless a test turns it on
    ("akun:sso_kembali", None, _roles(404)),
    ("akun:kata_sandi_selesai", None, READ_ONLY),
    ("akun:reset", None, PUBLIC_FORM),
    ("akun:reset_terkirim", None, READ_ONLY),
    ("akun:reset_konfirmasi", lambda f: {"uidb64": "MQ", "token": "salah"}, PUBLIC_FORM),
    ("akun:reset_selesai", None, READ_ONLY),
    ("log_aktivitas", None, READ_ONLY),
    ("opd:daftar", None, READ_ONLY),
    ("opd:tambah", None, ADMIN_WRITE),
    ("opd:ekspor", None, READ_ONLY),
    ("opd:impor", None, ADMIN_WRITE),
    ("opd:impor_konfirmasi", None, ADMIN_WRITE),
    ("opd:detail", lambda f: {"pk": f["own"].pk}, READ_ONLY),
    ("opd:imporjob_detail", lambda f: {"pk": f["imporjob"].pk}, READ_ONLY),
    ("opd:imporjob_konfirmasi", lambda f: {"pk": f["imporjob"].pk}, ADMIN_WRITE),
    ("opd:imporjob_ulang", lambda f: {"pk": f["imporjob"].pk}, ADMIN_WRITE),
    # Another admin's upload: 404 even for an admin.
    (
        "opd:imporjob_konfirmasi",
        lambda f: {"pk": f["imporjob_admin_lain"].pk},
        {**ADMIN_WRITE, "admin": 404},
    ),
    (
        "opd:imporjob_ulang",
        lambda f: {"pk": f["imporjob_admin_lain"].pk},
        {**ADMIN_WRITE, "admin": 404},
    ),
    (
        "opd:ubah",
        lambda f: {"pk": f["own"].pk},
        _roles(403, anon=LOGIN, admin=OK, evaluator=404, ditugaskan=404),
    ),
    (
        "opd:ubah",
        lambda f: {"pk": f["other"].pk},
        _roles(403, anon=LOGIN, admin=OK, operator=404, evaluator=404, ditugaskan=404),
    ),
    ("pengguna:daftar", None, READ_ONLY),
    ("pengguna:tambah", None, ADMIN_WRITE),
    ("pengguna:impor", None, ADMIN_WRITE),
    ("pengguna:impor_konfirmasi", None, ADMIN_WRITE),
    ("pengguna:ubah", lambda f: {"pk": f["user_b"].pk}, ADMIN_WRITE),
    ("pengguna:kata_sandi", lambda f: {"pk": f["user_b"].pk}, ADMIN_WRITE),
    ("pengguna:kirim_tautan", lambda f: {"pk": f["user_b"].pk}, ADMIN_WRITE),
    ("evaluasi:beranda", None, READ_ONLY),
    ("evaluasi:instrumen_daftar", None, READ_ONLY),
    ("evaluasi:instrumen_detail", lambda f: {"pk": f["instrumen"].pk}, READ_ONLY),
    ("evaluasi:instrumen_ekspor", lambda f: {"pk": f["instrumen"].pk}, READ_ONLY),
    ("evaluasi:padanan", None, READ_ONLY),
    (
        "evaluasi:padanan_ekspor",
        lambda f: {"asal": f["instrumen"].pk, "tujuan": f["instrumen_pemdi"].pk},
        READ_ONLY,
    ),
    ("evaluasi:padanan_impor", None, ADMIN_WRITE),
    ("evaluasi:padanan_konfirmasi", None, ADMIN_WRITE),
    ("evaluasi:instrumen_impor", None, ADMIN_WRITE),
    ("evaluasi:instrumen_salin", lambda f: {"pk": f["instrumen"].pk}, ADMIN_WRITE),
    ("evaluasi:instrumen_bawaan", lambda f: {"pk": f["instrumen"].pk}, ADMIN_WRITE),
    ("evaluasi:kriteria_ubah", lambda f: {"pk": f["kriteria"].pk}, ADMIN_WRITE),
    ("evaluasi:simulasi", None, LOGGED_IN_FORM),
    ("evaluasi:simulasi_hitung", None, LOGGED_IN_FORM),
    ("evaluasi:periode_pilih", None, LOGGED_IN_FORM),  # the switcher: the user's own session
    ("evaluasi:periode_tambah", None, ADMIN_WRITE),
    ("evaluasi:periode_detail", lambda f: {"pk": f["periode"].pk}, READ_ONLY),
    ("evaluasi:periode_ubah", lambda f: {"pk": f["periode"].pk}, ADMIN_WRITE),
    ("evaluasi:periode_lanjut", lambda f: {"pk": f["periode"].pk}, ADMIN_WRITE),
    ("evaluasi:periode_mundur", lambda f: {"pk": f["periode"].pk}, ADMIN_WRITE),
    ("evaluasi:pengingat", lambda f: {"pk": f["periode"].pk}, ADMIN_WRITE),
    ("evaluasi:hasil_nasional", lambda f: {"pk": f["periode"].pk}, ADMIN_WRITE),
    ("evaluasi:hasil_nasional_templat", lambda f: {"pk": f["periode"].pk}, READ_ONLY),
    ("evaluasi:hasil_nasional_konfirmasi", lambda f: {"pk": f["periode"].pk}, ADMIN_WRITE),
    ("evaluasi:penugasan", lambda f: {"pk": f["periode"].pk}, ADMIN_WRITE),
    ("evaluasi:penilaian_detail", own, READ_ONLY),
    # The role is checked before the object: 403 for every non-admin, own OPD or not.
    ("evaluasi:penilaian_tidak_berlaku", own, ADMIN_WRITE),
    ("evaluasi:penilaian_tidak_berlaku", other, ADMIN_WRITE),
    ("evaluasi:penilaian_ajukan", own, OPERATOR_OWN),
    ("evaluasi:penilaian_ajukan", other, OPERATOR_OTHER),
    ("evaluasi:penilaian_tanda_terima", own, READ_ONLY),
    ("evaluasi:penilaian_riwayat", own, READ_ONLY),
    ("evaluasi:jawaban", lambda f: {**own(f), "nomor": 1}, OPERATOR_OWN),
    ("evaluasi:jawaban", lambda f: {**other(f), "nomor": 1}, OPERATOR_OTHER),
    ("evaluasi:bukti_unggah", lambda f: {**own(f), "nomor": 1}, OPERATOR_OWN),
    ("evaluasi:bukti_unggah", lambda f: {**other(f), "nomor": 1}, OPERATOR_OTHER),
    ("evaluasi:bukti_unduh", lambda f: {"pk": f["bukti_a"].pk}, READ_ONLY),
    ("evaluasi:bukti_hapus", lambda f: {"pk": f["bukti_a"].pk}, OPERATOR_OWN),
    ("evaluasi:bukti_hapus", lambda f: {"pk": f["bukti_b"].pk}, OPERATOR_OTHER),
    ("evaluasi:bukti_pulihkan", lambda f: {"pk": f["bukti_a"].pk}, OPERATOR_OWN),
    ("evaluasi:bukti_pulihkan", lambda f: {"pk": f["bukti_b"].pk}, OPERATOR_OTHER),
    ("evaluasi:bukti_validasi", lambda f: {"pk": f["bukti_a"].pk}, REVIEW_OWN),
    ("evaluasi:bukti_validasi", lambda f: {"pk": f["bukti_b"].pk}, REVIEW_OTHER),
    ("evaluasi:reviu_grid", own, READ_ONLY),
    ("evaluasi:berita_acara", lambda f: {"pk": f["berita_acara_a"].pk}, READ_ONLY),
    # A draft is not reviewed yet: the assigned evaluator is refused with the reason.
    ("evaluasi:reviu_baris", lambda f: {**own(f), "nomor": 1}, {**REVIEW_OWN, "ditugaskan": 403}),
    ("evaluasi:reviu_baris", lambda f: {**other(f), "nomor": 1}, REVIEW_OTHER),
    (
        "evaluasi:reviu_butir",
        lambda f: {**own(f), "nomor": 1, "butir": f["butir"].pk},
        {**REVIEW_OWN, "ditugaskan": 403},
    ),
    (
        "evaluasi:reviu_butir",
        lambda f: {**other(f), "nomor": 1, "butir": f["butir"].pk},
        REVIEW_OTHER,
    ),
    ("evaluasi:reviu", lambda f: {**own(f), "nomor": 1}, REVIEW_OWN),
    ("evaluasi:reviu", lambda f: {**other(f), "nomor": 1}, REVIEW_OTHER),
    ("evaluasi:perbaikan", own, REVIEW_OWN),
    ("evaluasi:perbaikan", other, REVIEW_OTHER),
    # Assigned, but a draft cannot be finalized: 403 with the reason.
    ("evaluasi:finalkan", own, {**REVIEW_OWN, "ditugaskan": 403}),
    ("evaluasi:finalkan", other, REVIEW_OTHER),
    ("evaluasi:buka_kembali", own, ADMIN_WRITE),
    ("evaluasi:dashboard", None, READ_ONLY),
    ("evaluasi:hasil", own, READ_ONLY),
    # Queues the recap workbook: Admin and Pimpinan, the latter only once published.
    ("evaluasi:rekap_xlsx", lambda f: {"pk": f["periode"].pk}, _roles(403, anon=LOGIN, admin=OK)),
    ("evaluasi:laporan_daftar", None, READ_ONLY),
    ("evaluasi:laporan_detail", lambda f: {"pk": f["laporan_rekap"].pk}, READ_ONLY),
    ("evaluasi:laporan_unduh", lambda f: {"pk": f["laporan_rekap"].pk}, READ_ONLY),
    ("evaluasi:laporan_minta_opd", own, REPORT_OWN),
    (
        "evaluasi:laporan_minta_opd",
        other,
        _roles(403, anon=LOGIN, admin=OK, operator=404, evaluator=404, ditugaskan=404),
    ),
    (
        "evaluasi:laporan_minta_periode",
        lambda f: {"pk": f["periode"].pk},
        _roles(404, anon=LOGIN, admin=OK, pimpinan=403),
    ),
    (
        "evaluasi:laporan_ulang",
        lambda f: {"pk": f["laporan_rekap"].pk},
        _roles(404, anon=LOGIN, admin=OK, pimpinan=403),
    ),
    (
        "evaluasi:paket_nasional",
        lambda f: {"pk": f["periode"].pk},
        _roles(404, anon=LOGIN, admin=OK, pimpinan=403),
    ),
    (
        "evaluasi:laporan_ulang",
        lambda f: {"pk": f["laporan_paket"].pk},
        _roles(404, anon=LOGIN, admin=OK, pimpinan=403),
    ),
    # Evidence archives: Admin, the OPD's operators and the evaluator assigned to it; of the
    # penilaian instansi, Admin and every evaluator. Pimpinan 403.
    (
        "evaluasi:arsip_bukti_penilaian",
        own,
        _roles(403, anon=LOGIN, admin=OK, operator=OK, evaluator=404, ditugaskan=OK),
    ),
    ("evaluasi:arsip_bukti_penilaian", other, _roles(404, anon=LOGIN, admin=OK, pimpinan=403)),
    (
        "evaluasi:arsip_bukti_instansi",
        lambda f: {"pk": f["periode"].pk},
        _roles(OK, anon=LOGIN, operator=404, pimpinan=403),
    ),
    # The penilaian instansi: opd_a holds `butir`, opd_b `butir_lain` (see the GET matrix).
    ("evaluasi:pengampu", lambda f: {"pk": f["periode"].pk}, ADMIN_WRITE),
    ("evaluasi:pengampu_ekspor", lambda f: {"pk": f["periode"].pk}, READ_ONLY),
    ("evaluasi:instansi", lambda f: {"pk": f["periode"].pk}, READ_ONLY),
    (
        "evaluasi:instansi_indikator",
        lambda f: {"pk": f["periode"].pk, "nomor": 1},
        _roles(403, anon=LOGIN, admin=OK, operator=404),
    ),
    # An empty POST names no action: 400 for whoever may act on the item.
    (
        "evaluasi:instansi_butir",
        lambda f: {"pk": f["periode"].pk, "butir_pk": f["butir"].pk},
        _roles(400, anon=LOGIN, pimpinan=403),
    ),
    (
        "evaluasi:instansi_butir",
        lambda f: {"pk": f["periode"].pk, "butir_pk": f["butir_lain"].pk},
        _roles(400, anon=LOGIN, operator=404, pimpinan=403),
    ),
    ("evaluasi:instansi_berkas_unduh", lambda f: {"pk": f["berkas_instansi_a"].pk}, READ_ONLY),
    (
        "evaluasi:instansi_berkas_hapus",
        lambda f: {"pk": f["berkas_instansi_a"].pk},
        _roles(403, anon=LOGIN, operator=OK),
    ),
    (
        "evaluasi:instansi_berkas_hapus",
        lambda f: {"pk": f["berkas_instansi_b"].pk},
        _roles(403, anon=LOGIN, operator=404),
    ),
    # The evidence library (see the GET matrix for the documents). An operator's empty POST to
    # the library is a form error; linking names no document: 404.
    ("evaluasi:pustaka", None, _roles(403, anon=LOGIN, admin=OK, operator=OK)),
    (
        "evaluasi:dokumen",
        lambda f: {"pk": f["dokumen_a"].pk},
        _roles(403, anon=LOGIN, admin=OK, operator=OK),
    ),
    (
        "evaluasi:dokumen",
        lambda f: {"pk": f["dokumen_b"].pk},
        _roles(404, anon=LOGIN, admin=OK, pimpinan=403),
    ),
    (
        "evaluasi:dokumen",
        lambda f: {"pk": f["dokumen_rahasia_a"].pk},
        _roles(403, anon=LOGIN, admin=OK, operator=OK, evaluator=404, pimpinan=404),
    ),
    (
        "evaluasi:dokumen_versi_tambah",
        lambda f: {"pk": f["dokumen_a"].pk},
        _roles(403, anon=LOGIN, admin=OK, operator=OK),
    ),
    (
        "evaluasi:dokumen_versi_tambah",
        lambda f: {"pk": f["dokumen_b"].pk},
        _roles(404, anon=LOGIN, admin=OK, pimpinan=403),
    ),
    (
        "evaluasi:dokumen_versi_unduh",
        lambda f: {"pk": f["dokumen_a"].versi.get().pk},
        READ_ONLY,
    ),
    (
        "evaluasi:bukti_tautkan",
        lambda f: {**own(f), "nomor": 1},
        _roles(403, anon=LOGIN, operator=404, evaluator=404, ditugaskan=403),
    ),
    ("evaluasi:bukti_tautkan", lambda f: {**other(f), "nomor": 1}, OPERATOR_OTHER),
    ("evaluasi:usulan_buat", own, OPERATOR_OWN),
    ("evaluasi:usulan_buat", other, OPERATOR_OTHER),
    ("evaluasi:usulan_semua", own, OPERATOR_OWN),
    ("evaluasi:usulan_semua", other, OPERATOR_OTHER),
    ("evaluasi:usulan_putuskan", lambda f: {"pk": f["usulan_a"].pk}, OPERATOR_OWN),
    ("evaluasi:usulan_putuskan", lambda f: {"pk": f["usulan_b"].pk}, OPERATOR_OTHER),
    ("arsitektur:beranda", None, READ_ONLY),
    ("arsitektur:opd", lambda f: {"pk": f["own"].pk}, ARS_OWN),
    ("arsitektur:opd", lambda f: {"pk": f["other"].pk}, ARS_OTHER),
    ("arsitektur:aplikasi_tambah", lambda f: {"opd_pk": f["own"].pk}, ARS_OWN),
    ("arsitektur:aplikasi_tambah", lambda f: {"opd_pk": f["other"].pk}, ARS_OTHER),
    ("arsitektur:aplikasi_ubah", lambda f: {"pk": f["aplikasi_b"].pk}, ARS_OTHER),
    ("arsitektur:aplikasi_impor", None, ADMIN_WRITE),
    ("arsitektur:aplikasi_impor_konfirmasi", None, ADMIN_WRITE),
    ("arsitektur:talenta_tambah", lambda f: {"opd_pk": f["own"].pk}, ARS_OWN),
    ("arsitektur:talenta_tambah", lambda f: {"opd_pk": f["other"].pk}, ARS_OTHER),
    ("arsitektur:talenta_ubah", lambda f: {"pk": f["talenta_b"].pk}, ARS_OTHER),
    ("arsitektur:berkas_unduh", lambda f: {"pk": f["aplikasi_b"].dokumen_id}, READ_ONLY),
    ("tpp:beranda", None, READ_ONLY),
    ("tpp:aturan_tambah", None, ADMIN_WRITE),
    ("tpp:aturan_ubah", lambda f: {"tahun": f["aturan"].tahun}, ADMIN_WRITE),
    ("tpp:pegawai", None, READ_ONLY),
    ("tpp:ekspor", None, READ_ONLY),
    ("tpp:pegawai_impor", None, ADMIN_WRITE),
    ("tpp:pegawai_impor_konfirmasi", None, ADMIN_WRITE),
]


def test_every_url_pattern_is_in_the_post_matrix():
    names = {n for n in _names(get_resolver()) if not n.startswith(test_access.PER_BAGIAN)}
    assert names == {name for name, _, _ in MATRIX}


@pytest.fixture
def personas_post(personas, objects, admin_user):
    ditugaskan = PenggunaFactory(username="evaluator.ditugaskan", peran="evaluator")
    verifikasi_services.penugasan_add(
        periode=objects["periode"], evaluator=ditugaskan, opds=[objects["own"]], user=admin_user
    )
    return {**personas, "ditugaskan": ditugaskan}


def _refused(response) -> bool:
    if response.status_code == 302:
        return response.url.startswith(reverse("akun:masuk"))
    return response.status_code in (403, 404, 405)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    ("name", "kwargs", "expected"), MATRIX, ids=lambda v: v if isinstance(v, str) else ""
)
def test_post_status_per_role(client, personas_post, objects, role, name, kwargs, expected):
    if role != "anon":
        client.force_login(personas_post[role])
    url = reverse(name, kwargs=kwargs(objects) if kwargs else None)

    response = client.post(url, {})

    want = expected[role]
    if want == LOGIN:
        assert response.status_code == 302, f"{role} POST {url}"
        assert response.url.startswith(reverse("akun:masuk") + "?next=")
    elif want == REFUSED:
        assert _refused(response), f"{role} POST {url}: {response.status_code}"
    elif want == OK:
        assert not _refused(response), f"{role} POST {url}: {response.status_code}"
        assert response.status_code < 500
    else:
        assert response.status_code == want, f"{role} POST {url}"
