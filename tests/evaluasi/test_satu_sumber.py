"""One source for each figure: every TPP % comes from the period's TPP rule, and a final
penilaian's not-applicable set and final levels change only through a recorded reopen."""

import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from evaluasi import states
from evaluasi.laporan import cetak
from evaluasi.models import JenisLaporan, LaporanJob, Periode, StatusLaporan, StatusPeriode
from evaluasi.penilaian import services as penilaian_services
from evaluasi.verifikasi import services as verifikasi_services
from tests.evaluasi.test_laporan import _text
from tpp import rules
from tpp.services import aturan_save

pytestmark = pytest.mark.django_db


def _rule(periode, **overrides):
    table = {**rules.PERSENTASE_BAWAAN, **overrides}
    return aturan_save(
        aturan=None, tahun=periode.tahun_tpp, periode=periode, dasar_hukum="SK", persen=table
    )


def _publish(periode):
    Periode.objects.filter(pk=periode.pk).update(status=StatusPeriode.DIPUBLIKASI)


def test_a_12_percent_rule_shows_12_percent_everywhere(client, admin_user, final_a, opd_a):
    # Paser levels finalize as Cukup; the decree gives 10 %, this year's rule 12,5 %.
    assert final_a.predikat_final == "Cukup"
    _rule(final_a.periode, Cukup=Decimal("12.5"))
    client.force_login(admin_user)

    dashboard = client.get(reverse("evaluasi:dashboard"))
    row = next(r for r in dashboard.context["rows"] if r["opd"] == opd_a)
    hasil = client.get(reverse("evaluasi:hasil", kwargs={"pk": final_a.pk}))
    tpp_page = client.get(reverse("tpp:beranda"))
    tpp_row = next(r for r in tpp_page.context["rows"] if r["opd"] == opd_a)
    pdf_text = _text(cetak.laporan_opd_pdf(final_a)[0])
    recap_text = _text(cetak.laporan_rekap_pdf(final_a.periode)[0])
    xlsx = io.BytesIO()
    cetak.rekap_xlsx_tulis(final_a.periode, xlsx)
    workbook = load_workbook(xlsx)
    sheet = workbook.worksheets[0]
    xlsx_row = next(r for r in sheet.iter_rows(values_only=True) if opd_a.nama in r)

    assert row["tpp"] == Decimal("12.5")
    assert "12,50%" in dashboard.content.decode()
    assert hasil.context["tpp"] == Decimal("12.5") and "12,50%" in hasil.content.decode()
    assert tpp_row["persen"] == Decimal("12.5")
    assert "12,50%" in pdf_text
    assert "12,50" in recap_text
    assert xlsx_row[7] == 12.5


def test_without_a_tpp_rule_the_pages_say_so_instead_of_a_decree_default(
    client, admin_user, final_a, opd_a
):
    client.force_login(admin_user)

    dashboard = client.get(reverse("evaluasi:dashboard"))
    hasil = client.get(reverse("evaluasi:hasil", kwargs={"pk": final_a.pk}))

    row = next(r for r in dashboard.context["rows"] if r["opd"] == opd_a)
    assert row["tpp"] is None and row["tpp_keterangan"] == "belum ada aturan TPP"
    assert "belum ada aturan TPP" in dashboard.content.decode()
    assert hasil.context["tpp"] is None and "belum ada aturan TPP" in hasil.content.decode()
    assert "belum ada aturan TPP" in _text(cetak.laporan_opd_pdf(final_a)[0])


def test_a_predikat_the_rule_does_not_list_does_not_crash_any_page(
    client, admin_user, pimpinan, final_a, opd_a, django_capture_on_commit_callbacks
):
    # An instrument whose band names differ from the decree: the rule lists other names.
    table = {"Istimewa": Decimal(25), "Kurang": Decimal(0)}
    aturan_save(
        aturan=None,
        tahun=final_a.periode.tahun_tpp,
        periode=final_a.periode,
        dasar_hukum="SK",
        persen=table,
    )
    _publish(final_a.periode)

    for user in (admin_user, pimpinan):
        client.force_login(user)
        for url in (
            reverse("evaluasi:dashboard"),
            reverse("evaluasi:hasil", kwargs={"pk": final_a.pk}),
            reverse("tpp:beranda"),
            reverse("tpp:pegawai"),
            reverse("tpp:ekspor"),
        ):
            response = client.get(url)
            assert response.status_code == 200, url
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                reverse("evaluasi:rekap_xlsx", kwargs={"pk": final_a.periode_id})
            )
        assert response.status_code == 302
        job = LaporanJob.objects.filter(peminta=user, jenis=JenisLaporan.REKAP_XLSX).get()
        assert job.status == StatusLaporan.SELESAI, job.alasan
    client.force_login(admin_user)
    html = client.get(reverse("evaluasi:dashboard")).content.decode()
    assert "predikat Cukup tidak ada dalam aturan TPP" in html


def test_the_pure_rule_never_reads_a_missing_share_as_zero():
    table = {"Cukup": Decimal(12)}
    assert rules.persen_tpp("Cukup", table) == rules.PersenTpp(Decimal(12))
    assert rules.persen_tpp("", table).persen is None
    assert rules.persen_tpp("Cukup", None) == rules.PersenTpp(None, "belum ada aturan TPP")
    assert rules.persen_tpp("Baik", table).persen is None


# --- Final means frozen ---------------------------------------------------------------------


def test_not_applicable_cannot_change_on_a_final_penilaian(client, admin_user, final_a):
    before = (final_a.indeks_final, final_a.indeks_mandiri, set(final_a.tidak_berlaku.all()))
    indikator = final_a.periode.instrumen.indikator.get(nomor=45)
    client.force_login(admin_user)

    response = client.post(
        reverse("evaluasi:penilaian_tidak_berlaku", kwargs={"pk": final_a.pk}),
        {"indikator": [indikator.pk], "alasan": "tidak punya aplikasi"},
        follow=True,
    )

    assert response.status_code == 200
    assert "sudah final" in response.content.decode()
    final_a.refresh_from_db()
    after = (final_a.indeks_final, final_a.indeks_mandiri, set(final_a.tidak_berlaku.all()))
    assert after == before
    with pytest.raises(states.TransisiTidakSah):
        penilaian_services.tidak_berlaku_set(
            penilaian=final_a, indikator=[indikator], user=admin_user, alasan="x"
        )


def test_after_a_recorded_reopen_not_applicable_may_change(admin_user, final_a):
    indikator = final_a.periode.instrumen.indikator.get(nomor=45)
    verifikasi_services.penilaian_reopen(penilaian=final_a, user=admin_user, alasan="salah N/A")

    penilaian_services.tidak_berlaku_set(
        penilaian=final_a, indikator=[indikator], user=admin_user, alasan=""
    )

    assert final_a.tidak_berlaku.filter(indikator=indikator).exists()
