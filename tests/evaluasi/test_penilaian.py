"""Self-assessment: periods, answers, evidence, conflicts, enforcement, submission, history."""

from datetime import timedelta
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from evaluasi.galat import Konflik
from evaluasi.models import (
    Bukti,
    Instrumen,
    Jawaban,
    JenisRiwayat,
    Penilaian,
    Periode,
    Riwayat,
    StatusPenilaian,
    StatusPeriode,
)
from evaluasi.penilaian import berkas
from evaluasi.penilaian import services as penilaian_services
from evaluasi.verifikasi import services as verifikasi_services
from tests.conftest import PDF_BYTES
from tests.factories import OpdFactory, PenggunaFactory

pytestmark = pytest.mark.django_db
KONFIRMASI = {"konfirmasi": "ya"}


def _jawaban_url(penilaian, nomor=1):
    return reverse("evaluasi:jawaban", kwargs={"pk": penilaian.pk, "nomor": nomor})


def _answer(level=3, penjelasan="Sudah ditetapkan untuk seluruh bidang.", tautan="", versi=0):
    return {"level": level, "penjelasan": penjelasan, "tautan": tautan, "versi": versi}


def _fill(penilaian, user, numbers, level=3):
    for ind in penilaian.periode.instrumen.indikator.filter(nomor__in=numbers):
        penilaian_services.jawaban_save(
            penilaian=penilaian,
            indikator=ind,
            user=user,
            level=level,
            penjelasan="Penjelasan.",
            tautan=[],
            versi=0,
        )


def _upload(client, penilaian, name, data, nomor=1):
    url = reverse("evaluasi:bukti_unggah", kwargs={"pk": penilaian.pk, "nomor": nomor})
    return client.post(url, {"berkas": SimpleUploadedFile(name, data)}, follow=True)


def _stored_files(settings) -> list[Path]:
    root = Path(settings.PRIVATE_ROOT) / "bukti"
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


# --- Periode --------------------------------------------------------------------------------


def test_opening_a_period_creates_one_penilaian_per_active_opd_idempotently(instrumen):
    OpdFactory.create_batch(3)
    OpdFactory(aktif=False)
    today = timezone.localdate()
    periode = penilaian_services.periode_create(
        data={
            "nama": "Evaluasi 2026",
            "tahun": 2026,
            "instrumen": instrumen,
            "mulai_pengisian": today,
            "batas_pengisian": today,
            "batas_verifikasi": today,
            "tahun_tpp": 2027,
        }
    )
    assert Instrumen.objects.get(pk=instrumen.pk).terkunci  # used by a period → frozen
    assert periode.penilaian.count() == 0

    periode, created = penilaian_services.periode_advance(periode=periode)

    assert (periode.status, created) == (StatusPeriode.PENGISIAN, 3)
    assert penilaian_services.penilaian_create_all(periode=periode) == 0
    assert Penilaian.objects.filter(periode=periode).count() == 3


def test_admin_creates_and_advances_a_period_through_the_pages(
    client, admin_user, instrumen, opd_a
):
    client.force_login(admin_user)
    data = {
        "nama": "Evaluasi SPBE OPD – 2025",
        "tahun": 2025,
        "instrumen": instrumen.pk,
        "mulai_pengisian": "2025-01-01",
        "batas_pengisian": "2025-11-30",
        "batas_verifikasi": "2025-12-20",
        "tahun_tpp": 2026,
    }

    response = client.post(reverse("evaluasi:periode_tambah"), data)
    periode = Periode.objects.get(tahun=2025)
    assert response.url == reverse("evaluasi:periode_detail", kwargs={"pk": periode.pk})

    advance = client.post(
        reverse("evaluasi:periode_lanjut", kwargs={"pk": periode.pk}),
        {"dari": "persiapan", "konfirmasi": "ya"},
        follow=True,
    )
    assert "Status periode menjadi Pengisian. 1 penilaian OPD dibuat." in advance.content.decode()
    # A stale button (the period moved on meanwhile) changes nothing.
    client.post(
        reverse("evaluasi:periode_lanjut", kwargs={"pk": periode.pk}),
        {"dari": "persiapan", "konfirmasi": "ya"},
    )
    assert Periode.objects.get(pk=periode.pk).status == StatusPeriode.PENGISIAN


