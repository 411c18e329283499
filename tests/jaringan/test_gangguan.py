"""The disruption log's pages (SPEC §15): logging (validation, another OPD's ids, double
submits), closing, editing, deleting, history, the list's filters and query count, the monthly
recap and its .xlsx export. Figures are computed by hand in each test."""

import io
import uuid
from datetime import datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from jaringan.demo_gangguan import seed_gangguan_demo
from jaringan.models import Gangguan, JenisKoneksi, Koneksi
from opd.models import Peran
from tests.factories import OpdFactory, PenggunaFactory
from tests.jaringan.gangguan_pabrik import buat_gangguan
from tests.test_klik_ganda import twin_saved_first

pytestmark = pytest.mark.django_db

WITA = ZoneInfo("Asia/Makassar")
UTC = ZoneInfo("UTC")


def _lokal(waktu: datetime) -> str:
    return timezone.localtime(waktu).strftime("%Y-%m-%dT%H:%M")


def d(*args) -> datetime:
    return datetime(*args, tzinfo=WITA)


def _kemarin(jam: int) -> datetime:
    kemarin = timezone.localdate() - timedelta(days=1)
    return datetime(kemarin.year, kemarin.month, kemarin.day, jam, 0, tzinfo=WITA)


def _data(opd, **ubah) -> dict:
    data = {
        "opd": opd.pk,
        "mulai": _lokal(_kemarin(8)),
        "selesai": _lokal(_kemarin(10)),
        "layanan": "Internet seluruh kantor",
        "penyebab": "isp",
        "penyebab_lain": "",
        "tindakan": "Dilaporkan ke ISP",
        "koneksi": "",
        "nama_pelapor": "",
        "kunci": str(uuid.uuid4()),
    }
    data.update(ubah)
    return {k: v for k, v in data.items() if v is not None}


def _koneksi(opd, nama="Internet utama") -> Koneksi:
    return Koneksi.objects.create(
        opd=opd,
        tahun=timezone.localdate().year,
        nama=nama,
        jenis=JenisKoneksi.LANGGANAN_SENDIRI,
        bandwidth_mbps=Decimal("50"),
    )


def _tambah():
    return reverse("jaringan:gangguan_tambah")


# --- Logging --------------------------------------------------------------------------------


def test_operator_logs_a_disruption_of_their_opd(client, operator_a, opd_a):
    client.force_login(operator_a)
    koneksi = _koneksi(opd_a)

    response = client.post(_tambah(), _data(opd_a, koneksi=koneksi.pk, nama_pelapor="Pak Rudi"))

    gangguan = Gangguan.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("jaringan:gangguan_detail", args=[gangguan.pk])
    assert gangguan.opd == opd_a and gangguan.pelapor == operator_a
    assert gangguan.koneksi == koneksi and gangguan.nama_pelapor == "Pak Rudi"
    # 08:00 WITA yesterday is 00:00 UTC yesterday.
    assert gangguan.mulai.astimezone(UTC).hour == 0
    assert gangguan.selesai - gangguan.mulai == timedelta(hours=2)
    assert gangguan.history.count() == 1


def test_the_form_offers_an_operator_only_their_own_opd(client, operator_a, opd_a, opd_b):
    client.force_login(operator_a)

    html = client.get(_tambah()).content.decode()

    assert opd_a.nama in html and opd_b.nama not in html
    assert 'type="datetime-local"' in html


def test_an_ongoing_disruption_has_no_end(client, operator_a, opd_a):
    client.force_login(operator_a)

    client.post(_tambah(), _data(opd_a, selesai="", masih_berlangsung="on"))

    assert Gangguan.objects.get().selesai is None


def test_an_operator_posting_another_opds_id_logs_nothing(client, operator_a, opd_b):
    client.force_login(operator_a)

    response = client.post(_tambah(), _data(opd_b))

    assert response.status_code == 200
    assert "Masukkan pilihan yang valid" in response.content.decode()
    assert not Gangguan.objects.exists()


def test_another_opds_link_is_a_form_error_for_an_operator(client, operator_a, opd_a, opd_b):
    client.force_login(operator_a)

    response = client.post(_tambah(), _data(opd_a, koneksi=_koneksi(opd_b).pk))

    assert response.status_code == 200
    assert "galat-gangguan" in response.content.decode()
    assert not Gangguan.objects.exists()


