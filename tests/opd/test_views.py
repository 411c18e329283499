"""OPD and user pages: happy paths, database state, web import, query counts."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from opd.models import Opd, Pengguna, Peran
from opd.services import import_file_store, opd_import
from opd.spreadsheet import read_dataset
from tests.factories import OpdFactory, PenggunaFactory
from tests.helpers import FIXTURES, MAX, csv_bytes, fixture_dataset, with_formula, xlsx_bytes

pytestmark = pytest.mark.django_db


def _upload(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


# --- OPD pages ------------------------------------------------------------------------------


def test_admin_creates_opd(client, admin_user):
    client.force_login(admin_user)
    data = {
        "kode": "OPD-050",
        "nama": "  Dinas   Pariwisata ",
        "singkatan": "Dispar",
        "jenis": "Dinas",
        "urutan": 5,
        "aktif": "on",
    }

    response = client.post(reverse("opd:tambah"), data)

    opd = Opd.objects.get(kode="OPD-050")
    assert response.status_code == 302 and response.url == reverse(
        "opd:detail", kwargs={"pk": opd.pk}
    )
    assert (opd.nama, opd.singkatan, opd.aktif) == ("Dinas Pariwisata", "Dispar", True)


def test_creating_an_opd_with_an_existing_name_is_refused(client, admin_user, opd_a):
    client.force_login(admin_user)
    data = {"kode": "BARU", "nama": opd_a.nama.upper(), "jenis": "Dinas", "urutan": 1}

    response = client.post(reverse("opd:tambah"), data)

    assert response.status_code == 200
    assert f"Nama ini sudah dipakai OPD berkode {opd_a.kode}." in response.content.decode()
    assert Opd.objects.count() == 1


def test_admin_edits_opd_and_sets_induk(client, admin_user, opd_a, opd_b):
    client.force_login(admin_user)
    data = {
        "kode": opd_a.kode,
        "nama": opd_a.nama,
        "singkatan": "Kominfo",
        "jenis": "Dinas",
        "urutan": 3,
        "induk": opd_b.pk,
    }

    response = client.post(reverse("opd:ubah", kwargs={"pk": opd_a.pk}), data)

    assert response.status_code == 302
    opd_a.refresh_from_db()
    assert (opd_a.singkatan, opd_a.induk, opd_a.aktif, opd_a.urutan) == ("Kominfo", opd_b, False, 3)


def test_opd_edit_form_does_not_offer_the_opd_as_its_own_induk(client, admin_user, opd_a, opd_b):
    client.force_login(admin_user)

    form = client.get(reverse("opd:ubah", kwargs={"pk": opd_a.pk})).context["form"]

    assert list(form.fields["induk"].queryset) == [opd_b]


def test_opd_list_filters(client, admin_user):
    OpdFactory(nama="Dinas Kesehatan", jenis="Dinas")
    OpdFactory(nama="Badan Keuangan", jenis="Badan", aktif=False)
    client.force_login(admin_user)

    def names(**q):
        return [o.nama for o in client.get(reverse("opd:daftar"), q).context["page"].object_list]

    assert names(q="kesehatan") == ["Dinas Kesehatan"]
    assert names(jenis="Badan") == ["Badan Keuangan"]
    assert names(aktif="1") == ["Dinas Kesehatan"]


def test_opd_list_query_count_does_not_grow_with_opds_or_users(client, admin_user):
    client.force_login(admin_user)

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("opd:daftar")).status_code == 200
        return len(ctx.captured_queries)

    for _ in range(3):
        PenggunaFactory(opd=OpdFactory(induk=OpdFactory()))
    small = count()
    for _ in range(30):
        PenggunaFactory(opd=OpdFactory(induk=OpdFactory()))
    # session, user, paginator count, page rows (induk joined, users counted), totals, the
    # header's period switcher
    assert count() == small == 6


def test_opd_detail_query_count_does_not_grow_with_users(client, admin_user, opd_a):
    client.force_login(admin_user)

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("opd:detail", kwargs={"pk": opd_a.pk})).status_code == 200
        return len(ctx.captured_queries)

    PenggunaFactory(opd=opd_a)
    small = count()
    PenggunaFactory.create_batch(10, opd=opd_a)
    OpdFactory.create_batch(5, induk=opd_a)
    # session, user, OPD with induk, its users, its sub-units, the header's period switcher
    assert count() == small == 6


def test_export_round_trips_through_import(client, admin_user):
    opd_import(dataset=fixture_dataset("opd_sulbar.csv"), dry_run=False)
    client.force_login(admin_user)

    response = client.get(reverse("opd:ekspor"))

    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    header = [c.value for c in sheet[1]]
    assert header == ["kode", "nama", "singkatan", "jenis", "induk", "aktif", "urutan"]
    assert sheet.max_row == 43
    exported = read_dataset(response.content, "ekspor.xlsx", max_bytes=MAX)
    hasil = opd_import(dataset=exported, dry_run=False)
    assert (hasil.dibuat, hasil.diperbarui, hasil.tidak_berubah) == (0, 0, 42)


# --- Web import: upload → preview → confirm -------------------------------------------------


def test_web_import_previews_then_saves_on_confirmation(client, admin_user):
    client.force_login(admin_user)

    preview = client.post(
        reverse("opd:impor"),
        {"berkas": _upload("opd_dompu.csv", (FIXTURES / "opd_dompu.csv").read_bytes())},
    )

    assert preview.status_code == 200
    assert preview.context["hasil"].akan_dibuat == 41
    assert Opd.objects.count() == 0  # preview saves nothing
    token = preview.context["token"]

    confirm = client.post(reverse("opd:impor_konfirmasi"), {"token": token})

    assert confirm.status_code == 302 and confirm.url == reverse("opd:daftar")
    assert Opd.objects.count() == 41
    # The stored upload is single-use.
    again = client.post(reverse("opd:impor_konfirmasi"), {"token": token}, follow=True)
    assert "Pratinjau impor tidak ditemukan atau sudah dipakai" in again.content.decode()
    assert Opd.objects.count() == 41


def test_web_import_with_bad_rows_shows_every_error_and_offers_no_confirmation(client, admin_user):
    client.force_login(admin_user)
    data = csv_bytes(
        [["nama", "jenis"], ["Dinas A", "Dinas"], ["", "Dinas"], ["Dinas C", "Kantor Pusat"]]
    )

    response = client.post(reverse("opd:impor"), {"berkas": _upload("opd.csv", data)})

    html = response.content.decode()
    assert "Berkas ini tidak diimpor." in html
    assert "Baris 3: Nama OPD kosong." in html
    assert "Baris 4: Jenis &#x27;Kantor Pusat&#x27; tidak dikenal" in html
    assert 'id="konfirmasi-impor"' not in html
    assert response.context["token"] == ""
    assert Opd.objects.count() == 0


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("opd.pdf", b"%PDF-1.4 ...", "Format berkas tidak didukung"),
        ("opd.xlsx", b"MZ\x90\x00 program", "bukan lembar kerja .xlsx yang sah"),
        ("opd.csv", b"nama\nDinas A\n", "Kolom wajib tidak ada: jenis"),
        (
            "opd.xlsx",
            with_formula(xlsx_bytes([["nama", "jenis"], ["RUMUS", "Dinas"]]), "RUMUS", "1+1", "2"),
            "Sel A2 pada lembar Sheet berisi rumus Excel.",
        ),
    ],
)
def test_web_import_refuses_unreadable_files(client, admin_user, name, data, message):
    client.force_login(admin_user)

    response = client.post(reverse("opd:impor"), {"berkas": _upload(name, data)})

    assert response.status_code == 200
    assert message in response.content.decode()
    assert Opd.objects.count() == 0


def test_web_import_refuses_oversize_file(client, admin_user, settings):
    settings.IMPORT_MAX_BYTES = 1024
    client.force_login(admin_user)

    response = client.post(
        reverse("opd:impor"),
        {"berkas": _upload("opd.csv", b"nama,jenis\n" + b"Dinas,Dinas\n" * 200)},
    )

    assert "Berkas terlalu besar" in response.content.decode()


def test_confirm_token_of_another_session_is_refused(client, admin_user):
    token = import_file_store(data=(FIXTURES / "opd_dompu.csv").read_bytes())
    client.force_login(admin_user)

    response = client.post(reverse("opd:impor_konfirmasi"), {"token": token}, follow=True)

    assert "Pratinjau impor tidak ditemukan" in response.content.decode()
    assert Opd.objects.count() == 0


def test_web_user_import_and_confirmation(
    client, admin_user, opd_a, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(admin_user)
    data = csv_bytes(
        [
            ["username", "nama", "email", "peran", "opd"],
            ["ani", "Ani", "ani@contoh.go.id", "Operator OPD", opd_a.nama],
        ]
    )

    preview = client.post(reverse("pengguna:impor"), {"berkas": _upload("pengguna.csv", data)})
    with django_capture_on_commit_callbacks(execute=True):
        confirm = client.post(
            reverse("pengguna:impor_konfirmasi"), {"token": preview.context["token"]}
        )

    assert confirm.status_code == 302
    ani = Pengguna.objects.get(username="ani")
    assert (ani.peran, ani.opd) == (Peran.OPERATOR, opd_a)
    assert [m.to for m in mailoutbox] == [["ani@contoh.go.id"]]


# --- User pages -----------------------------------------------------------------------------


def test_admin_creates_operator_with_password(client, admin_user, opd_a):
    client.force_login(admin_user)
    data = {
        "username": "Rina.Op",
        "nama": "Rina",
        "nip": "19900101 201501 2 001",
        "email": "rina@contoh.go.id",
        "peran": "operator",
        "opd": opd_a.pk,
        "is_active": "on",
        "password1": "rahasia-yang-panjang-1",
        "password2": "rahasia-yang-panjang-1",
    }

    response = client.post(reverse("pengguna:tambah"), data)

    assert response.status_code == 302, response.context["form"].errors
    rina = Pengguna.objects.get(username="rina.op")
    assert rina.nip == "199001012015012001" and rina.check_password("rahasia-yang-panjang-1")


def test_operator_without_opd_is_refused(client, admin_user):
    client.force_login(admin_user)
    data = {"username": "tanpa", "nama": "Tanpa OPD", "peran": "operator", "is_active": "on"}

    response = client.post(reverse("pengguna:tambah"), data)

    assert "Operator OPD wajib memiliki OPD." in response.content.decode()
    assert not Pengguna.objects.filter(username="tanpa").exists()


def test_user_without_password_gets_a_set_password_link(
    client, admin_user, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(admin_user)
    data = {
        "username": "dewi",
        "nama": "Dewi",
        "email": "dewi@contoh.go.id",
        "peran": "evaluator",
        "is_active": "on",
    }

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("pengguna:tambah"), data)

    assert not Pengguna.objects.get(username="dewi").has_usable_password()
    assert mailoutbox[0].to == ["dewi@contoh.go.id"]
    link = next(
        line for line in mailoutbox[0].body.splitlines() if "/akun/atur-kata-sandi/" in line
    )
    page = client.get(link.replace("http://testserver", ""), follow=True)
    assert page.context["validlink"]


def test_admin_cannot_demote_themselves(client, admin_user):
    client.force_login(admin_user)
    data = {
        "username": admin_user.username,
        "nama": admin_user.nama,
        "peran": "pimpinan",
        "is_active": "on",
    }

    response = client.post(reverse("pengguna:ubah", kwargs={"pk": admin_user.pk}), data)

    assert "tidak dapat mengubah peran atau menonaktifkan akun sendiri" in response.content.decode()
    admin_user.refresh_from_db()
    assert admin_user.peran == Peran.ADMIN


def test_admin_sets_a_users_password(client, admin_user, operator_b):
    client.force_login(admin_user)
    data = {"new_password1": "sandi-baru-yang-kuat-9", "new_password2": "sandi-baru-yang-kuat-9"}

    client.post(reverse("pengguna:kata_sandi", kwargs={"pk": operator_b.pk}), data)

    operator_b.refresh_from_db()
    assert operator_b.check_password("sandi-baru-yang-kuat-9")


def test_user_list_query_count_does_not_grow_with_users(client, admin_user):
    client.force_login(admin_user)

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("pengguna:daftar")).status_code == 200
        return len(ctx.captured_queries)

    PenggunaFactory.create_batch(3)
    small = count()
    PenggunaFactory.create_batch(30)
    # session, user, role counts, paginator count, page rows with OPD, OPD filter choices,
    # the header's period switcher
    assert count() == small == 7


def test_add_opd_form_suggests_next_kode_and_last_place(client, admin_user):
    OpdFactory(kode="OPD-041", urutan=41)
    OpdFactory(kode="X-9", urutan=7)
    client.force_login(admin_user)

    form = client.get(reverse("opd:tambah")).context["form"]

    assert form.initial == {"kode": "OPD-042", "urutan": 42}