def test_period_dates_are_validated(client, admin_user, instrumen):
    client.force_login(admin_user)
    data = {
        "nama": "X",
        "tahun": 2025,
        "instrumen": instrumen.pk,
        "mulai_pengisian": "2025-05-01",
        "batas_pengisian": "2025-04-01",
        "batas_verifikasi": "2025-03-01",
        "tahun_tpp": 2026,
    }

    html = client.post(reverse("evaluasi:periode_tambah"), data).content.decode()

    assert "Batas pengisian harus sesudah tanggal mulai." in html
    assert not Periode.objects.filter(tahun=2025).exists()


# --- Answers --------------------------------------------------------------------------------


def test_operator_saves_an_answer_without_javascript(client, operator_a, penilaian_a):
    client.force_login(operator_a)

    response = client.post(_jawaban_url(penilaian_a), _answer(tautan="https://drive.google.com/x"))

    assert response.status_code == 302
    jawaban = Jawaban.objects.get(penilaian=penilaian_a, indikator__nomor=1)
    assert (jawaban.level, jawaban.versi, jawaban.daftar_tautan) == (
        3,
        1,
        ["https://drive.google.com/x"],
    )
    penilaian_a.refresh_from_db()
    assert penilaian_a.kemajuan > 0 and penilaian_a.indeks_mandiri is not None


def test_htmx_save_returns_the_form_with_saved_time_and_records_history(
    client, operator_a, penilaian_a
):
    client.force_login(operator_a)
    client.post(_jawaban_url(penilaian_a), _answer(level=2))

    response = client.post(
        _jawaban_url(penilaian_a),
        _answer(level=3, penjelasan="Diperbarui.", versi=1),
        HTTP_HX_REQUEST="true",
    )

    html = response.content.decode()
    assert response.status_code == 200 and "<html" not in html
    assert "Tersimpan pukul" in html
    assert 'id="riwayat" hx-swap-oob="true"' in html and "Diperbarui." in html
    history = list(Riwayat.objects.filter(penilaian=penilaian_a, indikator__nomor=1).order_by("pk"))
    assert [(h.jenis, h.sebelum, h.sesudah) for h in history] == [
        ("level", "", "2"),
        ("penjelasan", "", "Sudah ditetapkan untuk seluruh bidang."),
        ("level", "2", "3"),
        ("penjelasan", "Sudah ditetapkan untuk seluruh bidang.", "Diperbarui."),
    ]
    assert all(h.pengguna == operator_a for h in history)
    page = client.get(_jawaban_url(penilaian_a)).content.decode()
    assert "Riwayat perubahan" in page and "Diperbarui." in page


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"level": "", "penjelasan": "x"}, "Pilih salah satu level."),
        ({"level": 7, "penjelasan": "x"}, "Level harus salah satu dari 1–5."),
        ({"level": 3, "penjelasan": ""}, "Penjelasan wajib diisi"),
        ({"level": 3, "penjelasan": "x", "tautan": "drive.google.com/x"}, "Alamat tidak sah"),
    ],
)
def test_invalid_answers_are_refused_and_nothing_changes(
    client, operator_a, penilaian_a, data, message
):
    client.force_login(operator_a)

    response = client.post(_jawaban_url(penilaian_a), {"versi": 0, "tautan": "", **data})

    assert message in response.content.decode()
    assert not Jawaban.objects.filter(penilaian=penilaian_a).exists()


