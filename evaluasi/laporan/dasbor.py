"""Reads behind the dashboard, the OPD result page, the reports and the Excel recap.

Every figure comes from the cached columns of Penilaian (index, predikat, progress and the
aspect/domain values) or, for the dashboard's averages and counts, from the per-period
summary the write path keeps (RingkasanPeriode), so neither the number of queries nor their
cost depends on the number of OPDs.
"""

from collections.abc import Callable
from decimal import Decimal

from django.conf import settings
from django.db.models import F, OuterRef, Q, Subquery

from evaluasi import butir as butir_rules
from evaluasi import ringkasan, saran, scoring
from evaluasi.instrumen.selectors import bukti_kriteria, pohon_instrumen
from evaluasi.models import (
    Aspek,
    Butir,
    Domain,
    Jawaban,
    Penilaian,
    Periode,
    RingkasanPeriode,
    StatusPenilaian,
)
from evaluasi.padanan import selectors as padanan_selectors
from evaluasi.penilaian import selectors as penilaian_selectors
from evaluasi.penilaian.selectors import penilaian_butir
from evaluasi.target import aturan as target_aturan
from evaluasi.target import selectors as target_selectors
from spbe_portal import paging
from tpp import rules
from tpp.selectors import tabel_tpp


def recap_rows(periode: Periode, *, lihat_final: bool) -> list[dict]:
    """One row per penilaian of the period, with final figures only when visible."""
    tabel = tabel_tpp(periode)
    return [
        _row(p, lihat_final, {}, tabel)
        for p in periode.penilaian.select_related("opd").order_by("opd__urutan", "opd__nama")
    ]


PAGE_SIZE = 100

# ORDER BY for the sortable recap columns; rows without the figure always come last.
ORDERING = {
    "nomor": ("opd__urutan", "opd__nama"),
    "nama": ("opd__nama",),
    "kemajuan": ("kemajuan", "opd__nama"),
    "indeks_mandiri": ("indeks_mandiri", "opd__nama"),
    "indeks_final": ("indeks_final", "opd__nama"),
    "tpp": ("indeks_final", "opd__nama"),  # the TPP share rises with the final index
}
FINAL_FIGURES = {"indeks_mandiri", "indeks_final", "tpp"}


def dashboard(
    periode: Periode,
    *,
    lihat_final: bool,
    q: str = "",
    jenis: str = "",
    predikat: str = "",
    urut: str = "nomor",
    arah: str = "asc",
    halaman: int | str = 1,
) -> dict:
    """Everything the dashboard shows: averages and counts from the period's summary, the
    recap table paginated, the short lists read through their indexes, so the cost (queries
    and time) does not grow with the number of OPDs."""
    base = periode.penilaian.all()
    final_q = Q(status__in=ringkasan.STATUS_FINAL) if lihat_final else Q(pk__in=[])
    bands = list(periode.instrumen.predikat.order_by("batas_bawah"))
    aspects = list(Aspek.objects.filter(instrumen_id=periode.instrumen_id).order_by("nomor"))
    domains = list(Domain.objects.filter(instrumen_id=periode.instrumen_id).order_by("nomor"))

    # Counts and averages from the per-period summary the write path keeps (one small query,
    # whatever the number of OPDs); final figures only for whoever may see them.
    summary = penilaian_selectors.periode_ringkasan(periode, lihat_final=lihat_final)
    status_count = penilaian_selectors.status_count(summary)
    per_status = {value: n for value, _, n in status_count}

    def rata(jenis: str, tahap: str, nomor: int = 0):
        jumlah, total = summary.get((jenis, tahap, nomor), (0, Decimal(0)))
        return ringkasan.rata(total, jumlah)

    jumlah_belum = summary.get((ringkasan.BELUM, ringkasan.MANDIRI, 0), (0,))[0]
    distribusi = {
        tahap: jumlah
        for (jenis_baris, tahap, _), (jumlah, _) in summary.items()
        if jenis_baris == ringkasan.PREDIKAT
    }

    def rounded(value):
        return scoring.bulatkan(Decimal(value)) if value is not None else None

    def averages(items, field):
        return [
            {
                "nomor": item.nomor,
                "nama": item.nama,
                "mandiri": rounded(rata(field, ringkasan.MANDIRI, item.nomor)),
                "final": rounded(rata(field, ringkasan.FINAL, item.nomor)),
            }
            for item in items
        ]

    selected = penilaian_selectors.baris_penilaian(base)
    if q:
        selected = selected.filter(paging.cari_opd(q, "opd__"))
    if jenis:
        selected = selected.filter(opd__jenis=jenis)
    if predikat and lihat_final:
        selected = selected.filter(final_q, predikat_final=predikat)
    if urut in FINAL_FIGURES and not lihat_final:
        urut = "nomor"  # before publication the order must not reveal final figures
    fields = ORDERING.get(urut, ORDERING["nomor"])
    order = [
        F(name).desc(nulls_last=True) if arah == "desc" else F(name).asc(nulls_last=True)
        for name in fields[:1]
    ] + list(fields[1:])
    tanpa_saring = not (q or jenis or (predikat and lihat_final))
    page = paging.potong(
        selected.order_by(*order),
        halaman,
        PAGE_SIZE,
        jumlah=sum(per_status.values()) if tanpa_saring else None,
    )
    selisih = (
        penilaian_selectors.baris_penilaian(base.filter(final_q, indeks_mandiri__isnull=False))
        .annotate(selisih=F("indeks_mandiri") - F("indeks_final"))
        .order_by("-selisih", "opd__nama")[:10]
    )
    warna = {b.nama: b.warna for b in bands}
    tabel = tabel_tpp(periode)
    return {
        "rows": [_row(p, lihat_final, warna, tabel) for p in page.object_list],
        "page": page,
        "jumlah": sum(per_status.values()),
        "status_count": status_count,
        "belum_mulai": [
            p.opd
            for p in base.filter(kemajuan=0)
            .select_related("opd")
            .order_by("opd__urutan", "opd__nama")[:50]
        ]
        if jumlah_belum
        else [],
        "jumlah_belum_mulai": jumlah_belum,
        "bands": bands,
        "distribusi": [(b, distribusi.get(b.nama, 0)) for b in reversed(bands)],
        "rata_aspek": averages(aspects, ringkasan.ASPEK),
        "rata_domain": averages(domains, ringkasan.DOMAIN),
        "selisih": [_row(p, lihat_final, warna, tabel) for p in selisih],
        "rata_indeks_final": rounded(rata(ringkasan.INDEKS, ringkasan.FINAL)),
        "rata_indeks_mandiri": rounded(rata(ringkasan.INDEKS, ringkasan.MANDIRI)),
        "jumlah_diajukan": sum(per_status.get(s, 0) for s in ringkasan.STATUS_MANDIRI),
        "rata_mandiri_final": rounded(rata(ringkasan.INDEKS, ringkasan.MANDIRI_FINAL)),
        "jumlah_final": per_status.get(StatusPenilaian.FINAL, 0) if lihat_final else 0,
    }


