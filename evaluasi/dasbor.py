"""Reads behind the dashboard, the OPD result page, the reports and the Excel recap.

Every figure comes from the cached columns of Penilaian (index, predikat, progress and the
aspect/domain values), so the number of queries does not depend on the number of OPDs.
"""

from collections import Counter
from decimal import Decimal

from django.db.models import Avg, Prefetch

from evaluasi import scoring
from evaluasi.models import (
    Aspek,
    Domain,
    Indikator,
    Jawaban,
    KriteriaLevel,
    Penilaian,
    Periode,
    StatusPenilaian,
)
from evaluasi.selectors import scoring_def
from tpp import rules

URUTAN = {
    "nomor": lambda r: (r["opd"].urutan, r["opd"].nama),
    "nama": lambda r: r["opd"].nama.casefold(),
    "kemajuan": lambda r: r["penilaian"].kemajuan,
    "indeks_mandiri": lambda r: r["penilaian"].indeks_mandiri,
    "indeks_final": lambda r: r["indeks_final"],
    "tpp": lambda r: r["tpp"],
}


def _mean(values: list[Decimal]) -> Decimal | None:
    return scoring.bulatkan(sum(values) / len(values)) if values else None


def recap_rows(periode: Periode, *, lihat_final: bool) -> list[dict]:
    """One row per penilaian of the period, with final figures only when visible."""
    rows = []
    for p in periode.penilaian.select_related("opd").order_by("opd__urutan", "opd__nama"):
        final = lihat_final and p.status == StatusPenilaian.FINAL
        predikat = p.predikat_final if final else ""
        rows.append(
            {
                "penilaian": p,
                "opd": p.opd,
                "indeks_final": p.indeks_final if final else None,
                "predikat": predikat,
                "tpp": rules.persentase(predikat) if final else None,
                "selisih": (p.indeks_mandiri - p.indeks_final)
                if final and p.indeks_mandiri is not None
                else None,
            }
        )
    return rows


def dashboard(
    periode: Periode,
    *,
    lihat_final: bool,
    q: str = "",
    jenis: str = "",
    predikat: str = "",
    urut: str = "nomor",
    arah: str = "asc",
) -> dict:
    rows = recap_rows(periode, lihat_final=lihat_final)
    bands = list(periode.instrumen.predikat.order_by("batas_bawah"))
    aspects = list(Aspek.objects.filter(instrumen_id=periode.instrumen_id).order_by("nomor"))
    domains = list(Domain.objects.filter(instrumen_id=periode.instrumen_id).order_by("nomor"))

    status_count = Counter(r["penilaian"].status for r in rows)
    belum_mulai = [r["opd"] for r in rows if r["penilaian"].kemajuan == 0]
    distribusi = Counter(r["predikat"] for r in rows if r["predikat"])

    def averages(items, field):
        return [
            {
                "nomor": item.nomor,
                "nama": item.nama,
                "mandiri": _mean(
                    [
                        Decimal(v)
                        for r in rows
                        if (v := getattr(r["penilaian"], f"{field}_mandiri").get(str(item.nomor)))
                    ]
                ),
                "final": _mean(
                    [
                        Decimal(v)
                        for r in rows
                        if r["indeks_final"] is not None
                        and (v := getattr(r["penilaian"], f"{field}_final").get(str(item.nomor)))
                    ]
                ),
            }
            for item in items
        ]

    selected = [
        r
        for r in rows
        if (
            not q
            or q.casefold() in r["opd"].nama.casefold()
            or q.casefold() in r["opd"].singkatan.casefold()
        )
        and (not jenis or r["opd"].jenis == jenis)
        and (not predikat or r["predikat"] == predikat)
    ]
    key = URUTAN.get(urut, URUTAN["nomor"])
    present = [r for r in selected if key(r) is not None]
    missing = [r for r in selected if key(r) is None]
    present.sort(key=key, reverse=arah == "desc")
    selisih = sorted(
        (r for r in rows if r["selisih"] is not None), key=lambda r: r["selisih"], reverse=True
    )
    return {
        "rows": present + missing,  # rows without the sorted figure always come last
        "jumlah": len(rows),
        "status_count": [
            (value, label, status_count.get(value, 0)) for value, label in StatusPenilaian.choices
        ],
        "belum_mulai": belum_mulai,
        "bands": bands,
        "distribusi": [(b, distribusi.get(b.nama, 0)) for b in reversed(bands)],
        "rata_aspek": averages(aspects, "aspek"),
        "rata_domain": averages(domains, "domain"),
        "selisih": selisih[:10],
        "rata_indeks_final": _mean(
            [r["indeks_final"] for r in rows if r["indeks_final"] is not None]
        ),
        "rata_indeks_mandiri": _mean(
            [
                r["penilaian"].indeks_mandiri
                for r in rows
                if r["penilaian"].indeks_mandiri is not None
            ]
        ),
    }