def test_second_stale_save_gets_a_conflict_with_the_newer_values(
    client, operator_a, penilaian_a, opd_a
):
    colleague = PenggunaFactory(opd=opd_a, nama="Rekan Operator")
    client.force_login(colleague)
    client.post(_jawaban_url(penilaian_a), _answer(level=4, penjelasan="Versi rekan."))
    client.force_login(operator_a)

    response = client.post(
        _jawaban_url(penilaian_a),
        _answer(level=2, penjelasan="Versi saya."),
        HTTP_HX_REQUEST="true",
    )

    html = response.content.decode()
    assert response.status_code == 409
    assert "sudah diubah orang lain" in html and "Rekan Operator" in html and "Versi rekan." in html
    assert "Versi saya." in html  # the user's input is kept, not lost
    assert (
        Jawaban.objects.get(penilaian=penilaian_a, indikator__nomor=1).penjelasan == "Versi rekan."
    )
    # Saving again from the refreshed form (now at version 1) is a deliberate overwrite.
    again = client.post(
        _jawaban_url(penilaian_a), _answer(level=2, penjelasan="Versi saya.", versi=1)
    )
    assert again.status_code == 302
    assert Jawaban.objects.get(penilaian=penilaian_a, indikator__nomor=1).level == 2


def test_conflict_is_detected_by_the_service_too(operator_a, penilaian_a):
    indikator = penilaian_a.periode.instrumen.indikator.get(nomor=5)
    args = {"penilaian": penilaian_a, "indikator": indikator, "user": operator_a, "tautan": []}
    penilaian_services.jawaban_save(**args, level=1, penjelasan="a", versi=0)

    with pytest.raises(Konflik) as excinfo:
        penilaian_services.jawaban_save(**args, level=2, penjelasan="b", versi=0)

    assert excinfo.value.jawaban.penjelasan == "a"


# --- Scope: another OPD's objects -----------------------------------------------------------


def test_operator_cannot_touch_another_opds_penilaian(client, operator_a, penilaian_b, bukti_b):
    client.force_login(operator_a)
    before = (Jawaban.objects.count(), Bukti.objects.count(), Riwayat.objects.count())

    responses = [
        client.get(reverse("evaluasi:penilaian_detail", kwargs={"pk": penilaian_b.pk})),
        client.get(_jawaban_url(penilaian_b)),
        client.post(_jawaban_url(penilaian_b), _answer()),
        _upload(client, penilaian_b, "a.pdf", PDF_BYTES + b"x"),
        client.get(reverse("evaluasi:bukti_unduh", kwargs={"pk": bukti_b.pk})),
        client.post(reverse("evaluasi:bukti_hapus", kwargs={"pk": bukti_b.pk})),
        client.post(reverse("evaluasi:bukti_pulihkan", kwargs={"pk": bukti_b.pk})),
        client.post(
            reverse("evaluasi:penilaian_ajukan", kwargs={"pk": penilaian_b.pk}), KONFIRMASI
        ),
    ]

    assert [r.status_code for r in responses] == [404] * len(responses)
    assert (Jawaban.objects.count(), Bukti.objects.count(), Riwayat.objects.count()) == before
    assert Bukti.objects.get(pk=bukti_b.pk).dihapus_pada is None


@pytest.mark.parametrize("role", ["admin_user", "pimpinan"])
def test_other_roles_cannot_fill_a_penilaian(client, request, role, penilaian_a):
    client.force_login(request.getfixturevalue(role))

    response = client.post(_jawaban_url(penilaian_a), _answer())

    assert response.status_code == 403
    assert "Hanya operator OPD ini" in response.content.decode()
    assert not Jawaban.objects.exists()


# --- Server-side enforcement of the window and status ---------------------------------------