def _row(p: Penilaian, lihat_final: bool, warna: dict, tabel: dict | None) -> dict:
    """One recap row; final figures only when visible and the penilaian is final."""
    final = lihat_final and p.status == StatusPenilaian.FINAL
    predikat = p.predikat_final if final else ""
    tpp = rules.persen_tpp(predikat, tabel)
    return {
        "penilaian": p,
        "opd": p.opd,
        "indeks_final": p.indeks_final if final else None,
        "predikat": predikat,
        "warna": warna.get(predikat, ""),
        "tpp": tpp.persen,
        "tpp_keterangan": tpp.keterangan,
        "selisih": (p.indeks_mandiri - p.indeks_final)
        if final and p.indeks_mandiri is not None
        else None,
    }


def tren_pemda() -> list[dict]:
    """Average self and final index of the whole pemerintah daerah per period (one query),
    from the per-period sums the write path keeps (RingkasanPeriode, INDEKS rows): a few rows
    per period instead of every penilaian of every period. Self counts once submitted; final
    only while final (a reopened penilaian keeps its old final index until finalized again)."""

    def dari_ringkasan(tahap: str, kolom: str):
        return Subquery(
            RingkasanPeriode.objects.filter(
                periode=OuterRef("pk"), jenis=ringkasan.INDEKS, tahap=tahap, nomor=0
            ).values(kolom)[:1]
        )

    rows = (
        Periode.objects.order_by("tahun")
        .annotate(
            mandiri_total=dari_ringkasan(ringkasan.MANDIRI, "total"),
            mandiri_jumlah=dari_ringkasan(ringkasan.MANDIRI, "jumlah"),
            final_total=dari_ringkasan(ringkasan.FINAL, "total"),
            final_jumlah=dari_ringkasan(ringkasan.FINAL, "jumlah"),
        )
        .values(
            "pk",
            "tahun",
            "status",
            "instrumen_id",
            "instrumen__nama",
            "mandiri_total",
            "mandiri_jumlah",
            "final_total",
            "final_jumlah",
        )
    )
    result = []
    for row in rows:
        row["mandiri"] = ringkasan.rata(row.pop("mandiri_total") or 0, row.pop("mandiri_jumlah"))
        row["final"] = ringkasan.rata(row.pop("final_total") or 0, row.pop("final_jumlah"))
        result.append(row)
    return result


