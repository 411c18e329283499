"""The network standard (SPEC §15): the yearly checklist, an OPD's answers with evidence from
its library, its links, the recap and its export, and the hostile cases (another OPD's ids,
another year's items, double submits, read-only roles)."""

import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from evaluasi.dokumen import services as dokumen_services
from evaluasi.models import Dokumen
from jaringan.models import (
    ButirStandar,
    JawabanStandar,
    JenisKoneksi,
    Koneksi,
    PemeriksaanJaringan,
    StandarJaringan,
)
from jaringan.standar import services
from tests.conftest import PDF_BYTES
from tests.factories import OpdFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def standar(admin_user):
    """2026: router (wajib, bukti wajib), switch (wajib), AP (opsional)."""
    s = services.standar_buat(tahun=2026, user=admin_user)
    for uraian, wajib, bukti in (
        ("Router/firewall terkelola", True, True),
        ("Switch managed", True, False),
        ("Access point terpusat", False, False),
    ):
        services.butir_simpan(
            standar=s, user=admin_user, uraian=uraian, wajib=wajib, bukti_wajib=bukti
        )
    return s


def _butir(standar):
    return list(standar.butir.order_by("urutan"))


@pytest.fixture
def dok_a(opd_a, operator_a):
    return dokumen_services.dokumen_buat(
        opd_id=opd_a.pk, user=operator_a, data=PDF_BYTES, nama="bast-router.pdf"
    )


@pytest.fixture
def dok_b(opd_b, operator_b):
    return dokumen_services.dokumen_buat(
        opd_id=opd_b.pk, user=operator_b, data=PDF_BYTES + b"%b", nama="router-b.pdf"
    )


def _url(opd, tahun=2026):
    return reverse("jaringan:standar_pemeriksaan", kwargs={"tahun": tahun, "opd": opd.pk})


def _isi(butir, **per):
    """POST data: per item index → (ya/tidak, keterangan, dokumen id or "")."""
    data = {}
    for i, (ya, ket, dok) in per.items():
        b = butir[int(i[1:])]
        data |= {
            f"terpenuhi_{b.pk}": ya,
            f"keterangan_{b.pk}": ket,
            f"dokumen_{b.pk}": dok,
        }
    return data


# --- The checklist (Admin) --------------------------------------------------------------


def test_a_new_year_copies_the_previous_years_items(standar, admin_user, client):
    client.force_login(admin_user)

    response = client.post(reverse("jaringan:standar_buat"), {"tahun": 2027, "salin": "on"})

    baru = StandarJaringan.objects.get(tahun=2027)
    assert response.status_code == 302
    assert [(b.uraian, b.wajib, b.bukti_wajib) for b in baru.butir.order_by("urutan")] == [
        ("Router/firewall terkelola", True, True),
        ("Switch managed", True, False),
        ("Access point terpusat", False, False),
    ]
    assert set(baru.butir.values_list("pk", flat=True)).isdisjoint(
        standar.butir.values_list("pk", flat=True)
    )
    assert baru.history.count() == 1 and baru.butir.first().history.count() == 1


def test_the_same_year_twice_is_a_form_error(standar, admin_user, client):
    client.force_login(admin_user)

    response = client.post(reverse("jaringan:standar_buat"), {"tahun": 2026})

    assert response.status_code == 200
    assert "sudah ada" in response.content.decode()
    assert StandarJaringan.objects.count() == 1


def test_an_answered_item_keeps_its_wording_and_cannot_be_deleted(
    standar, admin_user, operator_a, opd_a, client
):
    router = _butir(standar)[0]
    services.jawaban_simpan(
        opd=opd_a, standar=standar, user=operator_a, isian={router.pk: {"terpenuhi": False}}
    )
    client.force_login(admin_user)
    url = reverse("jaringan:standar_butir_ubah", kwargs={"pk": router.pk})

    page = client.get(url)
    client.post(
        url,
        {"urutan": 1, "uraian": "Diganti", "penjelasan": "Catatan baru", "wajib": ""},
    )
    hapus = client.post(reverse("jaringan:standar_butir_hapus", kwargs={"pk": router.pk}))

    router.refresh_from_db()
    assert "sudah dijawab OPD" in page.content.decode()
    # Disabled fields keep their values; the explanation may still change.
    assert (router.uraian, router.wajib, router.bukti_wajib) == (
        "Router/firewall terkelola",
        True,
        True,
    )
    assert router.penjelasan == "Catatan baru"
    assert hapus.status_code == 302 and ButirStandar.objects.filter(pk=router.pk).exists()
    assert JawabanStandar.objects.filter(butir=router).count() == 1
    with pytest.raises(services.StandarDitolak):
        services.butir_simpan(
            standar=standar, butir=router, user=admin_user, uraian="Lain", bukti_wajib=True
        )