def _close_by(situation, penilaian):
    periode = penilaian.periode
    today = timezone.localdate()
    if situation == "periode_verifikasi":
        Periode.objects.filter(pk=periode.pk).update(status=StatusPeriode.VERIFIKASI)
    elif situation == "periode_persiapan":
        Periode.objects.filter(pk=periode.pk).update(status=StatusPeriode.PERSIAPAN)
    elif situation == "lewat_batas":
        Periode.objects.filter(pk=periode.pk).update(
            mulai_pengisian=today - timedelta(days=60), batas_pengisian=today - timedelta(days=1)
        )
    elif situation == "belum_mulai":
        Periode.objects.filter(pk=periode.pk).update(mulai_pengisian=today + timedelta(days=1))
    elif situation == "sudah_diajukan":
        Penilaian.objects.filter(pk=penilaian.pk).update(status=StatusPenilaian.DIAJUKAN)


SITUATIONS = [
    ("periode_verifikasi", "tidak sedang dalam tahap pengisian"),
    ("periode_persiapan", "tidak sedang dalam tahap pengisian"),
    ("lewat_batas", "sudah lewat"),
    ("belum_mulai", "belum dimulai"),
    ("sudah_diajukan", "sudah diajukan"),
]


@pytest.mark.parametrize(("situation", "message"), SITUATIONS)
def test_every_write_endpoint_refuses_outside_the_window(
    client, operator_a, penilaian_a, bukti_a, situation, message
):
    client.force_login(operator_a)
    _close_by(situation, penilaian_a)
    before = (Jawaban.objects.count(), Bukti.objects.count(), Riwayat.objects.count())

    responses = {
        "simpan": client.post(_jawaban_url(penilaian_a, 2), _answer()),
        "simpan_htmx": client.post(_jawaban_url(penilaian_a, 2), _answer(), HTTP_HX_REQUEST="true"),
        "unggah": client.post(
            reverse("evaluasi:bukti_unggah", kwargs={"pk": penilaian_a.pk, "nomor": 2}),
            {"berkas": SimpleUploadedFile("a.pdf", PDF_BYTES + b"new")},
        ),
        "hapus": client.post(reverse("evaluasi:bukti_hapus", kwargs={"pk": bukti_a.pk})),
        "pulihkan": client.post(reverse("evaluasi:bukti_pulihkan", kwargs={"pk": bukti_a.pk})),
        "ajukan": client.post(
            reverse("evaluasi:penilaian_ajukan", kwargs={"pk": penilaian_a.pk}), KONFIRMASI
        ),
    }

    for name, response in responses.items():
        assert response.status_code == 403, name
        assert message in response.content.decode(), name
    assert (Jawaban.objects.count(), Bukti.objects.count(), Riwayat.objects.count()) == before
    assert Bukti.objects.get(pk=bukti_a.pk).dihapus_pada is None


def test_not_applicable_indicator_cannot_be_answered(client, admin_user, operator_a, penilaian_a):
    client.force_login(admin_user)
    ind45 = penilaian_a.periode.instrumen.indikator.get(nomor=45)
    client.post(
        reverse("evaluasi:penilaian_tidak_berlaku", kwargs={"pk": penilaian_a.pk}),
        {"indikator": [ind45.pk], "alasan": "Tidak ada layanan sektor 1"},
    )
    client.force_login(operator_a)

    response = client.post(_jawaban_url(penilaian_a, 45), _answer())

    assert response.status_code == 403
    assert "tidak berlaku" in response.content.decode()
    assert Riwayat.objects.filter(jenis=JenisRiwayat.TIDAK_BERLAKU, indikator=ind45).exists()


# --- Evidence -------------------------------------------------------------------------------