def test_an_admin_cannot_pair_one_opd_with_another_opds_link(client, admin_user, opd_a, opd_b):
    client.force_login(admin_user)

    response = client.post(_tambah(), _data(opd_a, koneksi=_koneksi(opd_b).pk))

    assert "Koneksi ini bukan milik OPD yang dipilih." in response.content.decode()
    assert not Gangguan.objects.exists()


@pytest.mark.parametrize(
    ("ubah", "pesan"),
    [
        (
            {"selesai": _lokal(datetime(2026, 1, 1, 7, 0, tzinfo=WITA))},
            "Waktu selesai tidak boleh sebelum waktu mulai.",
        ),
        ({"selesai": ""}, "Isi waktu selesai, atau centang Masih berlangsung."),
        ({"penyebab": "lainnya", "penyebab_lain": "  "}, "Jelaskan penyebabnya bila memilih"),
        ({"mulai": "0001-01-01T00:00"}, "Waktu mulai tidak wajar; periksa tahunnya."),
        ({"mulai": "bukan tanggal"}, "Masukkan tanggal/waktu yang valid."),
        ({"penyebab": "sabotase"}, "Masukkan pilihan yang valid"),
    ],
)
def test_bad_input_is_refused_with_a_message(client, operator_a, opd_a, ubah, pesan):
    client.force_login(operator_a)
    data = _data(opd_a, mulai=_lokal(datetime(2026, 1, 1, 8, 0, tzinfo=WITA)))
    data.update(ubah)

    response = client.post(_tambah(), data)

    assert response.status_code == 200
    assert pesan in response.content.decode()
    assert not Gangguan.objects.exists()


def test_a_start_far_in_the_future_is_refused(client, operator_a, opd_a):
    client.force_login(operator_a)
    besok = timezone.now() + timedelta(days=2)

    response = client.post(
        _tambah(), _data(opd_a, mulai=_lokal(besok), selesai="", masih_berlangsung="on")
    )

    assert "Waktu mulai tidak boleh di masa depan." in response.content.decode()
    assert not Gangguan.objects.exists()


def test_the_same_form_sent_twice_makes_one_row(client, operator_a, opd_a):
    client.force_login(operator_a)
    data = _data(opd_a)

    first = client.post(_tambah(), data)
    second = client.post(_tambah(), data)

    gangguan = Gangguan.objects.get()
    assert first.url == second.url == reverse("jaringan:gangguan_detail", args=[gangguan.pk])


def test_a_twin_inserted_between_check_and_insert_is_a_form_error_not_a_500(
    client, operator_a, opd_a
):
    # As in tests/test_klik_ganda.py, the simulated twin rolls back with the refused insert;
    # the threaded test below shows the committed outcome (one row, both clicks redirected).
    client.force_login(operator_a)
    data = _data(opd_a)

    def twin(g):
        return Gangguan(
            opd=g.opd,
            pelapor=g.pelapor,
            mulai=g.mulai,
            selesai=g.selesai,
            layanan=g.layanan,
            penyebab=g.penyebab,
            kunci_kirim=g.kunci_kirim,
        )

    with twin_saved_first(Gangguan, twin):
        response = client.post(_tambah(), data)

    assert response.status_code == 200
    assert "Formulir ini sedang atau sudah dikirim" in response.content.decode()


@pytest.mark.django_db(transaction=True)
def test_two_clicks_at_once_create_one_disruption(operator_a, opd_a):
    from django.test import Client

    from tests.helpers import at_once

    data = _data(opd_a)

    def click():
        client = Client()
        client.force_login(operator_a)
        return client.post(_tambah(), data).status_code

    codes = at_once([click, click])

    assert codes == [302, 302]
    assert Gangguan.objects.count() == 1


def test_someone_elses_key_does_not_reach_their_row(client, operator_a, opd_a, opd_b):
    lain = buat_gangguan(opd_b, PenggunaFactory(peran=Peran.ADMIN), kunci_kirim=uuid.uuid4())
    client.force_login(operator_a)

    client.post(_tambah(), _data(opd_a, kunci=str(lain.kunci_kirim)))

    assert Gangguan.objects.filter(opd=opd_a).count() == 1
    assert Gangguan.objects.get(pk=lain.pk).opd == opd_b


