"""Audit of admin changes: history rows written through the real pages, and the Log aktivitas page.

Every change below goes through its view, so the history user comes from the request (the
HistoryRequestMiddleware) or, on bulk paths, from the service.
"""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from evaluasi.instrumen_io import write_xlsx
from evaluasi.models import Instrumen, KriteriaLevel, Penugasan, Periode, Predikat
from evaluasi.selectors import instrumen_data
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

    client.post(url, {"dari": "pengisian"})

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