def test_an_unanswered_item_is_edited_and_deleted(standar, admin_user, client):
    ap = _butir(standar)[2]
    client.force_login(admin_user)

    client.post(
        reverse("jaringan:standar_butir_ubah", kwargs={"pk": ap.pk}),
        {"urutan": 3, "uraian": "AP terpusat dengan controller", "wajib": "on"},
    )
    ap.refresh_from_db()
    assert (ap.uraian, ap.wajib) == ("AP terpusat dengan controller", True)

    client.post(reverse("jaringan:standar_butir_hapus", kwargs={"pk": ap.pk}))
    assert not ButirStandar.objects.filter(pk=ap.pk).exists()
    assert ap.history.filter(history_type="-").count() == 1


# --- An OPD's answers ---------------------------------------------------------------------


def test_operator_fills_the_checklist_with_library_and_uploaded_evidence(
    standar, operator_a, opd_a, dok_a, client
):
    router, switch, ap = _butir(standar)
    client.force_login(operator_a)
    dokumen_awal = Dokumen.objects.filter(opd=opd_a).count()
    data = _isi(
        [router, switch, ap],
        b0=("ya", "Fortigate 60F", str(dok_a.pk)),
        b1=("ya", "", ""),
        b2=("tidak", "Belum ada", ""),
    )
    data[f"berkas_{switch.pk}"] = SimpleUploadedFile(
        "foto-switch.pdf", PDF_BYTES + b"%switch", content_type="application/pdf"
    )

    response = client.post(_url(opd_a), data)

    assert response.status_code == 302
    jawaban = {j.butir_id: j for j in JawabanStandar.objects.select_related("bukti__dokumen")}
    assert jawaban[router.pk].bukti.dokumen == dok_a
    assert jawaban[router.pk].keterangan == "Fortigate 60F"
    # The uploaded file went into the OPD's own library (no other store).
    assert jawaban[switch.pk].bukti.dokumen.opd_id == opd_a.pk
    assert Dokumen.objects.filter(opd=opd_a).count() == dokumen_awal + 1
    assert jawaban[ap.pk].terpenuhi is False
    page = client.get(_url(opd_a)).content.decode()
    assert "Sesuai standar" in page


def test_a_compulsory_item_without_its_evidence_is_tidak_sesuai(standar, operator_a, opd_a, client):
    router, switch, _ = _butir(standar)
    client.force_login(operator_a)

    client.post(_url(opd_a), _isi([router, switch], b0=("ya", "", ""), b1=("ya", "", "")))

    page = client.get(_url(opd_a)).content.decode()
    assert "Tidak sesuai standar" in page
    assert "bukti belum dilampirkan" in page


def test_another_opds_document_id_is_a_form_error_and_nothing_changes(
    standar, operator_a, opd_a, dok_b, client
):
    router, switch, _ = _butir(standar)
    client.force_login(operator_a)

    response = client.post(
        _url(opd_a), _isi([router, switch], b0=("ya", "", str(dok_b.pk)), b1=("ya", "", ""))
    )

    assert response.status_code == 200
    assert "Dokumen tidak ditemukan di pustaka OPD ini." in response.content.decode()
    assert not PemeriksaanJaringan.objects.exists()
    assert not JawabanStandar.objects.exists()