# --- Closing, editing, deleting -------------------------------------------------------------


def test_tandai_selesai_closes_once(client, operator_a, opd_a):
    gangguan = buat_gangguan(opd_a, operator_a, mulai=_kemarin(8), selesai=None)
    client.force_login(operator_a)
    url = reverse("jaringan:gangguan_selesai", args=[gangguan.pk])

    client.post(url, {"selesai": _lokal(_kemarin(11)), "tindakan": "Modem diganti"})
    second = client.post(url, {"selesai": _lokal(_kemarin(12)), "tindakan": "Lain"}, follow=True)

    gangguan.refresh_from_db()
    assert gangguan.selesai - gangguan.mulai == timedelta(hours=3)
    assert gangguan.tindakan == "Modem diganti"
    assert "sudah ditandai selesai" in second.content.decode()
    assert gangguan.history.count() == 2


def test_tandai_selesai_before_the_start_changes_nothing(client, operator_a, opd_a):
    gangguan = buat_gangguan(opd_a, operator_a, mulai=_kemarin(8), selesai=None)
    client.force_login(operator_a)

    response = client.post(
        reverse("jaringan:gangguan_selesai", args=[gangguan.pk]),
        {"selesai": _lokal(_kemarin(7))},
    )

    assert "Waktu selesai tidak boleh sebelum waktu mulai." in response.content.decode()
    gangguan.refresh_from_db()
    assert gangguan.selesai is None


def test_an_operator_cannot_move_a_disruption_to_another_opd(client, operator_a, opd_a, opd_b):
    gangguan = buat_gangguan(opd_a, operator_a)
    client.force_login(operator_a)

    response = client.post(
        reverse("jaringan:gangguan_ubah", args=[gangguan.pk]), _data(opd_b, layanan="Diubah")
    )

    assert response.status_code == 200
    gangguan.refresh_from_db()
    assert (gangguan.opd, gangguan.layanan) == (opd_a, "Internet kantor")


def test_an_edit_is_kept_in_the_history_shown_on_the_page(client, admin_user, operator_a, opd_a):
    gangguan = buat_gangguan(opd_a, operator_a, mulai=_kemarin(8))
    client.force_login(admin_user)

    client.post(
        reverse("jaringan:gangguan_ubah", args=[gangguan.pk]),
        _data(opd_a, mulai=_lokal(_kemarin(8)), selesai=_lokal(_kemarin(9)), layanan="SIMPEG"),
    )
    html = client.get(reverse("jaringan:gangguan_detail", args=[gangguan.pk])).content.decode()

    gangguan.refresh_from_db()
    assert gangguan.layanan == "SIMPEG" and gangguan.pelapor == operator_a
    assert "mengubah layanan terdampak" in html
    assert gangguan.history.first().history_user == admin_user


def test_deleting_asks_first_and_history_keeps_the_row(client, operator_a, opd_a):
    gangguan = buat_gangguan(opd_a, operator_a)
    client.force_login(operator_a)
    url = reverse("jaringan:gangguan_hapus", args=[gangguan.pk])

    ask = client.post(url)
    assert ask.status_code == 200 and "Hapus catatan gangguan?" in ask.content.decode()
    assert Gangguan.objects.filter(pk=gangguan.pk).exists()

    client.post(url, {"konfirmasi": "ya"})

    assert not Gangguan.objects.filter(pk=gangguan.pk).exists()
    terakhir = Gangguan.history.filter(id=gangguan.pk).order_by("-history_date").first()
    assert terakhir.history_type == "-" and terakhir.history_user == operator_a


# --- The list -------------------------------------------------------------------------------