def test_upload_keeps_the_name_stores_under_a_random_private_name_and_downloads(
    client, operator_a, penilaian_a, settings
):
    client.force_login(operator_a)

    response = _upload(client, penilaian_a, "SK Tim Koordinasi.pdf", PDF_BYTES)

    assert "SK Tim Koordinasi.pdf diunggah." in response.content.decode()
    bukti = Bukti.objects.get()
    assert bukti.nama_asli == "SK Tim Koordinasi.pdf" and bukti.jenis == "application/pdf"
    assert "Koordinasi" not in bukti.path and bukti.path.endswith(".pdf")
    stored = Path(settings.PRIVATE_ROOT) / bukti.path
    assert stored.read_bytes() == PDF_BYTES
    assert not str(stored).startswith(str(settings.MEDIA_ROOT))
    download = client.get(reverse("evaluasi:bukti_unduh", kwargs={"pk": bukti.pk}))
    assert b"".join(download.streaming_content) == PDF_BYTES
    assert download["Content-Disposition"].startswith("attachment;")
    assert "SK%20Tim%20Koordinasi.pdf" in download["Content-Disposition"]
    assert download["X-Content-Type-Options"] == "nosniff"
    preview = client.get(reverse("evaluasi:bukti_unduh", kwargs={"pk": bukti.pk}) + "?pratinjau=1")
    assert preview["Content-Disposition"].startswith("inline;")
    assert preview["X-Frame-Options"] == "SAMEORIGIN"


def test_nginx_mode_hands_the_download_to_the_web_server(client, operator_a, bukti_a, settings):
    settings.SENDFILE_MODE = "nginx"
    client.force_login(operator_a)

    response = client.get(reverse("evaluasi:bukti_unduh", kwargs={"pk": bukti_a.pk}))

    assert response["X-Accel-Redirect"] == "/_private/" + bukti_a.path
    assert response.content == b""


def test_identical_reupload_is_detected(client, operator_a, penilaian_a, bukti_a):
    client.force_login(operator_a)

    response = _upload(client, penilaian_a, "salinan.pdf", PDF_BYTES)

    assert "sama persis dengan SK A.pdf" in response.content.decode()
    assert Bukti.objects.count() == 1