def test_admin_with_another_opds_document_is_refused_too(standar, admin_user, opd_a, dok_b, client):
    router = _butir(standar)[0]
    client.force_login(admin_user)

    response = client.post(_url(opd_a), _isi([router], b0=("ya", "", str(dok_b.pk))))

    assert response.status_code == 200
    assert not JawabanStandar.objects.exists()
    # And the service refuses a version of another OPD whatever the caller.
    with pytest.raises(services.StandarDitolak):
        services.jawaban_simpan(
            opd=opd_a,
            standar=standar,
            user=admin_user,
            isian={router.pk: {"terpenuhi": True, "versi": dok_b.versi.get()}},
        )
    assert not JawabanStandar.objects.exists()


def test_an_item_of_another_years_standard_is_never_answered(
    standar, admin_user, operator_a, opd_a, client
):
    lain = services.standar_buat(tahun=2025, user=admin_user)
    butir_lain = services.butir_simpan(standar=lain, user=admin_user, uraian="Kabel UTP cat 5")
    router = _butir(standar)[0]
    client.force_login(operator_a)

    client.post(
        _url(opd_a),
        {
            f"terpenuhi_{butir_lain.pk}": "ya",
            f"keterangan_{butir_lain.pk}": "x",
            f"terpenuhi_{router.pk}": "tidak",
        },
    )

    assert list(JawabanStandar.objects.values_list("butir_id", flat=True)) == [router.pk]
    with pytest.raises(services.StandarDitolak):
        services.jawaban_simpan(
            opd=opd_a, standar=standar, user=operator_a, isian={butir_lain.pk: {"terpenuhi": True}}
        )
    assert JawabanStandar.objects.count() == 1


def test_the_same_submit_twice_changes_nothing_the_second_time(
    standar, operator_a, opd_a, dok_a, client
):
    router, switch, _ = _butir(standar)
    client.force_login(operator_a)
    data = _isi([router, switch], b0=("ya", "ok", str(dok_a.pk)), b1=("tidak", "", ""))

    client.post(_url(opd_a), data)
    riwayat = (JawabanStandar.history.count(), PemeriksaanJaringan.history.count())
    kedua = client.post(_url(opd_a), data, follow=True)

    assert (JawabanStandar.history.count(), PemeriksaanJaringan.history.count()) == riwayat
    assert "Tidak ada perubahan." in kedua.content.decode()
    assert PemeriksaanJaringan.objects.count() == 1 and JawabanStandar.objects.count() == 2


def test_a_huge_or_fake_upload_is_refused_and_nothing_changes(
    standar, operator_a, opd_a, client, settings
):
    router = _butir(standar)[0]
    client.force_login(operator_a)
    palsu = _isi([router], b0=("ya", "", ""))
    palsu[f"berkas_{router.pk}"] = SimpleUploadedFile("virus.pdf", b"MZ\x90\x00 bukan pdf")

    response = client.post(_url(opd_a), palsu, follow=True)

    assert not JawabanStandar.objects.exists()
    assert not Dokumen.objects.filter(opd=opd_a).exists()
    assert response.status_code == 200
    settings.BUKTI_MAX_BYTES = 100
    besar = _isi([router], b0=("ya", "", ""))
    besar[f"berkas_{router.pk}"] = SimpleUploadedFile("besar.pdf", PDF_BYTES)
    response = client.post(_url(opd_a), besar, follow=True)
    assert "terlalu besar" in response.content.decode()
    assert not JawabanStandar.objects.exists()


@pytest.mark.parametrize("role", ["pimpinan", "evaluator"])
def test_read_only_roles_change_nothing(standar, opd_a, personas, client, role):
    router = _butir(standar)[0]
    client.force_login(personas[role])

    response = client.post(_url(opd_a), _isi([router], b0=("ya", "", "")))
    koneksi = client.post(
        reverse("jaringan:standar_koneksi_tambah", kwargs={"tahun": 2026, "opd": opd_a.pk}),
        {"nama": "X", "jenis": "diskominfo", "bandwidth_mbps": "10"},
    )

    assert response.status_code == 403 and koneksi.status_code == 403
    assert not JawabanStandar.objects.exists() and not Koneksi.objects.exists()


def test_operator_cannot_touch_another_opds_checklist(standar, operator_a, opd_b, client):
    router = _butir(standar)[0]
    client.force_login(operator_a)

    assert client.get(_url(opd_b)).status_code == 404
    assert client.post(_url(opd_b), _isi([router], b0=("ya", "", ""))).status_code == 404
    assert not JawabanStandar.objects.exists()