def test_the_list_filters_by_month_opd_cause_and_ongoing(client, admin_user, opd_a, opd_b):
    okt = buat_gangguan(opd_a, admin_user, mulai=datetime(2025, 10, 3, 8, tzinfo=WITA))
    nov_a = buat_gangguan(
        opd_a, admin_user, mulai=datetime(2025, 11, 3, 8, tzinfo=WITA), penyebab="listrik"
    )
    nov_b = buat_gangguan(opd_b, admin_user, mulai=datetime(2025, 11, 9, 8, tzinfo=WITA))
    jalan = buat_gangguan(opd_b, admin_user, selesai=None, layanan="Masih mati")
    client.force_login(admin_user)
    url = reverse("jaringan:gangguan")

    def rows(**params):
        return [g.pk for g in client.get(url, params).context["page"]]

    assert rows() == [jalan.pk, nov_b.pk, nov_a.pk, okt.pk]
    assert rows(bulan="2025-11") == [nov_b.pk, nov_a.pk]
    assert rows(bulan="2025-11", opd=opd_a.pk) == [nov_a.pk]
    assert rows(penyebab="listrik") == [nov_a.pk]
    assert rows(berlangsung="on") == [jalan.pk]
    assert rows(bulan="garbage", opd="x") == [jalan.pk, nov_b.pk, nov_a.pk, okt.pk]


def test_an_operator_sees_only_their_opds_disruptions(client, operator_a, opd_a, opd_b):
    own = buat_gangguan(opd_a, operator_a)
    buat_gangguan(opd_b, operator_a)
    client.force_login(operator_a)

    response = client.get(reverse("jaringan:gangguan"), {"opd": opd_b.pk})

    assert [g.pk for g in response.context["page"]] == [own.pk]


@pytest.mark.parametrize("n", [2, 20])
def test_the_list_query_count_does_not_grow(client, admin_user, django_assert_max_num_queries, n):
    for i in range(n):
        opd = OpdFactory()
        koneksi = _koneksi(opd, nama=f"Tautan {i}")
        buat_gangguan(opd, PenggunaFactory(peran=Peran.ADMIN), koneksi=koneksi)
    client.force_login(admin_user)

    # session, user, count, page with OPD/reporter/link, OPD choices; savepoints around them.
    with django_assert_max_num_queries(10):
        response = client.get(reverse("jaringan:gangguan"))

    assert len(response.context["page"]) == n


@pytest.mark.parametrize("n", [2, 20])
def test_the_recap_query_count_does_not_grow(client, admin_user, django_assert_max_num_queries, n):
    for _ in range(n):
        buat_gangguan(OpdFactory(), admin_user)
    client.force_login(admin_user)

    with django_assert_max_num_queries(6):
        response = client.get(reverse("jaringan:gangguan_rekap"))

    assert response.context["rekap"].jumlah == n


# --- The monthly recap and its export -------------------------------------------------------


@pytest.fixture
def november(admin_user, operator_a, opd_a, opd_b):
    """November 2025 (WITA), by hand:
    - opd_a: 08:00–11:00 ISP (3 h); 30 Nov 22:00 → 1 Dec 02:00 power (2 h in November)
      → 2 disruptions, 5.00 h;
    - opd_b: 10:00–11:30 device (1.5 h); 1 Nov 00:30 WITA (= 31 Oct 16:30 UTC) to 02:45 ISP
      (2.25 h) → 2 disruptions, 3.75 h; ranked after opd_a on hours;
    - an October one of opd_b that ended at 1 Nov 00:00 does not count."""
    buat_gangguan(
        opd_a,
        operator_a,
        mulai=d(2025, 11, 4, 8),
        selesai=d(2025, 11, 4, 11),
        layanan='=HYPERLINK("http://x","klik")',
    )
    buat_gangguan(
        opd_a, operator_a, mulai=d(2025, 11, 30, 22), selesai=d(2025, 12, 1, 2), penyebab="listrik"
    )
    buat_gangguan(
        opd_b,
        admin_user,
        mulai=d(2025, 11, 12, 10),
        selesai=d(2025, 11, 12, 11, 30),
        penyebab="perangkat",
    )
    buat_gangguan(opd_b, admin_user, mulai=d(2025, 11, 1, 0, 30), selesai=d(2025, 11, 1, 2, 45))
    buat_gangguan(opd_b, admin_user, mulai=d(2025, 10, 31, 20), selesai=d(2025, 11, 1, 0))