BAD_FILES = [
    ("program.pdf", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\xff\xff", "Jenis berkas tidak diizinkan"),
    ("halaman.png", b"<!doctype html><script>alert(1)</script>", "Jenis berkas tidak diizinkan"),
    ("kosong.pdf", b"", "kosong"),
    # Django cuts a 300-character name to 255 before we see it; still too long for us.
    (
        "a" * 296 + ".pdf",
        PDF_BYTES,
        "Nama berkas terlalu panjang (255 karakter); paling banyak 200",
    ),
]


@pytest.mark.parametrize(("name", "data", "message"), BAD_FILES)
def test_bad_files_are_refused_with_a_clear_message_and_nothing_stored(
    client, operator_a, penilaian_a, settings, name, data, message
):
    client.force_login(operator_a)

    response = _upload(client, penilaian_a, name, data)

    assert message in response.content.decode()
    assert not Bukti.objects.exists()
    assert _stored_files(settings) == []


def test_oversize_file_is_refused(client, operator_a, penilaian_a, settings):
    settings.BUKTI_MAX_BYTES = 1024
    client.force_login(operator_a)

    response = _upload(client, penilaian_a, "besar.pdf", PDF_BYTES + b"0" * 2048)

    assert (
        "berkas terlalu besar; batasnya 0 MB" in response.content.decode()
        or "terlalu besar" in response.content.decode()
    )
    assert not Bukti.objects.exists() and _stored_files(settings) == []


def test_name_with_path_separators_is_refused_by_the_service(operator_a, penilaian_a, settings):
    indikator = penilaian_a.periode.instrumen.indikator.get(nomor=1)

    with pytest.raises(berkas.BerkasDitolak, match="garis miring"):
        penilaian_services.bukti_upload(
            penilaian=penilaian_a,
            indikator=indikator,
            user=operator_a,
            data=PDF_BYTES,
            nama="../../etc/passwd.pdf",
        )

    assert not Bukti.objects.exists() and _stored_files(settings) == []


def test_removal_is_soft_and_restorable(client, operator_a, penilaian_a, bukti_a, settings):
    client.force_login(operator_a)

    client.post(reverse("evaluasi:bukti_hapus", kwargs={"pk": bukti_a.pk}))
    bukti_a.refresh_from_db()
    assert bukti_a.dihapus_pada is not None
    assert (Path(settings.PRIVATE_ROOT) / bukti_a.path).exists()  # the file itself stays
    page = client.get(_jawaban_url(penilaian_a)).content.decode()
    assert "Berkas yang dihapus (1)" in page

    client.post(reverse("evaluasi:bukti_pulihkan", kwargs={"pk": bukti_a.pk}))
    bukti_a.refresh_from_db()
    assert bukti_a.dihapus_pada is None
    assert [r.sesudah for r in Riwayat.objects.filter(jenis=JenisRiwayat.BUKTI).order_by("pk")] == [
        "diunggah: SK A.pdf",
        "dihapus: SK A.pdf",
        "dipulihkan: SK A.pdf",
    ]


# --- Submission -----------------------------------------------------------------------------


def test_submit_is_refused_while_incomplete(client, operator_a, penilaian_a):
    _fill(penilaian_a, operator_a, range(1, 47))
    client.force_login(operator_a)

    response = client.post(
        reverse("evaluasi:penilaian_ajukan", kwargs={"pk": penilaian_a.pk}),
        KONFIRMASI,
        follow=True,
    )

    assert (
        "belum dapat diajukan: indikator 47 belum memiliki level, penjelasan, "
        "dan bukti pendukungnya" in response.content.decode()
    )
    assert Penilaian.objects.get(pk=penilaian_a.pk).status == StatusPenilaian.DRAFT


def test_submit_locks_editing_notifies_evaluators_and_offers_a_receipt(
    client,
    operator_a,
    penilaian_a,
    evaluator,
    admin_user,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    from pypdf import PdfReader

    verifikasi_services.penugasan_add(
        periode=penilaian_a.periode, evaluator=evaluator, opds=[penilaian_a.opd], user=admin_user
    )
    PenggunaFactory(peran="evaluator", opd=None)  # active but not assigned to this OPD: not told
    _fill(penilaian_a, operator_a, range(1, 47))
    ind47 = penilaian_a.periode.instrumen.indikator.get(nomor=47)
    penilaian_services.tidak_berlaku_set(
        penilaian=penilaian_a, indikator=[ind47], user=admin_user, alasan=""
    )
    client.force_login(operator_a)
    _upload(client, penilaian_a, "SK.pdf", PDF_BYTES + b"%receipt", nomor=46)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("evaluasi:penilaian_ajukan", kwargs={"pk": penilaian_a.pk}), KONFIRMASI)

    penilaian_a.refresh_from_db()
    assert penilaian_a.status == StatusPenilaian.DIAJUKAN
    assert penilaian_a.diajukan_oleh == operator_a and penilaian_a.diajukan_pada is not None
    assert [m.to for m in mailoutbox] == [[evaluator.email]]
    assert penilaian_a.opd.nama in mailoutbox[0].subject
    assert client.post(_jawaban_url(penilaian_a, 1), _answer(versi=1)).status_code == 403
    receipt = client.get(reverse("evaluasi:penilaian_tanda_terima", kwargs={"pk": penilaian_a.pk}))
    assert receipt["Content-Type"] == "application/pdf"
    import io

    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(receipt.content)).pages)
    assert "Tanda Terima Penilaian Mandiri" in text
    assert penilaian_a.opd.nama in text and operator_a.nama in text
    assert f"{penilaian_a.indeks_mandiri:.2f}".replace(".", ",") in text
    assert "SK.pdf" in text


# --- Pages and query counts -----------------------------------------------------------------


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_overview_shows_progress_index_and_deadline(client, operator_a, penilaian_a):
    _fill(penilaian_a, operator_a, [1, 2, 3], level=3)
    client.force_login(operator_a)

    response = client.get(reverse("evaluasi:penilaian_detail", kwargs={"pk": penilaian_a.pk}))

    hasil = response.context["hasil"]
    assert hasil.kemajuan == round(__import__("decimal").Decimal(300) / 47, 2)
    assert hasil.belum_dijawab == tuple(range(4, 48))
    html = response.content.decode()
    assert "30 hari lagi" in html
    assert 'disabled aria-disabled="true"' in html  # cannot submit yet


