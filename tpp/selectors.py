"""Reads behind the TPP pages: per-OPD percentages, employees' SPBE components, totals."""

from collections import defaultdict

from evaluasi.models import StatusPenilaian
from tpp import rules
from tpp.models import AturanTpp, Pegawai


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
        persen = rules.persentase(penilaian.predikat_final, tabel) if final else None
        amounts = employees.get(penilaian.opd_id, [])
        rows.append(
            {
                "opd": penilaian.opd,
                "penilaian": penilaian,
                "predikat": penilaian.predikat_final if final else "",
                "persen": persen,
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
                "komponen": rules.komponen_spbe(p.tpp_dasar, persen)
                if persen is not None
                else None,
            }
        )
    return rows