def test_the_recap_ranks_opds_and_sums_causes(client, admin_user, opd_a, opd_b, november):
    client.force_login(admin_user)

    response = client.get(reverse("jaringan:gangguan_rekap"), {"bulan": "2025-11"})

    rekap = response.context["rekap"]
    assert [(b.opd, b.jumlah, b.jam) for b in rekap.per_opd] == [
        (opd_a, 2, Decimal("5.00")),
        (opd_b, 2, Decimal("3.75")),
    ]
    assert {b.penyebab: (b.jumlah, b.jam) for b in rekap.per_penyebab} == {
        "human_error": (0, Decimal("0.00")),
        "listrik": (1, Decimal("2.00")),
        "perangkat": (1, Decimal("1.50")),
        "isp": (2, Decimal("5.25")),
        "lainnya": (0, Decimal("0.00")),
    }
    assert (rekap.jumlah, rekap.jam) == (4, Decimal("8.75"))
    html = response.content.decode()
    assert opd_a.nama in html and "8,75" in html  # Indonesian decimal comma
    assert response.context["terlama"] is None  # the most frequent is also the longest


def test_the_recap_names_the_longest_outage_when_it_is_not_the_most_frequent(
    client, admin_user, opd_a, opd_b
):
    for hari in (3, 4):  # opd_a: 2 disruptions of 1 h
        buat_gangguan(opd_a, admin_user, mulai=d(2025, 11, hari, 8), selesai=d(2025, 11, hari, 9))
    buat_gangguan(opd_b, admin_user, mulai=d(2025, 11, 5, 8), selesai=d(2025, 11, 5, 20))
    client.force_login(admin_user)

    response = client.get(reverse("jaringan:gangguan_rekap"), {"bulan": "2025-11"})

    assert response.context["teratas"].opd == opd_a
    assert (response.context["terlama"].opd, response.context["terlama"].jam) == (
        opd_b,
        Decimal("12.00"),
    )


def test_an_operator_sees_only_their_opds_figures(client, operator_a, opd_a, opd_b, november):
    client.force_login(operator_a)

    rekap = client.get(reverse("jaringan:gangguan_rekap"), {"bulan": "2025-11"}).context["rekap"]

    assert [(b.opd, b.jumlah, b.jam) for b in rekap.per_opd] == [(opd_a, 2, Decimal("5.00"))]
    assert (rekap.jumlah, rekap.jam) == (2, Decimal("5.00"))


def test_the_december_recap_has_the_tail_of_the_crossing_disruption(
    client, admin_user, opd_a, november
):
    client.force_login(admin_user)

    rekap = client.get(reverse("jaringan:gangguan_rekap"), {"bulan": "2025-12"}).context["rekap"]

    assert [(b.opd, b.jumlah, b.jam) for b in rekap.per_opd] == [(opd_a, 1, Decimal("2.00"))]


def test_the_xlsx_export_reads_back_with_the_same_figures(client, pimpinan, opd_a, opd_b, november):
    client.force_login(pimpinan)

    response = client.get(reverse("jaringan:gangguan_rekap_xlsx"), {"bulan": "2025-11"})

    assert response["Content-Disposition"].endswith('gangguan-jaringan-2025-11.xlsx"')
    buku = load_workbook(io.BytesIO(response.content))
    assert buku.sheetnames == ["Gangguan", "Rekap per OPD", "Per penyebab"]
    gangguan = list(buku["Gangguan"].iter_rows(min_row=2, values_only=True))
    assert len(gangguan) == 4
    # Oldest first: opd_b's 1 Nov 00:30 (local time written, not UTC).
    assert gangguan[0][0] == opd_b.nama and gangguan[0][1] == datetime(2025, 11, 1, 0, 30)
    assert gangguan[0][3] == 2.25 and gangguan[0][4] == 2.25
    # The crossing one: 4 h long, 2 h in November.
    lintas = next(r for r in gangguan if r[6] == "Listrik")
    assert (lintas[3], lintas[4]) == (4, 2)
    rekap = list(buku["Rekap per OPD"].iter_rows(min_row=2, values_only=True))
    assert rekap == [
        (1, opd_a.nama, 2, 5),
        (2, opd_b.nama, 2, 3.75),
        (None, "Jumlah", 4, 8.75),
    ]
    sebab = {
        r[0]: (r[1], r[2]) for r in buku["Per penyebab"].iter_rows(min_row=2, values_only=True)
    }
    assert sebab["ISP"] == (2, 5.25) and sebab["Human error"] == (0, 0)
    # A text starting with "=" stays text.
    sel = next(
        c for c in buku["Gangguan"]["F"] if isinstance(c.value, str) and c.value.startswith("=")
    )
    assert sel.data_type == "s" and sel.value == '=HYPERLINK("http://x","klik")'


