"""Audit of admin changes: history rows written through the real pages, and the Log aktivitas page.

Every change below goes through its view, so the history user comes from the request (the
HistoryRequestMiddleware) or, on bulk paths, from the service.
"""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from evaluasi.instrumen.buku_kerja import write_xlsx
from evaluasi.instrumen.selectors import instrumen_data
from evaluasi.models import Instrumen, KriteriaLevel, Penugasan, Periode, Predikat
from opd.models import Opd, Pengguna
from tests.factories import PASSWORD, OpdFactory
from tpp import rules
from tpp.models import AturanTpp, PersentaseTpp
from tpp.services import aturan_save

pytestmark = pytest.mark.django_db


def _changes(record) -> dict:
    """{field name: (old, new)} of a history row against the row before it."""
    return {c.field: (c.old, c.new) for c in record.diff_against(record.prev_record).changes}


# --- What gets recorded -------------------------------------------------------------------


def test_advancing_a_period_records_who_and_the_status_change(client, admin_user, periode):
    client.force_login(admin_user)
    url = reverse("evaluasi:periode_lanjut", kwargs={"pk": periode.pk})

    client.post(url, {"dari": "pengisian", "konfirmasi": "ya"})

    record = Periode.history.filter(id=periode.pk).latest()
    assert (record.history_type, record.history_user) == ("~", admin_user)
    assert _changes(record) == {"status": ("pengisian", "verifikasi")}


def test_bulk_assignment_records_one_entry_per_new_assignment_by_the_admin(
    client, admin_user, periode, evaluator, instrumen
):
    satu, dua = OpdFactory.create_batch(2)
    client.force_login(admin_user)
    url = reverse("evaluasi:penugasan", kwargs={"pk": periode.pk})

    client.post(url, {"aksi": "tambah", "evaluator": evaluator.pk, "opd": [satu.pk]})
    again = client.post(
        url, {"aksi": "tambah", "evaluator": evaluator.pk, "opd": [satu.pk, dua.pk]}, follow=True
    )

    created = Penugasan.history.filter(history_type="+")
    assert sorted(created.values_list("opd_id", flat=True)) == sorted([satu.pk, dua.pk])
    assert {r.history_user for r in created} == {admin_user}
    # The existing assignment is kept, neither counted nor recorded twice.
    assert "1 penugasan baru untuk" in again.content.decode()


def test_copied_and_removed_assignments_are_recorded(
    client, admin_user, periode, evaluator, instrumen
):
    opd = OpdFactory()
    Penugasan.objects.create(periode=periode, opd=opd, evaluator=evaluator, oleh=admin_user)
    tahun_depan = Periode.objects.create(
        nama="Evaluasi berikutnya",
        tahun=periode.tahun + 1,
        instrumen=instrumen,
        mulai_pengisian=periode.mulai_pengisian,
        batas_pengisian=periode.batas_pengisian,
        batas_verifikasi=periode.batas_verifikasi,
        tahun_tpp=periode.tahun + 2,
    )
    client.force_login(admin_user)
    url = reverse("evaluasi:penugasan", kwargs={"pk": tahun_depan.pk})

    client.post(url, {"aksi": "salin"})
    salinan = tahun_depan.penugasan.get()
    client.post(url, {"aksi": "hapus", "penugasan": salinan.pk})

    rows = Penugasan.history.filter(periode=tahun_depan).order_by("history_date", "history_id")
    assert [(r.history_type, r.opd_id, r.history_user) for r in rows] == [
        ("+", opd.pk, admin_user),
        ("-", opd.pk, admin_user),
    ]


def test_changing_a_tpp_percentage_records_only_what_changed(client, admin_user, periode):
    aturan = aturan_save(
        aturan=None,
        tahun=periode.tahun_tpp,
        periode=periode,
        dasar_hukum="SK",
        persen=dict(rules.PERSENTASE_BAWAAN),
    )
    before = (AturanTpp.history.count(), PersentaseTpp.history.count())
    client.force_login(admin_user)
    data = {
        "tahun": aturan.tahun,
        "periode": periode.pk,
        "dasar_hukum": "SK",
        **{f"persen_{k}": str(v) for k, v in rules.PERSENTASE_BAWAAN.items()},
        "persen_Memuaskan": "30",
    }

    client.post(reverse("tpp:aturan_ubah", kwargs={"tahun": aturan.tahun}), data)

    assert (AturanTpp.history.count(), PersentaseTpp.history.count()) == (
        before[0],
        before[1] + 1,
    )
    record = PersentaseTpp.history.latest()
    assert (record.predikat, record.history_user) == ("Memuaskan", admin_user)
    assert _changes(record) == {"persen": (rules.PERSENTASE_BAWAAN["Memuaskan"], Decimal("30.00"))}