def tren_lintas_instrumen(tren: list[dict], *, boleh_final: Callable[[str], bool]) -> dict:
    """What the pemda's trend needs to read across a change of instrument: the instrument of
    every year (`segmen`), the years of each instrument (`rentang`), and for the years on an
    older instrument the approximate index on the newest period's instrument through the
    crosswalk (`perkiraan`, aligned with `tren`; None where there is none).

    The estimate rests on final values only, and only of years whose final figures the user
    may see (`boleh_final(status)`, from the access module): a year not yet published stays
    out for whoever may not see its results. At most three queries, whatever the number of
    years or OPDs (padanan.selectors.perkiraan_periode)."""
    if not tren:
        return {"segmen": [], "rentang": [], "berganti": False, "perkiraan": [], "daftar": []}
    baru = tren[-1]
    lama = {
        t["pk"]: t["instrumen_id"]
        for t in tren
        if t["instrumen_id"] != baru["instrumen_id"] and boleh_final(t["status"])
    }
    perkiraan = padanan_selectors.perkiraan_periode(lama, baru["instrumen_id"]) if lama else {}
    rentang: list[dict] = []
    for t in tren:
        if rentang and rentang[-1]["nama"] == t["instrumen__nama"]:
            rentang[-1]["sampai"] = t["tahun"]
        else:
            rentang.append({"nama": t["instrumen__nama"], "dari": t["tahun"], "sampai": t["tahun"]})
    return {
        "segmen": [t["instrumen__nama"] for t in tren],
        "rentang": rentang,
        "berganti": len(rentang) > 1,
        "instrumen_baru": baru["instrumen__nama"],
        "perkiraan": [perkiraan.get(t["pk"]) for t in tren],
        "daftar": [(t["tahun"], perkiraan[t["pk"]]) for t in tren if t["pk"] in perkiraan],
    }


# What the dashboard calls the pemda's actual index: the mean of the OPDs' final indices
# (the "Rata-rata Indeks Final" card and the trend's Final line), per aspect and domain the
# mean of their final values — one source for each figure, the aggregates above.
LABEL_CAPAIAN = "rata-rata Indeks Final OPD yang sudah final"


def _baris_target(nama: str, target, capaian, lihat_final: bool) -> dict:
    capaian = capaian if lihat_final else None
    return {
        "nama": nama,
        "target": target,
        "capaian": capaian,
        "selisih": target_aturan.selisih(capaian, target),
        "tercapai": target_aturan.tercapai(capaian, target),
    }


def target_dasbor(periode: Periode, data: dict, *, lihat_final: bool) -> dict:
    """The pemda's targets of the period's year and instrument against its actual figures
    (`data` = dashboard(): the averages of the OPDs' final values), overall, per aspect and
    per domain that has a target. Before publication (`lihat_final` False) the actual and
    gap are None: targets alone are shown. One query."""
    target = target_selectors.target_periode(periode.tahun, periode.instrumen_id)
    baris = []
    if target.indeks is not None:
        baris.append(_baris_target("Indeks", target.indeks, data["rata_indeks_final"], lihat_final))
    for jenis, rata, peta in (
        ("Aspek", data["rata_aspek"], target.aspek),
        ("Domain", data["rata_domain"], target.domain),
    ):
        for item in rata:
            if item["nomor"] in peta:
                baris.append(
                    _baris_target(
                        f"{jenis} {item['nomor']}. {item['nama']}",
                        peta[item["nomor"]],
                        item["final"],
                        lihat_final,
                    )
                )
    return {
        "ada": bool(baris),
        "baris": baris,
        "keterangan": target.keterangan,
        "label_capaian": LABEL_CAPAIAN,
    }


def target_opd(penilaian: Penilaian, data: dict, *, lihat_final: bool) -> dict | None:
    """The OPD's own overall target for its period (None when not set) against its final
    index (`data` = hasil_opd(); the gap only when the final result is visible). One query."""
    target = target_selectors.target_periode(
        penilaian.periode.tahun, penilaian.periode.instrumen_id, opd_id=penilaian.opd_id
    )
    if target.indeks is None:
        return None
    final = data["final"].indeks if data["final"] is not None else None
    return {
        **_baris_target("Indeks", target.indeks, final, lihat_final),
        "keterangan": target.keterangan,
    }