def test_pimpinan_reads_the_answers(standar, operator_a, opd_a, pimpinan, client):
    router = _butir(standar)[0]
    services.jawaban_simpan(
        opd=opd_a,
        standar=standar,
        user=operator_a,
        isian={router.pk: {"terpenuhi": True, "keterangan": "Mikrotik CCR"}},
    )
    client.force_login(pimpinan)

    page = client.get(_url(opd_a)).content.decode()

    assert "Mikrotik CCR" in page and 'id="form-checklist"' not in page


def test_a_year_without_a_standard_is_404(standar, operator_a, opd_a, client):
    client.force_login(operator_a)

    assert client.get(_url(opd_a, tahun=2031)).status_code == 404


# --- The OPD's links ----------------------------------------------------------------------


def _koneksi_url(opd):
    return reverse("jaringan:standar_koneksi_tambah", kwargs={"tahun": 2026, "opd": opd.pk})


def test_operator_adds_edits_and_deletes_a_link(standar, operator_a, opd_a, client):
    client.force_login(operator_a)

    client.post(
        _koneksi_url(opd_a),
        {
            "nama": "Internet utama",
            "jenis": "langganan_sendiri",
            "penyedia": "Telkom Indonesia",
            "bandwidth_mbps": "50",
        },
    )
    k = Koneksi.objects.get()
    assert (k.opd_id, k.tahun, k.bandwidth_mbps, k.diubah_oleh) == (
        opd_a.pk,
        2026,
        Decimal("50.00"),
        operator_a,
    )
    ubah = reverse("jaringan:standar_koneksi_ubah", kwargs={"pk": k.pk})
    client.post(ubah, {"nama": "Internet utama", "jenis": "diskominfo", "bandwidth_mbps": "100"})
    k.refresh_from_db()
    assert (k.jenis, k.bandwidth_mbps) == (JenisKoneksi.DISKOMINFO, Decimal("100.00"))
    assert "100 Mbps" in client.get(_url(opd_a)).content.decode()

    client.post(reverse("jaringan:standar_koneksi_hapus", kwargs={"pk": k.pk}))
    assert not Koneksi.objects.exists()
    assert Koneksi.history.filter(id=k.pk).count() == 3


def test_own_subscription_needs_a_provider_and_names_are_unique(standar, operator_a, opd_a, client):
    client.force_login(operator_a)
    tanpa = client.post(
        _koneksi_url(opd_a),
        {"nama": "Internet", "jenis": "langganan_sendiri", "bandwidth_mbps": "20"},
    )
    data = {"nama": "Intranet", "jenis": "diskominfo", "bandwidth_mbps": "20"}
    client.post(_koneksi_url(opd_a), data)
    ganda = client.post(_koneksi_url(opd_a), data)  # a double click

    assert "Isi penyedia layanan" in tanpa.content.decode()
    assert ganda.status_code == 200 and "sudah ada" in ganda.content.decode()
    assert Koneksi.objects.count() == 1


def test_another_opds_link_is_404_and_unchanged(standar, operator_a, opd_b, client):
    k = Koneksi.objects.create(
        opd=opd_b, tahun=2026, nama="Internet", jenis="diskominfo", bandwidth_mbps=10
    )
    client.force_login(operator_a)

    ubah = client.post(
        reverse("jaringan:standar_koneksi_ubah", kwargs={"pk": k.pk}),
        {"nama": "Dibajak", "jenis": "diskominfo", "bandwidth_mbps": "1"},
    )
    hapus = client.post(reverse("jaringan:standar_koneksi_hapus", kwargs={"pk": k.pk}))
    tambah = client.post(
        _koneksi_url(opd_b), {"nama": "Baru", "jenis": "diskominfo", "bandwidth_mbps": "1"}
    )

    assert (ubah.status_code, hapus.status_code, tambah.status_code) == (404, 404, 404)
    k.refresh_from_db()
    assert k.nama == "Internet" and Koneksi.objects.count() == 1


