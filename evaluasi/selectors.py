"""Reads of instruments: the tree for the browser, the portable data, the scoring definition."""

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404

from evaluasi import scoring
from evaluasi.instrumen_io import (
    AspekData,
    DomainData,
    IndikatorData,
    InstrumenData,
    KriteriaData,
    PredikatData,
)
from evaluasi.models import (
    Aspek,
    Indikator,
    Instrumen,
    Jawaban,
    KriteriaLevel,
    Penilaian,
    Periode,
    Riwayat,
    StatusPenilaian,
    TidakBerlaku,
)


def instrumen_list() -> QuerySet[Instrumen]:
    return Instrumen.objects.select_related("asal").annotate(
        jumlah_indikator=Count("indikator", distinct=True)
    )


def instrumen_default() -> Instrumen | None:
    return Instrumen.objects.filter(bawaan=True).first()


def instrumen_tree(instrumen: Instrumen) -> dict:
    """Domains (if any) → aspects → indicators → criteria, in four queries, plus the bands."""
    indikator = Indikator.objects.order_by("nomor").prefetch_related(
        Prefetch("kriteria", queryset=KriteriaLevel.objects.order_by("level"))
    )
    aspects = list(
        Aspek.objects.filter(instrumen=instrumen)
        .select_related("domain")
        .order_by("nomor")
        .prefetch_related(Prefetch("indikator", queryset=indikator))
    )
    domains: dict = {}
    for aspek in aspects:
        domains.setdefault(aspek.domain, []).append(aspek)
    predikat = list(instrumen.predikat.order_by("batas_bawah"))
    return {
        "domain": [{"domain": d, "aspek": a} for d, a in domains.items()],
        "punya_domain": any(d is not None for d in domains),
        "predikat": predikat,
        "rentang_predikat": predikat_ranges(predikat),
        "jumlah_indikator": sum(len(a.indikator.all()) for a in aspects),
    }


def predikat_ranges(predikat: list) -> list[dict]:
    """Bands highest first, each with its lower bound and the next band's bound (exclusive)."""
    result = []
    for i, band in enumerate(predikat):
        upper = predikat[i + 1].batas_bawah if i + 1 < len(predikat) else None
        result.append({"predikat": band, "dari": band.batas_bawah if i else None, "sampai": upper})
    return list(reversed(result))


def instrumen_data(instrumen: Instrumen) -> InstrumenData:
    """The instrument in its portable form (for export and for copying)."""
    return InstrumenData(
        kode=instrumen.kode,
        nama=instrumen.nama,
        dasar_hukum=instrumen.dasar_hukum,
        keterangan=instrumen.keterangan,
        domain=[DomainData(d.nomor, d.nama, d.bobot) for d in instrumen.domain.all()],
        aspek=[
            AspekData(a.nomor, a.nama, a.bobot, a.domain.nomor if a.domain else None)
            for a in instrumen.aspek.select_related("domain")
        ],
        indikator=[
            IndikatorData(i.nomor, i.nama, i.bobot, i.aspek.nomor, i.kapabilitas)
            for i in instrumen.indikator.select_related("aspek")
        ],
        kriteria=[
            KriteriaData(k.indikator.nomor, k.level, k.nama, k.deskripsi, k.daftar_bukti)
            for k in KriteriaLevel.objects.filter(indikator__instrumen=instrumen).select_related(
                "indikator"
            )
        ],
        predikat=[PredikatData(p.nama, p.batas_bawah, p.warna) for p in instrumen.predikat.all()],
    )


def scoring_def(instrumen: Instrumen) -> scoring.InstrumenDef:
    """The instrument as the pure scoring module sees it (two queries)."""
    indikator = tuple(
        scoring.IndikatorDef(
            nomor=i.nomor,
            bobot=i.bobot,
            aspek=i.aspek.nomor,
            domain=i.aspek.domain.nomor if i.aspek.domain_id else None,
        )
        for i in instrumen.indikator.select_related("aspek__domain").order_by("nomor")
    )
    bands = tuple(
        scoring.Band(p.nama, p.batas_bawah) for p in instrumen.predikat.order_by("batas_bawah")
    )
    return scoring.InstrumenDef(indikator=indikator, bands=bands)


# --- Penilaian ------------------------------------------------------------------------------


def penilaian_levels(penilaian: Penilaian) -> tuple[dict[int, int | None], set[int]]:
    """{indicator number: self-assessed level} and the not-applicable numbers (two queries)."""
    levels = dict(
        Jawaban.objects.filter(penilaian=penilaian).values_list("indikator__nomor", "level")
    )
    na = set(
        TidakBerlaku.objects.filter(penilaian=penilaian).values_list("indikator__nomor", flat=True)
    )
    return levels, na


def penilaian_hasil_mandiri(penilaian: Penilaian) -> scoring.HasilIndeks:
    levels, na = penilaian_levels(penilaian)
    return scoring.hitung(scoring_def(penilaian.periode.instrumen), levels, na)


def penilaian_belum_lengkap(penilaian: Penilaian) -> list[int]:
    """Numbers of applicable indicators still without a level or an explanation."""
    applicable = Indikator.objects.filter(instrumen_id=penilaian.periode.instrumen_id).exclude(
        pk__in=TidakBerlaku.objects.filter(penilaian=penilaian).values("indikator")
    )
    done = Jawaban.objects.filter(penilaian=penilaian, level__isnull=False).exclude(penjelasan="")
    return list(
        applicable.exclude(pk__in=done.values("indikator"))
        .order_by("nomor")
        .values_list("nomor", flat=True)
    )


