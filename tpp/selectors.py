"""Reads behind the TPP pages: per-OPD percentages, employees' SPBE components, totals."""

from collections import defaultdict
from decimal import Decimal

from django.db.models import Case, IntegerField, Value, When

from evaluasi.models import Periode, StatusPenilaian
from tpp import rules
from tpp.models import AturanTpp, Pegawai


def aturan_periode(periode: Periode) -> AturanTpp | None:
    """The TPP rule that reads this evaluation period: the one for the period's own TPP year
    when there is one, else the newest rule reading it; None when no rule reads it."""
    return (
        AturanTpp.objects.filter(periode=periode)
        .prefetch_related("persentase")
        .order_by(
            Case(
                When(tahun=periode.tahun_tpp, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            ),
            "-tahun",
        )
        .first()
    )


def tabel_tpp(periode: Periode) -> dict[str, Decimal] | None:
    """{predikat: percent} of the period's TPP rule, or None when it has none (two queries)."""
    aturan = aturan_periode(periode)
    return aturan.tabel if aturan is not None else None


def tpp_per_opd(aturan: AturanTpp, *, lihat_final: bool) -> list[dict]:
    """Every OPD of the rule's period with its predikat, percentage and employees' totals.

    An OPD without a final result has persen None ("belum ada hasil final"), never 0 %.
    """
    tabel = aturan.tabel
    employees = defaultdict(list)
    for p in Pegawai.objects.filter(opd__penilaian__periode=aturan.periode).only(
        "opd_id", "tpp_dasar"
    ):
        employees[p.opd_id].append(p.tpp_dasar)
    rows = []
    for penilaian in aturan.periode.penilaian.select_related("opd").order_by(
        "opd__urutan", "opd__nama"
    ):
        final = lihat_final and penilaian.status == StatusPenilaian.FINAL
        tpp = rules.persen_tpp(penilaian.predikat_final if final else "", tabel)
        persen = tpp.persen
        amounts = employees.get(penilaian.opd_id, [])
        rows.append(
            {
                "opd": penilaian.opd,
                "penilaian": penilaian,
                "predikat": penilaian.predikat_final if final else "",
                "persen": persen,
                "keterangan": tpp.keterangan,
                "jumlah_pegawai": len(amounts),
                "total_dasar": sum(amounts),
                "total_komponen": sum(rules.komponen_spbe(a, persen) for a in amounts)
                if persen is not None
                else None,
            }
        )
    return rows


def pegawai_rows(aturan: AturanTpp, *, lihat_final: bool, opd=None) -> list[dict]:
    """Employees (of one OPD, or all) with their SPBE component under this rule."""
    per_opd = {r["opd"].pk: r for r in tpp_per_opd(aturan, lihat_final=lihat_final)}
    qs = Pegawai.objects.select_related("opd").order_by("opd__urutan", "opd__nama", "nama")
    if opd is not None:
        qs = qs.filter(opd=opd)
    rows = []
    for p in qs:
        opd_row = per_opd.get(p.opd_id)
        persen = opd_row["persen"] if opd_row else None
        rows.append(
            {
                "pegawai": p,
                "predikat": opd_row["predikat"] if opd_row else "",
                "persen": persen,
                "keterangan": opd_row["keterangan"] if opd_row else rules.BELUM_FINAL,
                "komponen": rules.komponen_spbe(p.tpp_dasar, persen)
                if persen is not None
                else None,
            }
        )
    return rows