def test_changing_a_users_role_records_before_and_after(client, admin_user, operator_b):
    client.force_login(admin_user)
    data = {
        "username": operator_b.username,
        "nama": operator_b.nama,
        "email": operator_b.email,
        "peran": "evaluator",
        "is_active": "on",
    }

    client.post(reverse("pengguna:ubah", kwargs={"pk": operator_b.pk}), data)

    record = Pengguna.history.filter(id=operator_b.pk).latest()
    assert record.history_user == admin_user
    assert _changes(record) == {
        "peran": ("operator", "evaluator"),
        "opd": (operator_b.opd_id, None),
    }


def test_logins_and_password_hash_updates_add_no_history(client, operator_a):
    before = Pengguna.history.filter(id=operator_a.pk).count()

    login = client.post(
        reverse("akun:masuk"), {"username": operator_a.username, "password": PASSWORD}
    )
    assert login.status_code == 302 and Pengguna.objects.get(pk=operator_a.pk).last_login
    operator_a.set_password("sandi-lain-yang-kuat-7")
    operator_a.save(update_fields=["password"])

    assert Pengguna.history.filter(id=operator_a.pk).count() == before
    assert "password" not in {f.name for f in Pengguna.history.model._meta.fields}
    assert "last_login" not in {f.name for f in Pengguna.history.model._meta.fields}


def test_a_password_set_by_the_admin_is_recorded_without_the_hash(client, admin_user, operator_b):
    client.force_login(admin_user)
    data = {"new_password1": "sandi-baru-yang-kuat-9", "new_password2": "sandi-baru-yang-kuat-9"}

    client.post(reverse("pengguna:kata_sandi", kwargs={"pk": operator_b.pk}), data)

    record = Pengguna.history.filter(id=operator_b.pk).latest()
    assert (record.history_user, record.history_change_reason) == (
        admin_user,
        "Kata sandi diatur Admin",
    )


def test_importing_an_instrument_records_its_criteria_and_bands(client, admin_user, instrumen):
    data = instrumen_data(instrumen)
    data.kode, data.nama = "spbe-2020-revisi", "Revisi"
    client.force_login(admin_user)

    client.post(
        reverse("evaluasi:instrumen_impor"),
        {"berkas": SimpleUploadedFile("revisi.xlsx", write_xlsx(data))},
    )

    baru = Instrumen.objects.get(kode="spbe-2020-revisi")
    kriteria = KriteriaLevel.history.filter(indikator__instrumen=baru, history_type="+")
    predikat = Predikat.history.filter(instrumen=baru, history_type="+")
    assert kriteria.count() == KriteriaLevel.objects.filter(indikator__instrumen=baru).count()
    assert predikat.count() == baru.predikat.count() > 0
    assert {r.history_user for r in [*kriteria, *predikat]} == {admin_user}
    assert Instrumen.history.get(id=baru.pk, history_type="+").history_user == admin_user


def test_editing_a_criterion_records_the_text_change(client, admin_user, instrumen_pemdi):
    kriteria = KriteriaLevel.objects.filter(indikator__instrumen=instrumen_pemdi).first()
    client.force_login(admin_user)

    client.post(
        reverse("evaluasi:kriteria_ubah", kwargs={"pk": kriteria.pk}),
        {"nama": kriteria.nama, "deskripsi": "Redaksi resmi.", "bukti": kriteria.bukti},
    )

    record = KriteriaLevel.history.filter(id=kriteria.pk).latest()
    assert record.history_user == admin_user
    assert _changes(record) == {"deskripsi": (kriteria.deskripsi, "Redaksi resmi.")}


