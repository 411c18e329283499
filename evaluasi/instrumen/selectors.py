"""Reads of instruments: the list and the default, the aspect-domain-indicator tree with
predikat bands, the portable `InstrumenData` and the scoring definition the domain math uses."""

from django.db.models import Count, Prefetch, QuerySet

from evaluasi import scoring
from evaluasi.instrumen.spreadsheet import (
    AspekData,
    ButirData,
    DomainData,
    IndikatorData,
    InstrumenData,
    KriteriaData,
    PredikatData,
)
from evaluasi.models import (
    Aspek,
    Butir,
    Indikator,
    Instrumen,
    KreditParsial,
    KriteriaLevel,
)


def instrumen_list() -> QuerySet[Instrumen]:
    return Instrumen.objects.select_related("asal").annotate(
        jumlah_indikator=Count("indikator", distinct=True)
    )


def instrumen_default() -> Instrumen | None:
    return Instrumen.objects.filter(bawaan=True).first()


def nilai_pecahan(instrumen: Instrumen, tree: dict) -> bool:
    """Whether an indicator of this instrument can take a fractional value: partial credit
    from items, or a value read from an external index (read from its loaded `tree`)."""
    return instrumen.kredit_parsial != KreditParsial.TANPA or any(
        ind.eksternal
        for blok in tree["domain"]
        for aspek in blok["aspek"]
        for ind in aspek.indikator.all()
    )


def instrumen_untuk_tahun(tahun: int) -> Instrumen | None:
    """The instrument a new period of evaluation year `tahun` starts with: the one in force
    from the latest year not after it (`berlaku_mulai`), else the default."""
    berlaku = (
        Instrumen.objects.filter(berlaku_mulai__lte=tahun).order_by("-berlaku_mulai", "-pk").first()
    )
    return berlaku or instrumen_default()


def instrumen_tree(instrumen: Instrumen, *, with_butir: bool = False) -> dict:
    """Domains (if any) → aspects → indicators → criteria (and items, one query more), in four
    queries, plus the bands."""
    prefetch = [Prefetch("kriteria", queryset=KriteriaLevel.objects.order_by("level"))]
    if with_butir:
        prefetch.append(Prefetch("butir", queryset=Butir.objects.order_by("level", "nomor")))
    indikator = Indikator.objects.order_by("nomor").prefetch_related(*prefetch)
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
        kredit_parsial=instrumen.kredit_parsial,
        berlaku_mulai=instrumen.berlaku_mulai,
        nilai_eksternal_bawaan=instrumen.nilai_eksternal_bawaan.normalize()
        if instrumen.nilai_eksternal_bawaan is not None
        else None,
        nama_level={int(k): v for k, v in instrumen.nama_level.items()},
        domain=[DomainData(d.nomor, d.nama, d.bobot) for d in instrumen.domain.all()],
        aspek=[
            AspekData(a.nomor, a.nama, a.bobot, a.domain.nomor if a.domain else None)
            for a in instrumen.aspek.select_related("domain")
        ],
        indikator=[
            IndikatorData(
                i.nomor,
                i.nama,
                i.bobot,
                i.aspek.nomor,
                i.kapabilitas,
                kode=i.kode,
                kode_singkat=i.kode_singkat,
                sumber_eksternal=i.sumber_eksternal,
                pembina_eksternal=i.pembina_eksternal,
            )
            for i in instrumen.indikator.select_related("aspek")
        ],
        butir=[
            ButirData(
                b.indikator.nomor,
                b.level,
                b.nomor,
                b.teks,
                b.utama,
                b.kedaluwarsa_bulan,
                b.indeks_eksternal,
                b.ambang.normalize() if b.ambang is not None else None,
            )
            for b in Butir.objects.filter(indikator__instrumen=instrumen).select_related(
                "indikator"
            )
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
