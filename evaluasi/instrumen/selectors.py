"""Reads of instruments: the list and the default, the aspect-domain-indicator tree with
predikat bands, the portable `InstrumenData` and the scoring definition the domain math uses."""

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

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
    Domain,
    Indikator,
    Instrumen,
    KreditParsial,
    KriteriaLevel,
    Predikat,
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


@dataclass(frozen=True)
class Pohon:
    """An instrument's structure as the result page and the operator overview read it:
    domains (None for an instrument without) → aspects → indicators, the bands and the
    scoring definition. No criteria texts: those pages show none (see bukti_kriteria)."""

    domain: tuple[tuple[Domain | None, tuple[tuple[Aspek, tuple[Indikator, ...]], ...]], ...]
    indikator: tuple[Indikator, ...]  # by number
    predikat: tuple[Predikat, ...]  # by lower bound
    definisi: scoring.InstrumenDef

    @property
    def jumlah_indikator(self) -> int:
        return len(self.indikator)


def pohon_instrumen(instrumen: Instrumen) -> Pohon:
    """The structure of `instrumen`: three queries, none for a frozen instrument already
    read by this process.

    A frozen instrument (terkunci, set once a period uses it, never unset) cannot change, so
    its tree is kept in a process-local cache keyed by pk and its `diubah`; an editable one
    is read afresh every time, so an edit is never hidden behind a stale tree."""
    if instrumen.terkunci:
        return _pohon_beku(instrumen.pk, instrumen.diubah)
    return _bangun_pohon(instrumen.pk)


@lru_cache(maxsize=32)
def _pohon_beku(instrumen_id: int, diubah) -> Pohon:  # diubah: part of the key only
    return _bangun_pohon(instrumen_id)


def _bangun_pohon(instrumen_id: int) -> Pohon:
    aspects = list(
        Aspek.objects.filter(instrumen_id=instrumen_id).select_related("domain").order_by("nomor")
    )
    by_pk = {a.pk: a for a in aspects}
    indikator = list(Indikator.objects.filter(instrumen_id=instrumen_id).order_by("nomor"))
    per_aspek: dict[int, list[Indikator]] = {a.pk: [] for a in aspects}
    for ind in indikator:
        ind.aspek = by_pk[ind.aspek_id]  # the same aspect objects as the tree's
        per_aspek[ind.aspek_id].append(ind)
    domains: dict = {}
    for aspek in aspects:
        domains.setdefault(aspek.domain, []).append((aspek, tuple(per_aspek[aspek.pk])))
    predikat = tuple(Predikat.objects.filter(instrumen_id=instrumen_id).order_by("batas_bawah"))
    return Pohon(
        domain=tuple((d, tuple(a)) for d, a in domains.items()),
        indikator=tuple(indikator),
        predikat=predikat,
        definisi=_definisi(indikator, predikat),
    )


def bukti_kriteria(
    instrumen: Instrumen, langkah: Iterable[tuple[int, int]]
) -> dict[tuple[int, int], list[str]]:
    """The evidence expected at (indicator number, level) for just these steps: one query
    for the few criteria a gap plan names, none when there is no step."""
    wanted = set(langkah)
    if not wanted:
        return {}
    rows = (
        KriteriaLevel.objects.filter(
            indikator__instrumen=instrumen,
            indikator__nomor__in={n for n, _ in wanted},
            level__in={level for _, level in wanted},
        )
        .select_related("indikator")
        .only("level", "bukti", "indikator__nomor")
    )
    return {
        (k.indikator.nomor, k.level): k.daftar_bukti
        for k in rows
        if (k.indikator.nomor, k.level) in wanted
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
    return _definisi(
        instrumen.indikator.select_related("aspek__domain").order_by("nomor"),
        instrumen.predikat.order_by("batas_bawah"),
    )


def _definisi(indikator: Iterable[Indikator], predikat: Iterable[Predikat]) -> scoring.InstrumenDef:
    """Indicators (with aspect and domain loaded) and bands as the scoring module sees them."""
    return scoring.InstrumenDef(
        indikator=tuple(
            scoring.IndikatorDef(
                nomor=i.nomor,
                bobot=i.bobot,
                aspek=i.aspek.nomor,
                domain=i.aspek.domain.nomor if i.aspek.domain_id else None,
            )
            for i in indikator
        ),
        bands=tuple(scoring.Band(p.nama, p.batas_bawah) for p in predikat),
    )
