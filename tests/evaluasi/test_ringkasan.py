"""The per-period summary behind the dashboard's averages and counts (RingkasanPeriode):
kept by the write path through every status change, equal to the averages and counts of
the stored rows, final figures only for whoever may see them, rebuilt by the migration and
command."""

import importlib
from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.apps import apps as django_apps
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import Avg, Count, Q
from django.urls import reverse

from evaluasi import ringkasan
from evaluasi.laporan import dasbor
from evaluasi.models import Penilaian, RingkasanPeriode, StatusPenilaian, StatusPeriode
from evaluasi.penilaian import services as penilaian_services
from evaluasi.verifikasi import services as verifikasi_services
from tests.evaluasi.test_verifikasi import _fill_and_submit, _review_all

pytestmark = pytest.mark.django_db


def _rows(periode) -> set:
    return set(
        RingkasanPeriode.objects.filter(periode=periode)
        .exclude(jumlah=0)
        .values_list("jenis", "tahap", "nomor", "jumlah", "total")
    )


def _averages(periode) -> set:
    """The rows behind the averages (aspect, domain, whole index), without the counts."""
    return {r for r in _rows(periode) if _average(r)}


def _average(row) -> bool:
    return row[0] in ("aspek", "domain", "indeks") and row[1] in ("mandiri", "final")


def _counts_match_sql(client, periode):
    """The dashboard's and period page's counts equal SQL's own count of the stored rows."""
    rows = Penilaian.objects.filter(periode=periode)
    per_status = dict(rows.order_by().values_list("status").annotate(n=Count("pk")))
    final = rows.filter(status=StatusPenilaian.FINAL)
    ctx = client.get(reverse("evaluasi:dashboard"), {"periode": periode.pk}).context
    assert {v: n for v, _, n in ctx["status_count"]} == {
        v: per_status.get(v, 0) for v in StatusPenilaian.values
    }
    assert ctx["jumlah"] == rows.count()
    assert ctx["jumlah_belum_mulai"] == rows.filter(kemajuan=0).count()
    assert ctx["jumlah_diajukan"] == rows.exclude(status=StatusPenilaian.DRAFT).count()
    assert ctx["jumlah_final"] == final.count()
    per_predikat = dict(final.order_by().values_list("predikat_final").annotate(n=Count("pk")))
    assert {b.nama: n for b, n in ctx["distribusi"] if n} == per_predikat
    mandiri_final = final.aggregate(a=Avg("indeks_mandiri"))["a"]
    assert ctx["rata_mandiri_final"] == (
        None
        if mandiri_final is None
        else Decimal(mandiri_final).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    )
    page = client.get(reverse("evaluasi:periode_detail", args=[periode.pk])).context
    assert page["status_count"] == ctx["status_count"]
    assert page["jumlah_penilaian"] == rows.count()