def penilaian_for_operator(user) -> QuerySet[Penilaian]:
    """The penilaian of the operator's own OPD, newest period first."""
    return (
        Penilaian.objects.filter(opd_id=user.opd_id)
        .select_related("periode", "opd")
        .order_by("-periode__tahun")
    )


def periode_list() -> QuerySet[Periode]:
    return Periode.objects.select_related("instrumen").annotate(
        jumlah_penilaian=Count("penilaian", distinct=True),
        jumlah_diajukan=Count(
            "penilaian", filter=~Q(penilaian__status=StatusPenilaian.DRAFT), distinct=True
        ),
    )


def periode_penilaian(periode: Periode) -> QuerySet[Penilaian]:
    return periode.penilaian.select_related("opd", "diajukan_oleh").order_by(
        "opd__urutan", "opd__nama"
    )


def penilaian_overview(penilaian: Penilaian) -> dict:
    """Everything the operator overview shows, in a fixed number of queries.

    Per-aspect progress, the live index (from the cached-free levels), each indicator with
    its answer state and evidence count.
    """
    instrumen = penilaian.periode.instrumen
    tree = instrumen_tree(instrumen)
    jawaban = {
        j.indikator_id: j
        for j in Jawaban.objects.filter(penilaian=penilaian).annotate(
            jumlah_bukti=Count("bukti", filter=Q(bukti__dihapus_pada__isnull=True))
        )
    }
    na_ids = set(
        TidakBerlaku.objects.filter(penilaian=penilaian).values_list("indikator_id", flat=True)
    )
    indikator_defs, levels, na = [], {}, set()
    aspek_rows = []
    for blok in tree["domain"]:
        for aspek in blok["aspek"]:
            rows, answered, applicable = [], 0, 0
            for ind in aspek.indikator.all():
                j = jawaban.get(ind.pk)
                berlaku = ind.pk not in na_ids
                selesai = bool(j and j.level and j.penjelasan)
                applicable += berlaku
                answered += berlaku and selesai
                if not berlaku:
                    na.add(ind.nomor)
                levels[ind.nomor] = j.level if j else None
                indikator_defs.append(
                    scoring.IndikatorDef(
                        ind.nomor,
                        ind.bobot,
                        aspek.nomor,
                        blok["domain"].nomor if blok["domain"] else None,
                    )
                )
                rows.append(
                    {"indikator": ind, "jawaban": j, "berlaku": berlaku, "selesai": selesai}
                )
            aspek_rows.append(
                {
                    "aspek": aspek,
                    "domain": blok["domain"],
                    "baris": rows,
                    "terjawab": answered,
                    "berlaku": applicable,
                    "persen": round(answered * 100 / applicable) if applicable else 100,
                }
            )
    definition = scoring.InstrumenDef(
        indikator=tuple(indikator_defs),
        bands=tuple(scoring.Band(p.nama, p.batas_bawah) for p in tree["predikat"]),
    )
    hasil = scoring.hitung(definition, levels, na)
    belum = [
        r["indikator"].nomor
        for a in aspek_rows
        for r in a["baris"]
        if r["berlaku"] and not r["selesai"]
    ]
    return {
        "aspek_rows": aspek_rows,
        "hasil": hasil,
        "belum_lengkap": belum,
        "warna": {p.nama: p.warna for p in tree["predikat"]},
        "jumlah_indikator": tree["jumlah_indikator"],
    }


def jawaban_page(penilaian: Penilaian, nomor: int) -> dict:
    """One indicator page: criteria, the answer, live evidence, removed evidence, history."""
    try:
        indikator = (
            Indikator.objects.select_related("aspek__domain")
            .prefetch_related(
                Prefetch("kriteria", queryset=KriteriaLevel.objects.order_by("level"))
            )
            .get(instrumen_id=penilaian.periode.instrumen_id, nomor=nomor)
        )
    except Indikator.DoesNotExist:
        raise Http404("Indikator tidak ditemukan.") from None
    jawaban = Jawaban.objects.filter(penilaian=penilaian, indikator=indikator).first()
    bukti = list(jawaban.bukti.select_related("diunggah_oleh")) if jawaban else []
    numbers = list(
        Indikator.objects.filter(instrumen_id=penilaian.periode.instrumen_id)
        .order_by("nomor")
        .values_list("nomor", flat=True)
    )
    position = numbers.index(nomor)
    return {
        "indikator": indikator,
        "jawaban": jawaban,
        "bukti": [b for b in bukti if b.dihapus_pada is None],
        "bukti_dihapus": [b for b in bukti if b.dihapus_pada is not None],
        "riwayat": list(
            Riwayat.objects.filter(penilaian=penilaian, indikator=indikator).select_related(
                "pengguna"
            )[:50]
        ),
        "tidak_berlaku": TidakBerlaku.objects.filter(
            penilaian=penilaian, indikator=indikator
        ).first(),
        "sebelumnya": numbers[position - 1] if position > 0 else None,
        "berikutnya": numbers[position + 1] if position + 1 < len(numbers) else None,
    }


def penilaian_bukti(penilaian: Penilaian) -> list:
    """Live evidence files of a penilaian with their indicator numbers (for the receipt)."""
    from evaluasi.models import Bukti

    return list(
        Bukti.objects.filter(jawaban__penilaian=penilaian, dihapus_pada__isnull=True)
        .select_related("jawaban__indikator")
        .order_by("jawaban__indikator__nomor", "diunggah_pada")
    )