def test_the_recap_month_comes_from_the_select_and_garbage_is_this_month(client, admin_user):
    client.force_login(admin_user)
    hari_ini = timezone.localdate()

    response = client.get(reverse("jaringan:gangguan_rekap"), {"bulan": "2025-99"})

    assert response.status_code == 200
    assert (response.context["rekap"].tahun, response.context["rekap"].bulan) == (
        hari_ini.year,
        hari_ini.month,
    )
    assert f'value="{hari_ini:%Y-%m}" selected' in response.content.decode()


# --- Demo -----------------------------------------------------------------------------------


def test_the_demo_runs_twice_without_change(opd_a):
    from opd.models import Opd

    singkatan = ["Diskominfopers", "BKD", "Bappeda", "Dinkes", "Disdikbud", "RSUD", "Dukcapil"]
    opd = {s: OpdFactory(singkatan=s) for s in singkatan}
    admin = PenggunaFactory(username="admin.demo", peran=Peran.ADMIN)
    kominfo = PenggunaFactory(peran=Peran.OPERATOR, opd=opd["Diskominfopers"])
    bkd = PenggunaFactory(peran=Peran.OPERATOR, opd=opd["BKD"])

    pertama = seed_gangguan_demo(admin=admin, operator_kominfo=kominfo, operator_bkd=bkd)
    rows = list(Gangguan.objects.order_by("pk").values_list("pk", "mulai", "selesai"))
    kedua = seed_gangguan_demo(admin=admin, operator_kominfo=kominfo, operator_bkd=bkd)

    assert pertama.startswith("Log gangguan demo: 15 gangguan")
    assert kedua == "Log gangguan demo sudah ada (15 gangguan)."
    assert list(Gangguan.objects.order_by("pk").values_list("pk", "mulai", "selesai")) == rows
    assert Gangguan.objects.filter(selesai__isnull=True).count() == 1
    assert Gangguan.objects.filter(penyebab="isp").count() == 8
    assert Gangguan.objects.filter(pelapor=kominfo).count() == 4
    assert Opd.objects.filter(gangguan__isnull=False).distinct().count() == 7


def test_a_disruptions_changes_reach_the_log_aktivitas_page(client, admin_user, operator_a, opd_a):
    gangguan = buat_gangguan(opd_a, operator_a, layanan="SIMPEG")
    client.force_login(operator_a)
    client.post(reverse("jaringan:gangguan_hapus", args=[gangguan.pk]), {"konfirmasi": "ya"})
    client.force_login(admin_user)

    html = client.get(reverse("log_aktivitas")).content.decode()

    assert "gangguan jaringan" in html.lower()
    assert "SIMPEG" in html


def test_an_edit_naming_another_opds_link_changes_nothing(client, operator_a, opd_a, opd_b):
    gangguan = buat_gangguan(opd_a, operator_a, mulai=_kemarin(8))
    client.force_login(operator_a)

    response = client.post(
        reverse("jaringan:gangguan_ubah", args=[gangguan.pk]),
        _data(opd_a, layanan="Diubah", koneksi=_koneksi(opd_b).pk),
    )

    assert response.status_code == 200 and "galat-gangguan" in response.content.decode()
    gangguan.refresh_from_db()
    assert (gangguan.layanan, gangguan.koneksi) == ("Internet kantor", None)
    assert gangguan.history.count() == 1


def test_oversized_text_is_a_form_error(client, operator_a, opd_a):
    client.force_login(operator_a)

    response = client.post(_tambah(), _data(opd_a, layanan="x" * 10_000))

    assert "Pastikan nilai ini mengandung paling banyak 200 karakter" in response.content.decode()
    assert not Gangguan.objects.exists()
