"""Every URL of the project × every role × anonymous, including other OPDs' objects.

A new URL pattern without an entry here fails `test_every_url_pattern_is_in_the_matrix`.
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from opd.models import Opd

pytestmark = pytest.mark.django_db

ROLES = ("anon", "admin", "operator", "evaluator", "pimpinan")
LOGIN = "login"  # anonymous → redirect to the login page


def _all(code):
    return dict.fromkeys(ROLES[1:], code)


ADMIN_ONLY = {"anon": LOGIN, "admin": 200, "operator": 403, "evaluator": 403, "pimpinan": 403}
ADMIN_ONLY_POST = {"anon": LOGIN, "admin": 405, "operator": 403, "evaluator": 403, "pimpinan": 403}
LOGGED_IN = {"anon": LOGIN, **_all(200)}
PUBLIC = {"anon": 200, **_all(200)}
# Objects of the operator's own OPD (opd_a) and of another OPD (opd_b): evaluators have no
# assigned OPDs yet, so both are outside their scope.
OWN_OPD = {"anon": LOGIN, "admin": 200, "operator": 200, "evaluator": 404, "pimpinan": 200}
OTHER_OPD = {"anon": LOGIN, "admin": 200, "operator": 404, "evaluator": 404, "pimpinan": 200}
# A confidential document of opd_a: its operators and Admins only (no evaluator is assigned).
RAHASIA_OWN = {"anon": LOGIN, "admin": 200, "operator": 200, "evaluator": 404, "pimpinan": 404}
TPP_READERS = {"anon": LOGIN, "admin": 200, "operator": 403, "evaluator": 403, "pimpinan": 200}
# Architecture pages: evaluators have no such menu (403); pimpinan read but never write.
ARS_OWN = {"anon": LOGIN, "admin": 200, "operator": 200, "evaluator": 403, "pimpinan": 200}
ARS_OTHER = {"anon": LOGIN, "admin": 200, "operator": 404, "evaluator": 403, "pimpinan": 200}
ARS_WRITE_OWN = {"anon": LOGIN, "admin": 200, "operator": 200, "evaluator": 403, "pimpinan": 403}
ARS_WRITE_OTHER = {"anon": LOGIN, "admin": 200, "operator": 404, "evaluator": 403, "pimpinan": 403}

# (url name, kwargs builder, expected GET status per role). "own" = operator_a's OPD (opd_a),
# "other" = opd_b, which belongs to another operator.
MATRIX = [
    # Pimpinan land on the results dashboard once a period exists; the others on Tugas saya.
    (
        "beranda",
        None,
        {"anon": LOGIN, "admin": 200, "operator": 200, "evaluator": 200, "pimpinan": 302},
    ),
    ("healthz", None, PUBLIC),
    ("akun:masuk", None, {"anon": 200, **_all(302)}),
    ("akun:keluar", None, {"anon": 405, **_all(405)}),
    ("akun:kata_sandi", None, LOGGED_IN),
    ("akun:surel", None, LOGGED_IN),
    ("akun:kata_sandi_selesai", None, LOGGED_IN),
    ("akun:reset", None, PUBLIC),
    ("akun:reset_terkirim", None, PUBLIC),
    ("akun:reset_konfirmasi", lambda f: {"uidb64": "MQ", "token": "salah-token"}, PUBLIC),
    ("akun:reset_selesai", None, PUBLIC),
    # SSO is off in tests unless a test turns it on (tests/opd/test_sso.py): both are 404.
    ("akun:sso_masuk", None, {"anon": 404, **_all(404)}),
    ("akun:sso_kembali", None, {"anon": 404, **_all(404)}),
    ("opd:daftar", None, ADMIN_ONLY),
    ("opd:tambah", None, ADMIN_ONLY),
    ("opd:ekspor", None, ADMIN_ONLY),
    ("opd:impor", None, ADMIN_ONLY),
    ("opd:impor_konfirmasi", None, ADMIN_ONLY_POST),
    # A background import job is seen by the admin who uploaded the file only.
    ("opd:imporjob_detail", lambda f: {"pk": f["imporjob"].pk}, ADMIN_ONLY),
    (
        "opd:imporjob_detail",
        lambda f: {"pk": f["imporjob_admin_lain"].pk},
        {"anon": LOGIN, "admin": 404, "operator": 403, "evaluator": 403, "pimpinan": 403},
    ),
    ("opd:imporjob_konfirmasi", lambda f: {"pk": f["imporjob"].pk}, ADMIN_ONLY_POST),
    ("opd:imporjob_ulang", lambda f: {"pk": f["imporjob"].pk}, ADMIN_ONLY_POST),
    (
        "opd:detail",
        lambda f: {"pk": f["own"].pk},
        {"anon": LOGIN, "admin": 200, "operator": 200, "evaluator": 404, "pimpinan": 200},
    ),
    (
        "opd:detail",
        lambda f: {"pk": f["other"].pk},
        {"anon": LOGIN, "admin": 200, "operator": 404, "evaluator": 404, "pimpinan": 200},
    ),
    ("opd:detail", lambda f: {"pk": 999999}, {"anon": LOGIN, **_all(404)}),
    (
        "opd:ubah",
        lambda f: {"pk": f["own"].pk},
        {"anon": LOGIN, "admin": 200, "operator": 403, "evaluator": 404, "pimpinan": 403},
    ),
    (
        "opd:ubah",
        lambda f: {"pk": f["other"].pk},
        {"anon": LOGIN, "admin": 200, "operator": 404, "evaluator": 404, "pimpinan": 403},
    ),
    ("pengguna:daftar", None, ADMIN_ONLY),
    ("pengguna:tambah", None, ADMIN_ONLY),
    ("pengguna:impor", None, ADMIN_ONLY),
    ("pengguna:impor_konfirmasi", None, ADMIN_ONLY_POST),
    ("pengguna:ubah", lambda f: {"pk": f["user_b"].pk}, ADMIN_ONLY),
    ("pengguna:kata_sandi", lambda f: {"pk": f["user_b"].pk}, ADMIN_ONLY),
    ("pengguna:kirim_tautan", lambda f: {"pk": f["user_b"].pk}, ADMIN_ONLY_POST),
    ("log_aktivitas", None, ADMIN_ONLY),
    ("evaluasi:instrumen_daftar", None, LOGGED_IN),
    ("evaluasi:instrumen_detail", lambda f: {"pk": f["instrumen"].pk}, LOGGED_IN),
    ("evaluasi:instrumen_detail", lambda f: {"pk": 999999}, {"anon": LOGIN, **_all(404)}),
    ("evaluasi:instrumen_ekspor", lambda f: {"pk": f["instrumen"].pk}, LOGGED_IN),
    ("evaluasi:instrumen_impor", None, ADMIN_ONLY),
    ("evaluasi:instrumen_salin", lambda f: {"pk": f["instrumen"].pk}, ADMIN_ONLY_POST),
    ("evaluasi:instrumen_bawaan", lambda f: {"pk": f["instrumen"].pk}, ADMIN_ONLY_POST),
    ("evaluasi:kriteria_ubah", lambda f: {"pk": f["kriteria"].pk}, ADMIN_ONLY),
    # The crosswalk between instruments: reference data every role reads; Admins replace it.
    ("evaluasi:padanan", None, LOGGED_IN),
    (
        "evaluasi:padanan_ekspor",
        lambda f: {"asal": f["instrumen"].pk, "tujuan": f["instrumen_pemdi"].pk},
        LOGGED_IN,
    ),
    (
        "evaluasi:padanan_ekspor",
        lambda f: {"asal": f["instrumen"].pk, "tujuan": 999999},
        {"anon": LOGIN, **_all(404)},
    ),
    ("evaluasi:padanan_impor", None, ADMIN_ONLY),
    ("evaluasi:padanan_konfirmasi", None, ADMIN_ONLY_POST),
    (
        "evaluasi:kriteria_ubah",
        lambda f: {"pk": f["kriteria_terkunci"].pk},
        {"anon": LOGIN, **_all(403)},
    ),
    ("evaluasi:simulasi", None, LOGGED_IN),
    ("evaluasi:simulasi_hitung", None, {"anon": LOGIN, **_all(405)}),
    ("evaluasi:periode_pilih", None, {"anon": LOGIN, **_all(405)}),  # POST only
    ("evaluasi:periode_tambah", None, ADMIN_ONLY),
    ("evaluasi:periode_detail", lambda f: {"pk": f["periode"].pk}, ADMIN_ONLY),
    ("evaluasi:periode_ubah", lambda f: {"pk": f["periode"].pk}, ADMIN_ONLY),
    ("evaluasi:periode_lanjut", lambda f: {"pk": f["periode"].pk}, ADMIN_ONLY_POST),
    ("evaluasi:periode_mundur", lambda f: {"pk": f["periode"].pk}, ADMIN_ONLY_POST),
    ("evaluasi:pengingat", lambda f: {"pk": f["periode"].pk}, ADMIN_ONLY),
    ("evaluasi:hasil_nasional", lambda f: {"pk": f["periode"].pk}, ADMIN_ONLY),
    ("evaluasi:hasil_nasional_templat", lambda f: {"pk": f["periode"].pk}, ADMIN_ONLY),
    ("evaluasi:hasil_nasional_konfirmasi", lambda f: {"pk": f["periode"].pk}, ADMIN_ONLY_POST),
    ("evaluasi:penilaian_detail", lambda f: {"pk": f["penilaian_a"].pk}, OWN_OPD),
    ("evaluasi:penilaian_detail", lambda f: {"pk": f["penilaian_b"].pk}, OTHER_OPD),
    ("evaluasi:penilaian_tidak_berlaku", lambda f: {"pk": f["penilaian_a"].pk}, ADMIN_ONLY),
    (
        "evaluasi:penilaian_ajukan",
        lambda f: {"pk": f["penilaian_a"].pk},
        {"anon": LOGIN, **_all(405)},
    ),
    # Not submitted yet: no receipt (403) for those who may read it.
    (
        "evaluasi:penilaian_tanda_terima",
        lambda f: {"pk": f["penilaian_a"].pk},
        {"anon": LOGIN, "admin": 403, "operator": 403, "evaluator": 404, "pimpinan": 403},
    ),
    (
        "evaluasi:penilaian_tanda_terima",
        lambda f: {"pk": f["penilaian_b"].pk},
        {"anon": LOGIN, "admin": 403, "operator": 404, "evaluator": 404, "pimpinan": 403},
    ),
    ("evaluasi:jawaban", lambda f: {"pk": f["penilaian_a"].pk, "nomor": 1}, OWN_OPD),
    ("evaluasi:jawaban", lambda f: {"pk": f["penilaian_b"].pk, "nomor": 1}, OTHER_OPD),
    (
        "evaluasi:jawaban",
        lambda f: {"pk": f["penilaian_a"].pk, "nomor": 99},
        {"anon": LOGIN, **_all(404)},
    ),
    (
        "evaluasi:bukti_unggah",
        lambda f: {"pk": f["penilaian_a"].pk, "nomor": 1},
        {"anon": LOGIN, **_all(405)},
    ),
    ("evaluasi:bukti_unduh", lambda f: {"pk": f["bukti_a"].pk}, OWN_OPD),
    ("evaluasi:bukti_unduh", lambda f: {"pk": f["bukti_b"].pk}, OTHER_OPD),
    ("evaluasi:bukti_hapus", lambda f: {"pk": f["bukti_a"].pk}, {"anon": LOGIN, **_all(405)}),
    ("evaluasi:bukti_pulihkan", lambda f: {"pk": f["bukti_a"].pk}, {"anon": LOGIN, **_all(405)}),
    ("evaluasi:penugasan", lambda f: {"pk": f["periode"].pk}, ADMIN_ONLY),
    # Both indices: only to whoever may see final results (not published yet here).
    (
        "evaluasi:berita_acara",
        lambda f: {"pk": f["berita_acara_a"].pk},
        {"anon": LOGIN, "admin": 200, "operator": 403, "evaluator": 404, "pimpinan": 403},
    ),
    (
        "evaluasi:berita_acara",
        lambda f: {"pk": f["berita_acara_b"].pk},
        {"anon": LOGIN, "admin": 200, "operator": 404, "evaluator": 404, "pimpinan": 403},
    ),
    (
        "evaluasi:reviu_grid",
        lambda f: {"pk": f["penilaian_a"].pk},
        {"anon": LOGIN, "admin": 200, "operator": 403, "evaluator": 404, "pimpinan": 403},
    ),
    (
        "evaluasi:reviu_grid",
        lambda f: {"pk": f["penilaian_b"].pk},
        {"anon": LOGIN, "admin": 200, "operator": 404, "evaluator": 404, "pimpinan": 403},
    ),
    (
        "evaluasi:reviu_baris",
        lambda f: {"pk": f["penilaian_a"].pk, "nomor": 1},
        {"anon": LOGIN, **_all(405)},
    ),
    (
        "evaluasi:reviu_butir",
        lambda f: {"pk": f["penilaian_a"].pk, "nomor": 1, "butir": f["butir"].pk},
        {"anon": LOGIN, **_all(405)},
    ),
    (
        "evaluasi:reviu",
        lambda f: {"pk": f["penilaian_a"].pk, "nomor": 1},
        {"anon": LOGIN, "admin": 200, "operator": 403, "evaluator": 404, "pimpinan": 403},
    ),
    (
        "evaluasi:reviu",
        lambda f: {"pk": f["penilaian_b"].pk, "nomor": 1},
        {"anon": LOGIN, "admin": 200, "operator": 404, "evaluator": 404, "pimpinan": 403},
    ),
    (
        "evaluasi:perbaikan",
        lambda f: {"pk": f["penilaian_a"].pk},
        {"anon": LOGIN, "admin": 403, "operator": 403, "evaluator": 404, "pimpinan": 403},
    ),
    (
        "evaluasi:perbaikan",
        lambda f: {"pk": f["penilaian_b"].pk},
        {"anon": LOGIN, "admin": 403, "operator": 404, "evaluator": 404, "pimpinan": 403},
    ),
    ("evaluasi:finalkan", lambda f: {"pk": f["penilaian_a"].pk}, {"anon": LOGIN, **_all(405)}),
    ("evaluasi:buka_kembali", lambda f: {"pk": f["penilaian_a"].pk}, ADMIN_ONLY),
    ("evaluasi:penilaian_riwayat", lambda f: {"pk": f["penilaian_a"].pk}, OWN_OPD),
    ("evaluasi:penilaian_riwayat", lambda f: {"pk": f["penilaian_b"].pk}, OTHER_OPD),
    ("evaluasi:bukti_validasi", lambda f: {"pk": f["bukti_a"].pk}, {"anon": LOGIN, **_all(405)}),
    (
        "evaluasi:dashboard",
        None,
        {"anon": LOGIN, "admin": 200, "operator": 403, "evaluator": 403, "pimpinan": 200},
    ),
    # Before publication pimpinan sees progress only, not an OPD's results page.
    (
        "evaluasi:hasil",
        lambda f: {"pk": f["penilaian_a"].pk},
        {"anon": LOGIN, "admin": 200, "operator": 200, "evaluator": 404, "pimpinan": 403},
    ),
    (
        "evaluasi:hasil",
        lambda f: {"pk": f["penilaian_b"].pk},
        {"anon": LOGIN, "admin": 200, "operator": 404, "evaluator": 404, "pimpinan": 403},
    ),
    (
        "evaluasi:laporan_minta_opd",
        lambda f: {"pk": f["penilaian_a"].pk},
        {"anon": LOGIN, **_all(405)},
    ),
    (
        "evaluasi:laporan_minta_periode",
        lambda f: {"pk": f["periode"].pk},
        {"anon": LOGIN, **_all(405)},
    ),
    (
        "evaluasi:paket_nasional",
        lambda f: {"pk": f["periode"].pk},
        {"anon": LOGIN, **_all(405)},
    ),
    # The national package is the Koordinator's (Admin): pimpinan 403 even once published.
    (
        "evaluasi:laporan_detail",
        lambda f: {"pk": f["laporan_paket"].pk},
        {"anon": LOGIN, "admin": 200, "operator": 404, "evaluator": 404, "pimpinan": 403},
    ),
    (
        "evaluasi:laporan_unduh",
        lambda f: {"pk": f["laporan_paket"].pk},
        {"anon": LOGIN, "admin": 200, "operator": 404, "evaluator": 404, "pimpinan": 403},
    ),
    # Evidence archives (every file, confidential ones included): requested by POST only; the
    # job of opd_a's penilaian for Admin and opd_a's operator (the evaluator here is assigned
    # to nothing), opd_b's for Admin only, the penilaian instansi's for Admin and every
    # evaluator. Pimpinan never: 403.
    (
        "evaluasi:arsip_bukti_penilaian",
        lambda f: {"pk": f["penilaian_a"].pk},
        {"anon": LOGIN, **_all(405)},
    ),
    (
        "evaluasi:arsip_bukti_instansi",
        lambda f: {"pk": f["periode"].pk},
        {"anon": LOGIN, **_all(405)},
    ),
    (
        "evaluasi:laporan_detail",
        lambda f: {"pk": f["laporan_arsip_a"].pk},
        {"anon": LOGIN, "admin": 200, "operator": 200, "evaluator": 404, "pimpinan": 403},
    ),
    (
        "evaluasi:laporan_unduh",
        lambda f: {"pk": f["laporan_arsip_a"].pk},
        {"anon": LOGIN, "admin": 200, "operator": 200, "evaluator": 404, "pimpinan": 403},
    ),
    (
        "evaluasi:laporan_unduh",
        lambda f: {"pk": f["laporan_arsip_b"].pk},
        {"anon": LOGIN, "admin": 200, "operator": 404, "evaluator": 404, "pimpinan": 403},
    ),
    (
        "evaluasi:laporan_detail",
        lambda f: {"pk": f["laporan_arsip_instansi"].pk},
        {"anon": LOGIN, "admin": 200, "operator": 404, "evaluator": 200, "pimpinan": 403},
    ),
    (
        "evaluasi:laporan_unduh",
        lambda f: {"pk": f["laporan_arsip_instansi"].pk},
        {"anon": LOGIN, "admin": 200, "operator": 404, "evaluator": 200, "pimpinan": 403},
    ),
    (  # POST only (it queues a report job); other roles are refused before that
        "evaluasi:rekap_xlsx",
        lambda f: {"pk": f["periode"].pk},
        {"anon": LOGIN, "admin": 405, "operator": 403, "evaluator": 403, "pimpinan": 405},
    ),
    ("evaluasi:laporan_daftar", None, LOGGED_IN),
    (
        "evaluasi:laporan_detail",
        lambda f: {"pk": f["laporan_rekap"].pk},
        {"anon": LOGIN, "admin": 200, "operator": 404, "evaluator": 404, "pimpinan": 403},
    ),
    (
        "evaluasi:laporan_unduh",
        lambda f: {"pk": f["laporan_rekap"].pk},
        {"anon": LOGIN, "admin": 200, "operator": 404, "evaluator": 404, "pimpinan": 403},
    ),
    (
        "evaluasi:laporan_detail",
        lambda f: {"pk": f["laporan_b"].pk},
        {"anon": LOGIN, "admin": 200, "operator": 404, "evaluator": 404, "pimpinan": 403},
    ),
    (
        "evaluasi:laporan_ulang",
        lambda f: {"pk": f["laporan_rekap"].pk},
        {"anon": LOGIN, **_all(405)},
    ),
    (
        "evaluasi:beranda",
        None,
        {"anon": LOGIN, "admin": 200, "operator": 200, "evaluator": 200, "pimpinan": 403},
    ),
    # Operators go straight to their own OPD's architecture page.
    (
        "arsitektur:beranda",
        None,
        {"anon": LOGIN, "admin": 200, "operator": 302, "evaluator": 403, "pimpinan": 200},
    ),
    (
        "tpp:beranda",
        None,
        {"anon": LOGIN, "admin": 200, "operator": 403, "evaluator": 403, "pimpinan": 200},
    ),
    ("tpp:aturan_tambah", None, ADMIN_ONLY),
    ("tpp:aturan_ubah", lambda f: {"tahun": f["aturan"].tahun}, ADMIN_ONLY),
    ("tpp:pegawai", None, TPP_READERS),
    ("tpp:ekspor", None, TPP_READERS),
    ("tpp:pegawai_impor", None, ADMIN_ONLY),
    ("tpp:pegawai_impor_konfirmasi", None, ADMIN_ONLY_POST),
    ("arsitektur:opd", lambda f: {"pk": f["own"].pk}, ARS_OWN),
    ("arsitektur:opd", lambda f: {"pk": f["other"].pk}, ARS_OTHER),
    ("arsitektur:aplikasi_tambah", lambda f: {"opd_pk": f["own"].pk}, ARS_WRITE_OWN),
    ("arsitektur:aplikasi_tambah", lambda f: {"opd_pk": f["other"].pk}, ARS_WRITE_OTHER),
    ("arsitektur:aplikasi_ubah", lambda f: {"pk": f["aplikasi_b"].pk}, ARS_WRITE_OTHER),
    ("arsitektur:aplikasi_impor", None, ADMIN_ONLY),
    ("arsitektur:aplikasi_impor_konfirmasi", None, ADMIN_ONLY_POST),
    ("arsitektur:talenta_tambah", lambda f: {"opd_pk": f["own"].pk}, ARS_WRITE_OWN),
    ("arsitektur:talenta_ubah", lambda f: {"pk": f["talenta_b"].pk}, ARS_WRITE_OTHER),
    ("arsitektur:berkas_unduh", lambda f: {"pk": f["aplikasi_b"].dokumen_id}, ARS_OTHER),
    ("publik", None, PUBLIC),
    # The penilaian instansi: operator_a's OPD holds indicator 1 (and `butir`), opd_b holds
    # indicator 2 (and `butir_lain`); every evaluator is on the asesor team.
    ("evaluasi:pengampu", lambda f: {"pk": f["periode"].pk}, ADMIN_ONLY),
    ("evaluasi:pengampu_ekspor", lambda f: {"pk": f["periode"].pk}, ADMIN_ONLY),
    ("evaluasi:instansi", lambda f: {"pk": f["periode"].pk}, LOGGED_IN),
    ("evaluasi:instansi", lambda f: {"pk": 999999}, {"anon": LOGIN, **_all(404)}),
    (
        "evaluasi:instansi_indikator",
        lambda f: {"pk": f["periode"].pk, "nomor": 1},
        {"anon": LOGIN, "admin": 200, "operator": 404, "evaluator": 200, "pimpinan": 200},
    ),
    (
        "evaluasi:instansi_butir",
        lambda f: {"pk": f["periode"].pk, "butir_pk": f["butir"].pk},
        LOGGED_IN,
    ),
    (
        "evaluasi:instansi_butir",
        lambda f: {"pk": f["periode"].pk, "butir_pk": f["butir_lain"].pk},
        {"anon": LOGIN, "admin": 200, "operator": 404, "evaluator": 200, "pimpinan": 200},
    ),
    ("evaluasi:instansi_berkas_unduh", lambda f: {"pk": f["berkas_instansi_a"].pk}, LOGGED_IN),
    (
        "evaluasi:instansi_berkas_unduh",
        lambda f: {"pk": f["berkas_instansi_b"].pk},
        {"anon": LOGIN, "admin": 200, "operator": 404, "evaluator": 200, "pimpinan": 200},
    ),
    (
        "evaluasi:instansi_berkas_hapus",
        lambda f: {"pk": f["berkas_instansi_a"].pk},
        {"anon": LOGIN, **_all(405)},
    ),
    # The evidence library: dokumen_a is opd_a's (also used in the penilaian instansi, so every
    # evaluator sees it), dokumen_b is opd_b's, dokumen_rahasia_a is opd_a's and confidential.
    ("evaluasi:pustaka", None, LOGGED_IN),
    ("evaluasi:dokumen", lambda f: {"pk": f["dokumen_a"].pk}, LOGGED_IN),
    ("evaluasi:dokumen", lambda f: {"pk": f["dokumen_b"].pk}, OTHER_OPD),
    ("evaluasi:dokumen", lambda f: {"pk": f["dokumen_rahasia_a"].pk}, RAHASIA_OWN),
    ("evaluasi:dokumen", lambda f: {"pk": 999999}, {"anon": LOGIN, **_all(404)}),
    (
        "evaluasi:dokumen_versi_unduh",
        lambda f: {"pk": f["dokumen_rahasia_a"].versi.get().pk},
        RAHASIA_OWN,
    ),
    ("evaluasi:dokumen_versi_unduh", lambda f: {"pk": f["dokumen_b"].versi.get().pk}, OTHER_OPD),
    (
        "evaluasi:dokumen_versi_tambah",
        lambda f: {"pk": f["dokumen_a"].pk},
        {"anon": LOGIN, **_all(405)},
    ),
    (
        "evaluasi:bukti_tautkan",
        lambda f: {"pk": f["penilaian_a"].pk, "nomor": 1},
        {"anon": LOGIN, **_all(405)},
    ),
    # Starting from last year: every action is a POST.
    ("evaluasi:usulan_buat", lambda f: {"pk": f["penilaian_a"].pk}, {"anon": LOGIN, **_all(405)}),
    ("evaluasi:usulan_semua", lambda f: {"pk": f["penilaian_a"].pk}, {"anon": LOGIN, **_all(405)}),
    ("evaluasi:usulan_putuskan", lambda f: {"pk": f["usulan_a"].pk}, {"anon": LOGIN, **_all(405)}),
]
# Django's own admin site guards itself (staff/superuser only) and is not a portal page.
EXCLUDED_NAMESPACES = {"admin"}


def _names(resolver, prefix=""):
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace in EXCLUDED_NAMESPACES:
                continue
            ns = f"{prefix}{entry.namespace}:" if entry.namespace else prefix
            yield from _names(entry, ns)
        elif isinstance(entry, URLPattern) and entry.name:
            yield prefix + entry.name


# Namespaces whose matrices live per part in tests/<namespace>/matriks_<part>.py, driven by
# tests/test_akses_bagian.py.
PER_BAGIAN = ("tindak:", "jaringan:", "permohonan:")


def test_every_url_pattern_is_in_the_matrix():
    names = {n for n in _names(get_resolver()) if not n.startswith(PER_BAGIAN)}
    assert names == {name for name, _, _ in MATRIX}


@pytest.fixture
def objects(
    admin_user,
    opd_a,
    opd_b,
    operator_b,
    instrumen,
    instrumen_pemdi,
    instrumen_terkunci,
    periode,
    bukti_a,
    bukti_b,
):
    from pathlib import Path

    from django.conf import settings

    from evaluasi.models import BeritaAcara, KriteriaLevel, LaporanJob

    target = Path(settings.PRIVATE_ROOT) / "laporan" / "uji.pdf"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(b"%PDF-1.4 uji")
    laporan = {
        jenis: LaporanJob.objects.create(
            jenis=jenis,
            periode=periode,
            penilaian=penilaian,
            peminta=admin_user,
            status="selesai",
            path="laporan/uji.pdf",
            nama_berkas="uji.pdf",
        )
        for jenis, penilaian in (
            ("rekap", None),
            ("opd", periode.penilaian.get(opd=opd_b)),
            ("paket", None),
        )
    }
    laporan_arsip = {
        nama: LaporanJob.objects.create(
            jenis="arsip",
            periode=periode,
            penilaian=penilaian,
            peminta=admin_user,
            status="selesai",
            path="laporan/uji.pdf",
            nama_berkas="arsip.zip",
        )
        for nama, penilaian in (
            ("a", periode.penilaian.get(opd=opd_a)),
            ("b", periode.penilaian.get(opd=opd_b)),
            ("instansi", None),
        )
    }
    from arsitektur import services as ars
    from arsitektur.models import Aplikasi, TalentaDigital
    from tests.conftest import PDF_BYTES
    from tpp import rules
    from tpp.services import aturan_save

    aplikasi_b = ars.aplikasi_save(
        aplikasi=Aplikasi(opd=opd_b, nama="SIMPEG"), user=admin_user, dokumen=(PDF_BYTES, "sop.pdf")
    )
    talenta_b = TalentaDigital.objects.create(
        opd=opd_b, nama="Ani", keahlian="Business Process Engineer", lembaga="LSP", tahun=2024
    )
    aturan = aturan_save(
        aturan=None,
        tahun=periode.tahun_tpp,
        periode=periode,
        dasar_hukum="SK",
        persen=dict(rules.PERSENTASE_BAWAAN),
    )
    from opd.models import ImporJob
    from tests.factories import PenggunaFactory

    imporjob, imporjob_admin_lain = (
        ImporJob.objects.create(
            jenis="pegawai",
            tahap="pratinjau",
            nama_berkas="pegawai.csv",
            token="0" * 32,
            pengunggah=pengunggah,
            total=400,
        )
        for pengunggah in (admin_user, PenggunaFactory(username="admin.lain", peran="admin"))
    )
    from evaluasi.models import Butir

    # An item of indicator 1 (the period's instrument has none of its own; written directly,
    # as the instrument is frozen).
    butir = Butir.objects.create(
        indikator=periode.instrumen.indikator.get(nomor=1), level=1, nomor=1, teks="Butir uji"
    )
    from evaluasi.instansi import services as instansi_services

    butir_lain = Butir.objects.create(
        indikator=periode.instrumen.indikator.get(nomor=2), level=1, nomor=1, teks="Butir lain"
    )
    instansi = instansi_services.penilaian_instansi_buat(periode=periode)
    for opd, butir_opd in ((opd_a, butir), (opd_b, butir_lain)):
        instansi_services.pengampu_atur(
            periode=periode,
            indikator=butir_opd.indikator,
            butir=None,
            opd_ids={opd.pk},
            user=admin_user,
        )
    berkas_instansi = {
        opd.pk: instansi_services.berkas_unggah(
            penilaian=instansi,
            butir=butir_opd,
            opd_id=opd.pk,
            user=admin_user,
            data=PDF_BYTES,
            nama="bukti.pdf",
        )
        for opd, butir_opd in ((opd_a, butir), (opd_b, butir_lain))
    }
    from evaluasi.dokumen import services as dokumen_services

    dokumen_rahasia_a = dokumen_services.dokumen_buat(
        opd_id=opd_a.pk,
        user=admin_user,
        data=PDF_BYTES + b"%rahasia",
        nama="audit.pdf",
        judul="Laporan audit keamanan",
        rahasia=True,
    )
    from evaluasi.models import Usulan

    usulan = {
        opd.pk: Usulan.objects.create(
            penilaian=periode.penilaian.get(opd=opd),
            indikator=periode.instrumen.indikator.get(nomor=1),
            dari_tahun=periode.tahun - 1,
            penjelasan="Usulan dari tahun lalu.",
        )
        for opd in (opd_a, opd_b)
    }
    return {
        "usulan_a": usulan[opd_a.pk],
        "usulan_b": usulan[opd_b.pk],
        "dokumen_a": bukti_a.versi.dokumen,
        "dokumen_b": bukti_b.versi.dokumen,
        "dokumen_rahasia_a": dokumen_rahasia_a,
        "butir": butir,
        "butir_lain": butir_lain,
        "berkas_instansi_a": berkas_instansi[opd_a.pk],
        "berkas_instansi_b": berkas_instansi[opd_b.pk],
        "imporjob": imporjob,
        "imporjob_admin_lain": imporjob_admin_lain,
        "aplikasi_b": aplikasi_b,
        "talenta_b": talenta_b,
        "aturan": aturan,
        "laporan_rekap": laporan["rekap"],
        "laporan_b": laporan["opd"],
        "laporan_paket": laporan["paket"],
        "laporan_arsip_a": laporan_arsip["a"],
        "laporan_arsip_b": laporan_arsip["b"],
        "laporan_arsip_instansi": laporan_arsip["instansi"],
        "berita_acara_a": BeritaAcara.objects.create(
            penilaian=periode.penilaian.get(opd=opd_a), jenis="final", oleh=admin_user
        ),
        "berita_acara_b": BeritaAcara.objects.create(
            penilaian=periode.penilaian.get(opd=opd_b), jenis="final", oleh=admin_user
        ),
        "periode": periode,
        "penilaian_a": periode.penilaian.get(opd=opd_a),
        "penilaian_b": periode.penilaian.get(opd=opd_b),
        "bukti_a": bukti_a,
        "bukti_b": bukti_b,
        "own": opd_a,
        "other": opd_b,
        "user_b": operator_b,
        "instrumen": instrumen,
        "instrumen_pemdi": instrumen_pemdi,
        # The period froze `instrumen`; the Pemdi example is still editable.
        "kriteria": KriteriaLevel.objects.filter(indikator__instrumen=instrumen_pemdi).first(),
        "kriteria_terkunci": KriteriaLevel.objects.filter(
            indikator__instrumen=instrumen_terkunci
        ).first(),
    }


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    ("name", "kwargs", "expected"), MATRIX, ids=lambda v: v if isinstance(v, str) else ""
)
def test_get_status_per_role(client, personas, objects, role, name, kwargs, expected):
    if role != "anon":
        client.force_login(personas[role])
    url = reverse(name, kwargs=kwargs(objects) if kwargs else None)

    response = client.get(url)

    want = expected[role]
    if want == LOGIN:
        assert response.status_code == 302
        assert response.url.startswith(reverse("akun:masuk") + "?next=")
    else:
        assert response.status_code == want, f"{role} GET {url}"


def test_403_page_says_why_in_indonesian(client, pimpinan):
    client.force_login(pimpinan)

    response = client.get(reverse("opd:daftar"))

    assert response.status_code == 403
    assert "Peran Anda tidak berwenang membuka halaman ini." in response.content.decode()


@pytest.mark.parametrize(
    ("role", "target", "expected"),
    [
        ("operator", "own", 403),
        ("operator", "other", 404),
        ("evaluator", "own", 404),
        ("pimpinan", "own", 403),
    ],
)
def test_post_to_edit_opd_is_refused_and_changes_nothing(
    client, personas, objects, role, target, expected
):
    client.force_login(personas[role])
    opd = objects[target]
    data = {"kode": opd.kode, "nama": "Nama Diganti", "jenis": "Dinas", "urutan": 1, "aktif": "on"}

    response = client.post(reverse("opd:ubah", kwargs={"pk": opd.pk}), data)

    assert response.status_code == expected
    opd.refresh_from_db()
    assert opd.nama != "Nama Diganti"


@pytest.mark.parametrize("role", ["operator", "evaluator", "pimpinan"])
def test_non_admin_cannot_create_opd_or_users(client, personas, role):
    client.force_login(personas[role])
    before = (Opd.objects.count(), personas[role].__class__.objects.count())

    r1 = client.post(
        reverse("opd:tambah"), {"kode": "Z-1", "nama": "OPD Baru", "jenis": "Dinas", "urutan": 1}
    )
    r2 = client.post(
        reverse("pengguna:tambah"),
        {"username": "baru", "nama": "Baru", "peran": "admin", "is_active": "on"},
    )

    assert (r1.status_code, r2.status_code) == (403, 403)
    assert (Opd.objects.count(), personas[role].__class__.objects.count()) == before


def test_operator_posting_another_users_account_gets_403(client, operator_a, operator_b):
    client.force_login(operator_a)

    response = client.post(reverse("pengguna:kata_sandi", kwargs={"pk": operator_b.pk}), {})

    assert response.status_code == 403


def test_sidebar_shows_only_what_the_role_may_use(client, personas):
    expected = {
        "admin": [
            "Beranda",
            "Dasbor hasil",
            "Evaluasi SPBE",
            "Pustaka dokumen",
            "Tindak lanjut",
            "Instrumen",
            "Simulasi Indeks",
            "Laporan",
            "Arsitektur",
            "Jaringan",
            "Permohonan aplikasi",
            "TPP",
            "Data Master",
            "Pengguna",
            "Log aktivitas",
        ],
        "operator": [
            "Beranda",
            "Evaluasi SPBE",
            "Pustaka dokumen",
            "Tindak lanjut",
            "Instrumen",
            "Simulasi Indeks",
            "Arsitektur",
            "Jaringan",
            "Permohonan aplikasi",
        ],
        "evaluator": [
            "Beranda",
            "Evaluasi SPBE",
            "Pustaka dokumen",
            "Tindak lanjut",
            "Instrumen",
            "Simulasi Indeks",
            "Laporan",
        ],
        "pimpinan": [
            "Beranda",
            "Dasbor hasil",
            "Pustaka dokumen",
            "Tindak lanjut",
            "Instrumen",
            "Simulasi Indeks",
            "Laporan",
            "Arsitektur",
            "Jaringan",
            "Permohonan aplikasi",
            "TPP",
        ],
    }
    for role, labels in expected.items():
        client.force_login(personas[role])
        menu = client.get(reverse("beranda")).context["menu"]
        assert [entry["item"].label for entry in menu] == labels, role