def tren_target(tren: list[dict]) -> dict:
    """The trend's years with the pemda's overall target line (one query).

    `tahun` are the periods' years and every year with an overall pemda target (a roadmap
    runs ahead of the periods), `segmen` the instrument of each year (the period's, else the
    target's), `target` the line: for a period's year the target on that period's instrument
    only; for another year the target on the newest period's instrument if there is one.
    `selaras(values)` puts a series aligned with `tren` onto these years."""
    rows = target_selectors.target_pemda_tahunan()
    periode = {t["tahun"]: t for t in tren}
    terbaru = tren[-1]["instrumen_id"] if tren else None
    pilihan: dict[int, dict] = {}
    for row in rows:
        tahun = row["tahun"]
        if tahun in periode:
            if row["instrumen_id"] == periode[tahun]["instrumen_id"]:
                pilihan[tahun] = row
        elif tahun not in pilihan or row["instrumen_id"] == terbaru:
            pilihan[tahun] = row
    tahun = sorted(set(periode) | set(pilihan))
    urutan_tren = [t["tahun"] for t in tren]

    def selaras(values) -> list:
        by_year = dict(zip(urutan_tren, values, strict=True))
        return [by_year.get(y) for y in tahun]

    return {
        "tahun": tahun,
        "segmen": [
            periode[y]["instrumen__nama"] if y in periode else pilihan[y]["instrumen__nama"]
            for y in tahun
        ],
        "target": [pilihan[y]["nilai"] if y in pilihan else None for y in tahun],
        "ada": bool(pilihan),
        "daftar": [
            (y, pilihan[y]["nilai"], pilihan[y]["instrumen__nama"]) for y in sorted(pilihan)
        ],
        "selaras": selaras,
    }


def tren_opd(opd_id: int) -> list[dict]:
    return list(
        Penilaian.objects.filter(opd_id=opd_id)
        .order_by("periode__tahun")
        .values("periode__tahun", "periode__status", "status", "indeks_mandiri", "indeks_final")
    )


def _butir_belum(penilaian, indikator, basis, *, diterima: bool) -> dict:
    """For indicators judged item by item, the to-do list of a step up to level L: the items
    of the levels above the current value up to L that are not yet accepted (final basis) or
    have no evidence (self basis), required ones first."""
    keadaan = penilaian_butir(penilaian)
    if not keadaan:
        return {}
    items = {
        b.pk: b
        for b in Butir.objects.filter(indikator__in=[i.pk for i in indikator]).select_related(
            "indikator"
        )
    }
    result = {}
    for ind in indikator:
        rows = keadaan.get(ind.pk)
        if not rows:
            continue
        current = int(basis.get(ind.nomor) or 0)
        for target in range(current + 1, scoring.MAX_LEVEL + 1):
            todo = [
                k
                for k in rows
                if current < k.level <= target
                and not (butir_rules.diterima(k) if diterima else k.ada_bukti)
            ]
            todo.sort(key=lambda k: (not k.utama, k.level, items[k.id].nomor))
            result[ind.nomor, target] = [
                f"{items[k.id].kode} {items[k.id].teks}" + ("" if k.utama else " (pendukung)")
                for k in todo
            ]
    return result


def hasil_opd(penilaian: Penilaian, *, lihat_final: bool) -> dict:
    """The OPD result page: both indices, aspect/domain values, every indicator, gap analysis."""
    instrumen = penilaian.periode.instrumen
    # The structure (cached for a frozen instrument), without the criteria texts; only the
    # evidence lists of the planned steps are read, below.
    pohon = pohon_instrumen(instrumen)
    indikator = pohon.indikator
    jawaban = {j.indikator_id: j for j in Jawaban.objects.filter(penilaian=penilaian)}
    na = set(penilaian.tidak_berlaku.values_list("indikator__nomor", flat=True))
    definition = pohon.definisi
    levels = {i.nomor: getattr(jawaban.get(i.pk), "level", None) for i in indikator}
    levels_final = {i.nomor: getattr(jawaban.get(i.pk), "level_final", None) for i in indikator}
    mandiri = scoring.hitung(definition, levels, na)
    final = (
        scoring.hitung(definition, levels_final, na)
        if lihat_final and penilaian.status == StatusPenilaian.FINAL
        else None
    )
    basis = levels_final if final else levels
    gap = scoring.analisis_gap(definition, basis, na, maks_naik=settings.SARAN_MAKS_NAIK or None)
    names = {i.nomor: i.nama for i in indikator}
    bukti = bukti_kriteria(instrumen, [(lg.nomor, lg.ke) for lg in gap.langkah])
    bukti.update(_butir_belum(penilaian, indikator, basis, diterima=final is not None))
    rencana = saran.saran(gap, names, bukti)
    aspects = {i.aspek.nomor: i.aspek for i in indikator}
    domains = {i.aspek.domain.nomor: i.aspek.domain for i in indikator if i.aspek.domain_id}
    return {
        "mandiri": mandiri,
        "final": final,
        "gap": gap,
        "saran": rencana.kalimat,
        "rencana": rencana.langkah,
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
        **_tpp(penilaian, final is not None),
        "warna": {p.nama: p.warna for p in pohon.predikat},
    }


def _tpp(penilaian: Penilaian, final: bool) -> dict:
    tpp = rules.persen_tpp(penilaian.predikat_final if final else "", tabel_tpp(penilaian.periode))
    return {"tpp": tpp.persen, "tpp_keterangan": tpp.keterangan}