def test_opd_master_data_changes_are_recorded(client, admin_user, opd_a):
    client.force_login(admin_user)
    data = {"kode": opd_a.kode, "nama": "Dinas Kominfo Baru", "jenis": "Dinas", "urutan": 1}

    client.post(reverse("opd:ubah", kwargs={"pk": opd_a.pk}), {**data, "aktif": "on"})

    record = Opd.history.filter(id=opd_a.pk).latest()
    assert record.history_user == admin_user
    assert _changes(record)["nama"] == (opd_a.nama, "Dinas Kominfo Baru")


# --- The Log aktivitas page ---------------------------------------------------------------


def _role_change(client, pengguna: Pengguna, peran: str) -> None:
    data = {
        "username": pengguna.username,
        "nama": pengguna.nama,
        "email": pengguna.email,
        "peran": peran,
        "opd": pengguna.opd_id or "",
        "is_active": "on",
    }
    response = client.post(reverse("pengguna:ubah", kwargs={"pk": pengguna.pk}), data)
    assert response.status_code == 302


def test_log_page_lists_changes_newest_first_with_before_and_after(
    client, admin_user, periode, operator_b
):
    client.force_login(admin_user)
    url = reverse("evaluasi:periode_lanjut", kwargs={"pk": periode.pk})
    client.post(url, {"dari": "pengisian", "konfirmasi": "ya"})
    _role_change(client, operator_b, "evaluator")

    response = client.get(reverse("log_aktivitas"))

    first, second = response.context["page"].object_list[:2]
    assert (first.jenis_data, first.objek, first.jenis, first.pengguna) == (
        "Pengguna",
        operator_b.nama,
        "diubah",
        admin_user,
    )
    assert [(p.kolom, p.sebelum, p.sesudah) for p in first.perubahan] == [
        ("Peran", "Operator OPD", "Evaluator")
    ]
    assert (second.jenis_data, second.objek, second.pengguna) == (
        "Periode",
        periode.nama,
        admin_user,
    )
    assert [(p.kolom, p.sebelum, p.sesudah) for p in second.perubahan] == [
        ("Status", "Pengisian", "Verifikasi")
    ]
    html = response.content.decode()
    assert "Operator OPD → Evaluator" in html and "Pengisian → Verifikasi" in html
    assert "Log aktivitas" in [e["item"].label for e in response.context["menu"]]


def test_log_page_shows_created_and_deleted_rows_and_objects_gone_since(
    client, admin_user, periode, evaluator
):
    opd = OpdFactory(nama="Dinas Sementara")
    client.force_login(admin_user)
    url = reverse("evaluasi:penugasan", kwargs={"pk": periode.pk})
    client.post(url, {"aksi": "tambah", "evaluator": evaluator.pk, "opd": [opd.pk]})
    client.post(url, {"aksi": "hapus", "penugasan": Penugasan.objects.get(opd=opd).pk})
    opd_pk = opd.pk
    opd.delete()

    response = client.get(reverse("log_aktivitas"), {"jenis": "evaluasi.penugasan"})

    removed, added = response.context["page"].object_list
    gone = f"OPD #{opd_pk} (sudah dihapus)"
    assert (removed.jenis, added.jenis) == ("dihapus", "dibuat")
    assert removed.objek == f"{evaluator.nama} → {gone} ({periode.nama})"
    assert ("Evaluator", "–", evaluator.nama) in [
        (p.kolom, p.sebelum, p.sesudah) for p in added.perubahan
    ]


def test_a_change_without_earlier_history_says_so(client, admin_user, opd_a):
    Opd.history.filter(id=opd_a.pk).delete()  # as for an OPD created before the audit trail
    client.force_login(admin_user)
    data = {"kode": opd_a.kode, "nama": "Nama Baru", "jenis": "Dinas", "urutan": opd_a.urutan}
    client.post(reverse("opd:ubah", kwargs={"pk": opd_a.pk}), {**data, "aktif": "on"})

    response = client.get(reverse("log_aktivitas"), {"jenis": "opd.opd"})

    entry = response.context["page"].object_list[0]
    assert (entry.objek, entry.tanpa_pembanding, entry.perubahan) == ("Nama Baru", True, [])
    assert "keadaan sebelumnya tidak tercatat" in response.content.decode()