def test_a_posted_opd_field_cannot_move_a_link(standar, operator_a, opd_a, opd_b, client):
    client.force_login(operator_a)

    client.post(
        _koneksi_url(opd_a),
        {
            "nama": "Internet",
            "jenis": "diskominfo",
            "bandwidth_mbps": "5",
            "opd": opd_b.pk,
            "tahun": 2020,
        },
    )

    assert list(Koneksi.objects.values_list("opd_id", "tahun")) == [(opd_a.pk, 2026)]


# --- The recap ----------------------------------------------------------------------------


def _isi_opd(standar, opd, user, *, sesuai: bool):
    router, switch, _ = _butir(standar)
    dok = dokumen_services.dokumen_buat(
        opd_id=opd.pk, user=user, data=PDF_BYTES + f"%{opd.pk}".encode(), nama="bast.pdf"
    )
    services.jawaban_simpan(
        opd=opd,
        standar=standar,
        user=user,
        isian={
            router.pk: {"terpenuhi": True, "versi": dok.versi.get()},
            switch.pk: {"terpenuhi": sesuai},
        },
    )


def test_recap_counts_and_lists_the_opds_not_meeting_it(standar, admin_user, opd_a, opd_b, client):
    opd_c = OpdFactory(nama="Dinas Belum Mengisi", urutan=0)
    opd_b.urutan = 999  # listed after opd_c in OPD order, yet first as it fails
    opd_b.save()
    _isi_opd(standar, opd_a, admin_user, sesuai=True)
    _isi_opd(standar, opd_b, admin_user, sesuai=False)
    Koneksi.objects.create(
        opd=opd_b,
        tahun=2026,
        nama="Internet",
        jenis="langganan_sendiri",
        penyedia="Biznet",
        bandwidth_mbps=50,
    )
    client.force_login(admin_user)

    page = client.get(reverse("jaringan:standar_rekap", kwargs={"tahun": 2026})).content.decode()

    assert 'id="jumlah-sesuai">1<' in page
    assert 'id="jumlah-tidak-sesuai">1<' in page
    assert 'id="jumlah-belum-diisi">1<' in page
    tabel = page.split('id="rekap"')[1]
    assert opd_b.nama in tabel and opd_c.nama in tabel and opd_a.nama not in tabel
    assert tabel.index(opd_b.nama) < tabel.index(opd_c.nama)
    assert "Switch managed" in tabel and "Biznet" in tabel and "50 Mbps" in tabel


def test_operator_sees_only_their_own_line(standar, operator_a, admin_user, opd_a, opd_b, client):
    _isi_opd(standar, opd_b, admin_user, sesuai=False)
    client.force_login(operator_a)

    page = client.get(
        reverse("jaringan:standar_rekap", kwargs={"tahun": 2026}) + "?status=semua"
    ).content.decode()

    assert opd_a.nama in page and opd_b.nama not in page
    assert 'id="jumlah-tidak-sesuai">0<' in page and 'id="jumlah-belum-diisi">1<' in page


def test_recap_queries_do_not_grow_with_opds(
    standar, admin_user, client, django_assert_max_num_queries
):
    client.force_login(admin_user)
    url = reverse("jaringan:standar_rekap", kwargs={"tahun": 2026}) + "?status=semua"
    for n in (2, 30):
        for opd in OpdFactory.create_batch(n):
            _isi_opd(standar, opd, admin_user, sesuai=bool(opd.pk % 2))
            Koneksi.objects.create(
                opd=opd, tahun=2026, nama="Internet", jenis="diskominfo", bandwidth_mbps=10
            )
        with django_assert_max_num_queries(8):
            assert client.get(url).status_code == 200