def _expected(periode, jenis: str, tahap: str) -> dict[int, Decimal]:
    """Averages straight from the stored JSON of every penilaian: a self value of each
    submitted (non-draft) penilaian, a final value of each final one."""
    values: dict[int, list[Decimal]] = {}
    for p in Penilaian.objects.filter(periode=periode):
        if tahap == "mandiri" and p.status == StatusPenilaian.DRAFT:
            continue
        if tahap == "final" and p.status != StatusPenilaian.FINAL:
            continue
        for nomor, value in getattr(p, f"{jenis}_{tahap}").items():
            values.setdefault(int(nomor), []).append(Decimal(value))
    return {
        n: (sum(v) / len(v)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
        for n, v in values.items()
    }


def _shown(client, periode, key: str, tahap: str) -> dict[int, Decimal]:
    data = client.get(reverse("evaluasi:dashboard"), {"periode": periode.pk}).context[key]
    return {a["nomor"]: a[tahap] for a in data if a[tahap] is not None}


def _assert_consistent(client, periode):
    # The incrementally kept rows equal a rebuild from scratch, and the page shows the
    # averages of the stored values.
    kept = _rows(periode)
    penilaian_services.ringkasan_bangun(periode=periode)
    assert _rows(periode) == kept
    _counts_match_sql(client, periode)
    for key, jenis in (("rata_aspek", "aspek"), ("rata_domain", "domain")):
        for tahap in ("mandiri", "final"):
            assert _shown(client, periode, key, tahap) == _expected(periode, jenis, tahap)
    # The pemda's trend (whole index) equals SQL's own average of the stored indices.
    langsung = Penilaian.objects.filter(periode=periode).aggregate(
        mandiri=Avg("indeks_mandiri", filter=~Q(status=StatusPenilaian.DRAFT)),
        final=Avg("indeks_final", filter=Q(status=StatusPenilaian.FINAL)),
    )
    (tren,) = [t for t in dasbor.tren_pemda() if t["pk"] == periode.pk]
    for tahap in ("mandiri", "final"):
        if langsung[tahap] is None:
            assert tren[tahap] is None
        else:
            assert tren[tahap] == pytest.approx(Decimal(langsung[tahap]), abs=Decimal("1e-9"))


@pytest.fixture
def ditugaskan(periode, opd_a, opd_b, evaluator, admin_user):
    verifikasi_services.penugasan_add(
        periode=periode, evaluator=evaluator, opds=[opd_a, opd_b], user=admin_user
    )
    return evaluator


def test_the_summary_follows_every_step_of_the_evaluation(
    client, admin_user, ditugaskan, penilaian_a, penilaian_b, operator_a, operator_b
):
    client.force_login(admin_user)
    assert _averages(penilaian_a.periode) == set()
    _counts_match_sql(client, penilaian_a.periode)
    # b stays a draft with an answer throughout: its work in progress must not count.
    ind = penilaian_b.periode.instrumen.indikator.get(nomor=1)
    penilaian_services.jawaban_save(
        penilaian=penilaian_b,
        indikator=ind,
        user=operator_b,
        level=5,
        penjelasan="Draf.",
        tautan=[],
        versi=0,
    )
    assert _averages(penilaian_a.periode) == set()
    _counts_match_sql(client, penilaian_a.periode)

    _fill_and_submit(penilaian_a, operator_a, {1: 4, 2: 3, 10: 5})
    _assert_consistent(client, penilaian_a.periode)
    assert _shown(client, penilaian_a.periode, "rata_aspek", "mandiri")
    assert _shown(client, penilaian_a.periode, "rata_aspek", "final") == {}

    _review_all(penilaian_a, ditugaskan, dict.fromkeys(range(1, 48), 3))
    verifikasi_services.reviu_finalize(penilaian=penilaian_a, user=ditugaskan)
    _assert_consistent(client, penilaian_a.periode)
    final = _shown(client, penilaian_a.periode, "rata_aspek", "final")
    assert final and set(final.values()) == {Decimal("3.00")}

    verifikasi_services.penilaian_reopen(penilaian=penilaian_a, user=admin_user, alasan="Cek.")
    _assert_consistent(client, penilaian_a.periode)
    assert _shown(client, penilaian_a.periode, "rata_aspek", "final") == {}


def test_no_final_average_before_publication(
    client, admin_user, pimpinan, ditugaskan, penilaian_a, operator_a
):
    periode = penilaian_a.periode
    _fill_and_submit(penilaian_a, operator_a, {})
    _review_all(penilaian_a, ditugaskan, dict.fromkeys(range(1, 48), 3))
    verifikasi_services.reviu_finalize(penilaian=penilaian_a, user=ditugaskan)
    assert RingkasanPeriode.objects.filter(periode=periode, tahap="final").exists()
    client.force_login(pimpinan)

    for key in ("rata_aspek", "rata_domain"):
        assert _shown(client, periode, key, "final") == {}
        assert _shown(client, periode, key, "mandiri")
    # Nor the counts that would tell a final result: predikat, self index of the final ones.
    ctx = client.get(reverse("evaluasi:dashboard"), {"periode": periode.pk}).context
    assert [n for _, n in ctx["distribusi"]] == [0] * len(ctx["distribusi"])
    assert ctx["rata_mandiri_final"] is None and ctx["jumlah_final"] == 0
    assert ctx["rata_indeks_final"] is None

    type(periode).objects.filter(pk=periode.pk).update(status=StatusPeriode.DIPUBLIKASI)
    assert set(_shown(client, periode, "rata_aspek", "final").values()) == {Decimal("3.00")}


def test_the_migration_fills_the_summary_of_existing_periods(
    client, admin_user, ditugaskan, penilaian_a, penilaian_b, operator_a, operator_b
):
    _fill_and_submit(penilaian_a, operator_a, {1: 4})
    _fill_and_submit(penilaian_b, operator_b, {2: 1})
    _review_all(penilaian_a, ditugaskan, dict.fromkeys(range(1, 48), 2))
    verifikasi_services.reviu_finalize(penilaian=penilaian_a, user=ditugaskan)
    kept = _rows(penilaian_a.periode)
    RingkasanPeriode.objects.all().delete()

    importlib.import_module("evaluasi.migrations.0026_ringkasan_periode").isi(django_apps, None)
    # 0026/0027 fill the averages only (what their columns held) ...
    assert _rows(penilaian_a.periode) == _averages(penilaian_a.periode) != set()
    assert _averages(penilaian_a.periode) == {r for r in kept if _average(r)}

    # ... and 0029 rebuilds everything, the counts included.
    importlib.import_module("evaluasi.migrations.0029_ringkasan_hitungan").bangun_ulang(
        django_apps, None
    )
    assert _rows(penilaian_a.periode) == kept
    assert ("status", "final", 0, 1, Decimal(0)) in kept


def test_the_command_rebuilds_after_a_bulk_load_and_refuses_an_unknown_year(
    client, admin_user, periode, penilaian_a, penilaian_b
):
    # Rows written past the services (as seed_scale does) are invisible until rebuilt.
    Penilaian.objects.filter(pk=penilaian_a.pk).update(
        status=StatusPenilaian.DIAJUKAN, aspek_mandiri={"1": "2.00"}, domain_mandiri={"1": "1.00"}
    )
    Penilaian.objects.filter(pk=penilaian_b.pk).update(
        status=StatusPenilaian.DIAJUKAN, aspek_mandiri={"1": "3.01"}
    )
    client.force_login(admin_user)
    assert _shown(client, periode, "rata_aspek", "mandiri") == {}

    call_command("ringkasan_periode", tahun=periode.tahun, stdout=__import__("io").StringIO())

    assert _shown(client, periode, "rata_aspek", "mandiri") == {1: Decimal("2.51")}
    assert _shown(client, periode, "rata_domain", "mandiri") == {1: Decimal("1.00")}
    with pytest.raises(CommandError, match="Tidak ada periode tahun 1990"):
        call_command("ringkasan_periode", tahun=1990)
    assert _shown(client, periode, "rata_aspek", "mandiri") == {1: Decimal("2.51")}


# --- The pure rules ---------------------------------------------------------------------------


def _k(status, am=None, dm=None, af=None, df=None):
    return ringkasan.kontribusi(
        status=status,
        aspek_mandiri=am or {},
        domain_mandiri=dm or {},
        aspek_final=af or {},
        domain_final=df or {},
    )


def test_a_draft_counts_nothing_and_only_a_final_one_counts_its_final_values():
    values = {"am": {"1": "2.50"}, "dm": {"2": "1.25"}, "af": {"1": "3.00"}, "df": {"2": "2.00"}}
    assert _k("draft", **values) == {}
    assert _k("diverifikasi", **values) == {
        ("aspek", "mandiri", 1): Decimal("2.50"),
        ("domain", "mandiri", 2): Decimal("1.25"),
    }
    assert _k("final", **values)[("aspek", "final", 1)] == Decimal("3.00")


def test_the_difference_moves_a_value_between_stages():
    lama = _k("final", am={"1": "2.50"}, af={"1": "3.00"})
    baru = _k("diverifikasi", am={"1": "2.75"}, af={"1": "3.00"})
    assert ringkasan.selisih(lama, baru) == {
        ("aspek", "final", 1): (-1, Decimal("-3.00")),
        ("aspek", "mandiri", 1): (0, Decimal("0.25")),
    }
    assert ringkasan.selisih(baru, baru) == {}
    assert ringkasan.rata(Decimal("5.01"), 2) == Decimal("2.505")
    assert ringkasan.rata(Decimal(0), 0) is None


def _r(status, kemajuan="50", predikat_final="", indeks_mandiri=None):
    return ringkasan.ringkas(
        status=status,
        kemajuan=Decimal(kemajuan),
        predikat_final=predikat_final,
        aspek_mandiri={},
        domain_mandiri={},
        aspek_final={},
        domain_final={},
        indeks_mandiri=indeks_mandiri,
        indeks_final=None,
    )


def test_every_penilaian_counts_once_for_its_status_and_a_final_one_for_its_predikat():
    assert _r("draft", kemajuan="0") == {
        ("status", "draft", 0): Decimal(0),
        ("belum", "mandiri", 0): Decimal(0),
    }
    final = _r("final", kemajuan="100", predikat_final="Baik", indeks_mandiri=Decimal("3.10"))
    assert final[("status", "final", 0)] == Decimal(0)
    assert final[("predikat", "Baik", 0)] == Decimal(0)
    assert final[("indeks", "mandiri_final", 0)] == Decimal("3.10")
    assert ("belum", "mandiri", 0) not in final
    # Reopened: the old predikat stays on the row but no longer counts.
    dibuka = _r("diverifikasi", kemajuan="100", predikat_final="Baik", indeks_mandiri=Decimal(3))
    assert not {k for k in dibuka if k[0] == "predikat" or k[1] == "mandiri_final"}
    assert ringkasan.selisih(final, dibuka)[("status", "final", 0)] == (-1, Decimal(0))


def test_which_summary_rows_are_final_figures():
    assert ringkasan.rahasia("aspek", "final") and ringkasan.rahasia("indeks", "mandiri_final")
    assert ringkasan.rahasia("predikat", "Baik")
    assert not ringkasan.rahasia("status", "final")  # how many are final: not a result
    assert not ringkasan.rahasia("aspek", "mandiri") and not ringkasan.rahasia("belum", "mandiri")