def test_log_page_filters_by_model_user_and_date(
    client, admin_user, periode, operator_b, evaluator
):
    from datetime import timedelta

    from django.utils import timezone

    client.force_login(admin_user)
    client.post(
        reverse("evaluasi:periode_lanjut", kwargs={"pk": periode.pk}),
        {"dari": "pengisian", "konfirmasi": "ya"},
    )
    _role_change(client, operator_b, "evaluator")
    # An older change, moved a week back.
    _role_change(client, evaluator, "pimpinan")
    week_ago = timezone.now() - timedelta(days=7)
    Pengguna.history.filter(id=evaluator.pk, history_type="~").update(history_date=week_ago)
    url = reverse("log_aktivitas")

    def entries(**params):
        return client.get(url, params).context["page"].object_list

    by_model = entries(jenis="evaluasi.periode")
    by_user = entries(pengguna=admin_user.pk)
    day = timezone.localdate(week_ago).isoformat()
    by_date = entries(dari=day, sampai=day)
    since_today = entries(jenis="opd.pengguna", dari=timezone.localdate().isoformat())

    assert {e.jenis_data for e in by_model} == {"Periode"} and len(by_model) == 3
    assert [(e.jenis_data, e.objek) for e in by_user] == [
        ("Pengguna", operator_b.nama),
        ("Periode", periode.nama),
        ("Pengguna", evaluator.nama),
    ]
    assert [(e.objek, e.jenis) for e in by_date] == [(evaluator.nama, "diubah")]
    assert evaluator.nama not in {e.objek for e in since_today if e.jenis == "diubah"}


def test_bad_filters_get_an_indonesian_message(client, admin_user):
    client.force_login(admin_user)

    reversed_range = client.get(
        reverse("log_aktivitas"), {"dari": "2026-05-02", "sampai": "2026-05-01"}
    )
    unknown_model = client.get(reverse("log_aktivitas"), {"jenis": "evaluasi.jawaban"})

    assert "Tanggal akhir tidak boleh sebelum tanggal awal." in reversed_range.content.decode()
    assert unknown_model.context["filters"].errors["jenis"]
    assert unknown_model.status_code == reversed_range.status_code == 200


@pytest.mark.parametrize("role", ["operator", "evaluator", "pimpinan"])
def test_log_page_is_for_admins_only(client, personas, role):
    client.force_login(personas[role])

    response = client.get(reverse("log_aktivitas"))

    assert response.status_code == 403
    assert "Peran Anda tidak berwenang membuka halaman ini." in response.content.decode()


def test_log_page_is_post_free_and_needs_login(client, admin_user):
    anonymous = client.get(reverse("log_aktivitas"))
    client.force_login(admin_user)
    post = client.post(reverse("log_aktivitas"))

    assert anonymous.status_code == 302 and anonymous.url.startswith(reverse("akun:masuk"))
    assert post.status_code == 405


def _changes_to_opd_and_users(n: int, pengguna: Pengguna, opd: Opd) -> None:
    from opd import services

    for i in range(n):
        services.opd_update(opd=opd, data={"nama": f"Dinas Uji Ganti {i}"})
        peran = "evaluator" if i % 2 == 0 else "pimpinan"
        services.pengguna_update(pengguna=pengguna, data={"peran": peran, "opd": opd})


def _log_queries(client) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("log_aktivitas"))
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_log_page_query_count_does_not_grow_with_the_rows(client, admin_user, operator_b, opd_a):
    client.force_login(admin_user)
    _changes_to_opd_and_users(2, operator_b, opd_a)
    few = _log_queries(client)
    _changes_to_opd_and_users(80, operator_b, opd_a)

    many = _log_queries(client)

    # session, user, row count, one page of (id, date, model) over every history table; per
    # model on the page (OPD, Pengguna): its rows with users, their previous rows; the OPDs
    # they refer to; the user list of the filter form; the header's period switcher.
    assert few == many == 11


def test_django_admin_shows_a_users_history(client, admin_user, operator_b):
    client.force_login(admin_user)
    _role_change(client, operator_b, "evaluator")
    superuser = Pengguna.objects.create_superuser("root", "root@contoh.go.id", "sandi-root-12")
    client.force_login(superuser)

    response = client.get(reverse("admin:opd_pengguna_history", args=[operator_b.pk]))

    assert response.status_code == 200
    assert list(response.context["page_obj"])[0].peran == "evaluator"