def tren_pemda() -> list[dict]:
    """Average self and final index of the whole pemerintah daerah per period (one query)."""
    return list(
        Periode.objects.order_by("tahun")
        .annotate(
            mandiri=Avg("penilaian__indeks_mandiri"),
            final=Avg("penilaian__indeks_final"),
        )
        .values("tahun", "status", "mandiri", "final")
    )


def tren_opd(opd_id: int) -> list[dict]:
    return list(
        Penilaian.objects.filter(opd_id=opd_id)
        .order_by("periode__tahun")
        .values("periode__tahun", "periode__status", "status", "indeks_mandiri", "indeks_final")
    )


def hasil_opd(penilaian: Penilaian, *, lihat_final: bool) -> dict:
    """The OPD result page: both indices, aspect/domain values, every indicator, gap analysis."""
    instrumen = penilaian.periode.instrumen
    indikator = list(
        Indikator.objects.filter(instrumen=instrumen)
        .select_related("aspek__domain")
        .order_by("nomor")
        .prefetch_related(Prefetch("kriteria", queryset=KriteriaLevel.objects.order_by("level")))
    )
    jawaban = {j.indikator_id: j for j in Jawaban.objects.filter(penilaian=penilaian)}
    na = set(penilaian.tidak_berlaku.values_list("indikator__nomor", flat=True))
    definition = scoring_def(instrumen)
    levels = {i.nomor: getattr(jawaban.get(i.pk), "level", None) for i in indikator}
    levels_final = {i.nomor: getattr(jawaban.get(i.pk), "level_final", None) for i in indikator}
    mandiri = scoring.hitung(definition, levels, na)
    final = (
        scoring.hitung(definition, levels_final, na)
        if lihat_final and penilaian.status == StatusPenilaian.FINAL
        else None
    )
    basis = levels_final if final else levels
    gap = scoring.analisis_gap(definition, basis, na)
    names = {i.nomor: i.nama for i in indikator}
    aspects = {i.aspek.nomor: i.aspek for i in indikator}
    domains = {i.aspek.domain.nomor: i.aspek.domain for i in indikator if i.aspek.domain_id}
    return {
        "mandiri": mandiri,
        "final": final,
        "gap": gap,
        "saran": _saran(gap, names),
        "nama_indikator": names,
        "aspek": [
            {
                "aspek": a,
                "mandiri": mandiri.aspek.get(n),
                "final": final.aspek.get(n) if final else None,
            }
            for n, a in sorted(aspects.items())
        ],
        "domain": [
            {
                "domain": d,
                "mandiri": mandiri.domain.get(n),
                "final": final.domain.get(n) if final else None,
            }
            for n, d in sorted(domains.items())
        ],
        "indikator": [
            {
                "indikator": i,
                "jawaban": jawaban.get(i.pk),
                "berlaku": i.nomor not in na,
                "level_final": levels_final[i.nomor] if final else None,
            }
            for i in indikator
        ],
        "tpp": rules.persentase(penilaian.predikat_final) if final else None,
        "warna": {p.nama: p.warna for p in instrumen.predikat.all()},
    }


def _saran(gap: scoring.AnalisisGap, names: dict[int, str]) -> str:
    """The gap analysis in one Indonesian sentence."""
    if gap.target is None:
        return "Predikat tertinggi sudah tercapai."
    if not gap.langkah:
        return f"Predikat {gap.target} tidak dapat dicapai dengan indikator yang berlaku."
    parts = [f"{names[lg.nomor]} (indikator {lg.nomor}) ke level {lg.ke}" for lg in gap.langkah]
    joined = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " dan " + parts[-1]
    return f"Naikkan {joined} untuk mencapai {gap.target}."