def test_recap_export_reads_back_and_keeps_formulas_as_text(
    standar, admin_user, opd_a, opd_b, client
):
    opd_b.nama = '=HYPERLINK("http://contoh.test","klik")'
    opd_b.save()
    _isi_opd(standar, opd_a, admin_user, sesuai=True)
    _isi_opd(standar, opd_b, admin_user, sesuai=False)
    Koneksi.objects.create(
        opd=opd_b,
        tahun=2026,
        nama="Internet",
        jenis="langganan_sendiri",
        penyedia="Biznet",
        bandwidth_mbps=Decimal("50"),
    )
    client.force_login(admin_user)

    response = client.get(reverse("jaringan:standar_rekap_xlsx", kwargs={"tahun": 2026}))

    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = {r[0]: r for r in sheet.iter_rows(min_row=2, values_only=True)}
    assert sheet.cell(1, 1).value == "OPD"
    assert rows[opd_a.nama][1:3] == ("Sesuai standar", None)  # an empty cell
    baris_b = rows['=HYPERLINK("http://contoh.test","klik")']
    assert baris_b[1] == "Tidak sesuai standar"
    assert baris_b[2] == "Switch managed (tidak terpenuhi)"
    assert baris_b[3:] == ("Internet: Langganan sendiri", "Biznet", 50)
    cell = next(c for c in sheet["A"] if c.value and c.value.startswith("="))
    assert cell.data_type == "s"


# --- Demo ---------------------------------------------------------------------------------


def test_demo_runs_twice_without_change():
    from jaringan.demo_standar import seed_standar_demo
    from tests.factories import PenggunaFactory

    opd = {s: OpdFactory(singkatan=s) for s in ("Diskominfopers", "BKD", "Bappeda", "BPKPD")}
    OpdFactory(singkatan="Dinkes")
    OpdFactory(singkatan="Dishub")
    PenggunaFactory(username="admin", peran="admin")
    PenggunaFactory(username="operator.kominfo", peran="operator", opd=opd["Diskominfopers"])
    PenggunaFactory(username="operator.bkd", peran="operator", opd=opd["BKD"])

    pertama = seed_standar_demo()
    jejak = [
        m.history.count()
        for m in (StandarJaringan, ButirStandar, JawabanStandar, PemeriksaanJaringan, Koneksi)
    ] + [Dokumen.objects.count()]
    kedua = seed_standar_demo()

    assert (
        pertama
        == kedua
        == (
            "Standar jaringan 2026: 6 butir; 2 OPD sesuai, 2 tidak sesuai, 2 belum diisi; "
            "7 koneksi."
        )
    )
    assert jejak == [
        m.history.count()
        for m in (StandarJaringan, ButirStandar, JawabanStandar, PemeriksaanJaringan, Koneksi)
    ] + [Dokumen.objects.count()]
    # The MRTG demo looks for this link of operator.kominfo's OPD.
    assert Koneksi.objects.get(opd=opd["Diskominfopers"], tahun=2026, nama="Internet utama")
    bkd = Koneksi.objects.get(opd=opd["BKD"], nama="Internet utama")
    assert (bkd.jenis, bkd.bandwidth_mbps) == ("langganan_sendiri", Decimal("50"))


@pytest.mark.django_db(transaction=True)
def test_two_first_saves_at_once_make_one_checklist_and_answer_once(admin_user, operator_a, opd_a):
    from django.db import connection

    from tests.helpers import at_once

    s = services.standar_buat(tahun=2026, user=admin_user)
    router = services.butir_simpan(standar=s, user=admin_user, uraian="Router terkelola")
    switch = services.butir_simpan(standar=s, user=admin_user, uraian="Switch managed")
    isian = {router.pk: {"terpenuhi": True}, switch.pk: {"terpenuhi": False}}

    hasil = at_once(
        [
            lambda: services.jawaban_simpan(opd=opd_a, standar=s, user=operator_a, isian=isian)[1]
            for _ in range(2)
        ]
    )

    assert PemeriksaanJaringan.objects.count() == 1
    assert JawabanStandar.objects.count() == 2
    assert JawabanStandar.history.count() == 2  # the answers were written once
    if connection.vendor == "postgresql":
        # The second click waits on the row lock, then finds nothing to change.
        assert sorted(hasil) == [0, 2]
    else:
        # SQLite has no row locks: the second click may be refused, never doubled.
        assert 2 in hasil