def test_a_penilaian_sent_back_shows_the_revision_deadline_not_the_input_one(
    client, operator_a, penilaian_a
):
    periode = penilaian_a.periode
    Penilaian.objects.filter(pk=penilaian_a.pk).update(status=StatusPenilaian.PERLU_PERBAIKAN)
    client.force_login(operator_a)

    html = client.get(
        reverse("evaluasi:penilaian_detail", kwargs={"pk": penilaian_a.pk})
    ).content.decode()

    assert '<div class="text-muted small" id="batas-label">Batas perbaikan</div>' in html
    assert f'id="batas">{periode.batas_verifikasi.day} ' in html
    assert "60 hari lagi" in html and "30 hari lagi" not in html


def test_overview_and_indicator_pages_query_counts_do_not_grow(
    client, operator_a, penilaian_a, settings
):
    client.force_login(operator_a)
    overview = reverse("evaluasi:penilaian_detail", kwargs={"pk": penilaian_a.pk})
    indicator = _jawaban_url(penilaian_a, 1)
    _fill(penilaian_a, operator_a, [1])
    _queries(client, overview)  # the first view caches the frozen instrument's tree
    small = (_queries(client, overview), _queries(client, indicator))

    _fill(penilaian_a, operator_a, range(2, 40))
    for i in range(5):
        _upload(client, penilaian_a, f"b{i}.pdf", PDF_BYTES + str(i).encode())
    client.post(_jawaban_url(penilaian_a, 1), _answer(level=4, versi=1))

    assert (_queries(client, overview), _queries(client, indicator)) == small


def test_submission_without_assigned_evaluators_tells_the_admins(
    operator_a, penilaian_a, admin_user, evaluator, mailoutbox, django_capture_on_commit_callbacks
):
    _fill(penilaian_a, operator_a, range(1, 48))

    with django_capture_on_commit_callbacks(execute=True):
        penilaian_services.penilaian_submit(penilaian=penilaian_a, user=operator_a)

    assert [m.to for m in mailoutbox] == [[admin_user.email]]


# --- Never lose typed text (issue [3/9] item 3) ----------------------------------------------


def _upload_url(penilaian, nomor=1):
    return reverse("evaluasi:bukti_unggah", kwargs={"pk": penilaian.pk, "nomor": nomor})


def test_an_upload_saves_the_complete_answer_sent_with_it(client, operator_a, penilaian_a):
    client.force_login(operator_a)
    berkas = SimpleUploadedFile("SK.pdf", PDF_BYTES, content_type="application/pdf")

    client.post(
        _upload_url(penilaian_a),
        {"berkas": berkas, "level": "4", "penjelasan": "Sudah.", "tautan": "", "versi": "0"},
    )

    jawaban = Jawaban.objects.get(penilaian=penilaian_a, indikator__nomor=1)
    assert (jawaban.level, jawaban.penjelasan, jawaban.bukti.count()) == (4, "Sudah.", 1)


def test_an_incomplete_or_stale_answer_sent_with_an_upload_comes_back_unsaved(
    client, operator_a, penilaian_a
):
    client.force_login(operator_a)
    berkas = SimpleUploadedFile("SK.pdf", PDF_BYTES, content_type="application/pdf")

    client.post(
        _upload_url(penilaian_a),
        {"berkas": berkas, "level": "2", "penjelasan": "", "tautan": "x", "versi": "0"},
    )

    assert not Jawaban.objects.filter(penilaian=penilaian_a, level__isnull=False).exists()
    page = client.get(reverse("evaluasi:jawaban", kwargs={"pk": penilaian_a.pk, "nomor": 1}))
    html = page.content.decode()
    assert 'id="draf-dipulihkan"' in html and 'id="level-2" value="2" checked' in html
    assert ">x</textarea>" in html
    # Shown once: a later visit shows what is stored.
    again = client.get(reverse("evaluasi:jawaban", kwargs={"pk": penilaian_a.pk, "nomor": 1}))
    assert 'id="draf-dipulihkan"' not in again.content.decode()


def test_an_answer_sent_with_an_upload_to_another_opd_changes_nothing(
    client, operator_a, penilaian_b
):
    client.force_login(operator_a)
    response = client.post(
        _upload_url(penilaian_b), {"level": "5", "penjelasan": "x", "versi": "0"}
    )
    assert response.status_code == 404
    assert not Jawaban.objects.filter(penilaian=penilaian_b).exists()


def test_simpan_dan_lanjut_saves_and_opens_the_next_indicator(client, operator_a, penilaian_a):
    client.force_login(operator_a)
    url = reverse("evaluasi:jawaban", kwargs={"pk": penilaian_a.pk, "nomor": 1})
    data = {"level": "3", "penjelasan": "Ada.", "tautan": "", "versi": "0", "lanjut": "1"}

    response = client.post(url, data, headers={"HX-Request": "true"})

    assert response["HX-Redirect"] == reverse(
        "evaluasi:jawaban", kwargs={"pk": penilaian_a.pk, "nomor": 2}
    )
    assert Jawaban.objects.get(penilaian=penilaian_a, indikator__nomor=1).level == 3
    # Without htmx: an ordinary redirect; a failed save stays on the page.
    data.update(versi="1", level="4")
    assert client.post(url, data).url.endswith("/indikator/2/")
    data["penjelasan"] = ""
    assert client.post(url, data).status_code == 200


def test_history_is_paginated_and_filtered_without_offering_the_hidden_verdict(
    client, operator_a, penilaian_a
):
    from evaluasi.models import JenisRiwayat, Riwayat

    ind = penilaian_a.periode.instrumen.indikator.get(nomor=4)
    Riwayat.objects.bulk_create(
        Riwayat(
            penilaian=penilaian_a, indikator=ind, pengguna=operator_a, jenis=jenis, sesudah=str(n)
        )
        for n, jenis in enumerate([JenisRiwayat.LEVEL] * 55 + [JenisRiwayat.LEVEL_FINAL] * 5)
    )
    client.force_login(operator_a)
    url = reverse("evaluasi:penilaian_riwayat", kwargs={"pk": penilaian_a.pk})

    first = client.get(url)
    assert len(first.context["riwayat"]) == 50 and first.context["page"].paginator.count == 55
    assert len(client.get(url, {"halaman": 2}).context["riwayat"]) == 5
    assert ("level_final", "Level final") not in first.context["jenis_pilihan"]
    # Asking for the hidden kind by hand gets nothing of it.
    sneaky = client.get(url, {"jenis": "level_final"})
    assert all(r.jenis != JenisRiwayat.LEVEL_FINAL for r in sneaky.context["riwayat"])
    assert client.get(url, {"indikator": "5"}).context["page"].paginator.count == 0


def test_period_form_shows_what_cannot_change_as_read_only_and_ignores_it(
    client, admin_user, periode, instrumen_pemdi
):
    tahun, instrumen_id = periode.tahun, periode.instrumen_id
    client.force_login(admin_user)
    url = reverse("evaluasi:periode_ubah", kwargs={"pk": periode.pk})
    form = client.get(url).context["form"]
    assert form.fields["tahun"].disabled and form.fields["instrumen"].disabled
    assert not form.fields["batas_pengisian"].disabled

    client.post(
        url,
        {
            "nama": "Diganti",
            "tahun": 1999,
            "instrumen": instrumen_pemdi.pk,
            "mulai_pengisian": periode.mulai_pengisian.isoformat(),
            "batas_pengisian": periode.batas_pengisian.isoformat(),
            "batas_verifikasi": periode.batas_verifikasi.isoformat(),
            "tahun_tpp": periode.tahun_tpp,
        },
    )

    periode.refresh_from_db()
    assert periode.nama == "Diganti"
    assert (periode.tahun, periode.instrumen_id) == (tahun, instrumen_id)