def test_the_opd_page_queries_do_not_grow_with_items(
    standar, admin_user, operator_a, opd_a, client, django_assert_max_num_queries
):
    client.force_login(operator_a)
    for n in (1, 15):
        for i in range(n):
            b = services.butir_simpan(standar=standar, user=admin_user, uraian=f"Butir {n}-{i}")
            services.jawaban_simpan(
                opd=opd_a, standar=standar, user=operator_a, isian={b.pk: {"terpenuhi": True}}
            )
            Koneksi.objects.create(
                opd=opd_a, tahun=2026, nama=f"Tautan {n}-{i}", jenis="diskominfo", bandwidth_mbps=1
            )
        with django_assert_max_num_queries(12):
            assert client.get(_url(opd_a)).status_code == 200


def test_last_years_links_are_copied_once(standar, operator_a, opd_a, opd_b, client):
    Koneksi.objects.create(
        opd=opd_a,
        tahun=2025,
        nama="Internet utama",
        jenis="langganan_sendiri",
        penyedia="Telkom Indonesia",
        bandwidth_mbps=Decimal("50"),
    )
    Koneksi.objects.create(
        opd=opd_a, tahun=2024, nama="Lama", jenis="diskominfo", bandwidth_mbps=Decimal("10")
    )
    Koneksi.objects.create(
        opd=opd_b, tahun=2025, nama="Milik B", jenis="diskominfo", bandwidth_mbps=Decimal("5")
    )
    client.force_login(operator_a)
    url = reverse("jaringan:standar_koneksi_salin", kwargs={"tahun": 2026, "opd": opd_a.pk})

    client.post(url)
    kedua = client.post(url, follow=True)  # a double click
    lain = client.post(
        reverse("jaringan:standar_koneksi_salin", kwargs={"tahun": 2026, "opd": opd_b.pk})
    )

    # Only the latest earlier year (2025), only opd_a's, once.
    assert list(
        Koneksi.objects.filter(tahun=2026).values_list(
            "opd_id", "nama", "penyedia", "bandwidth_mbps"
        )
    ) == [(opd_a.pk, "Internet utama", "Telkom Indonesia", Decimal("50.00"))]
    assert "sudah ada" in kedua.content.decode()
    assert lain.status_code == 404


def test_the_activity_log_shows_the_checklist_changes(
    standar, admin_user, operator_a, opd_a, client
):
    router = _butir(standar)[0]
    services.jawaban_simpan(
        opd=opd_a, standar=standar, user=operator_a, isian={router.pk: {"terpenuhi": True}}
    )
    client.force_login(admin_user)

    page = client.get(reverse("log_aktivitas")).content.decode()

    assert "Jawaban standar jaringan" in page and "Butir standar jaringan" in page


def test_the_first_standard_starts_empty_even_when_asked_to_copy(admin_user, client):
    client.force_login(admin_user)

    response = client.post(reverse("jaringan:standar_buat"), {"tahun": 2026, "salin": "on"})

    assert response.status_code == 302
    assert StandarJaringan.objects.get().butir.count() == 0


def test_evidence_without_an_answer_is_a_form_error(standar, operator_a, opd_a, dok_a, client):
    router = _butir(standar)[0]
    client.force_login(operator_a)

    response = client.post(_url(opd_a), _isi([router], b0=("", "Sudah ada", str(dok_a.pk))))

    assert response.status_code == 200
    assert "Pilih Terpenuhi atau Tidak terpenuhi." in response.content.decode()
    assert not JawabanStandar.objects.exists()


def test_a_link_with_mrtg_traffic_is_not_deleted(standar, operator_a, opd_a, client):
    from datetime import date

    from jaringan.models import UnggahMrtg

    k = Koneksi.objects.create(
        opd=opd_a, tahun=2026, nama="Internet utama", jenis="diskominfo", bandwidth_mbps=100
    )
    UnggahMrtg.objects.create(
        koneksi=k,
        nama_asli="mrtg.log",
        sha256="0" * 64,
        ukuran=10,
        path="mrtg/x.log",
        mulai=date(2026, 1, 1),
        selesai=date(2026, 1, 2),
        jumlah_hari=2,
    )
    client.force_login(operator_a)

    response = client.post(
        reverse("jaringan:standar_koneksi_hapus", kwargs={"pk": k.pk}), follow=True
    )

    assert "masih dipakai" in response.content.decode()
    assert Koneksi.objects.filter(pk=k.pk).exists()
