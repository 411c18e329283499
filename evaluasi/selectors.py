"""Reads of the evaluation: the instrument tree, its portable data and scoring definition;
periods and penilaian (overview, indicator pages, history as the reader may see it); the
evaluator's queue, review pages and assignment matrix."""

from django.db.models import Count, F, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404

from evaluasi import scoring
from evaluasi.instrumen.spreadsheet import (
    AspekData,
    DomainData,
    IndikatorData,
    InstrumenData,
    KriteriaData,
    PredikatData,
)
from evaluasi.models import (
    RIWAYAT_HASIL_EVALUATOR,
    Aspek,
    Indikator,
    Instrumen,
    Jawaban,
    JenisRiwayat,
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


def periode_pilihan(pk: str) -> tuple[list[Periode], Periode | None]:
    """All periods, newest first, and the one picked by ``pk`` (a query-string value);
    an unknown or empty pk picks the newest, so a stale link still shows something."""
    daftar = list(Periode.objects.select_related("instrumen").order_by("-tahun"))
    chosen = next((p for p in daftar if str(p.pk) == pk), None)
    return daftar, chosen or (daftar[0] if daftar else None)


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
    from evaluasi.models import Bukti

    # A correlated count per answer uses the index on bukti.jawaban_id; a JOIN + GROUP BY
    # made PostgreSQL scan every evidence row of the database (68 ms at 1,000 OPDs).
    live_files = (
        Bukti.objects.filter(jawaban=OuterRef("pk"), dihapus_pada__isnull=True)
        .order_by()
        .values("jawaban")
        .annotate(n=Count("pk"))
        .values("n")
    )
    jawaban = {
        j.indikator_id: j
        for j in Jawaban.objects.filter(penilaian=penilaian).annotate(
            jumlah_bukti=Coalesce(Subquery(live_files), 0)
        )
    }
    na_ids = set(
        TidakBerlaku.objects.filter(penilaian=penilaian).values_list("indikator_id", flat=True)
    )
    indikator_defs, levels, levels_final, na = [], {}, {}, set()
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
                levels_final[ind.nomor] = j.level_final if j else None
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
    hasil_final = scoring.hitung(definition, levels_final, na)
    belum = [
        r["indikator"].nomor
        for a in aspek_rows
        for r in a["baris"]
        if r["berlaku"] and not r["selesai"]
    ]
    return {
        "aspek_rows": aspek_rows,
        "hasil": hasil,
        "hasil_final": hasil_final,
        "belum_final": list(hasil_final.belum_dijawab),
        "belum_lengkap": belum,
        "warna": {p.nama: p.warna for p in tree["predikat"]},
        "jumlah_indikator": tree["jumlah_indikator"],
    }


def indikator_for(penilaian: Penilaian, nomor: int, *, with_criteria: bool = False) -> Indikator:
    """Indicator `nomor` of the penilaian's instrument (404 when there is none)."""
    qs = Indikator.objects.select_related("aspek__domain")
    if with_criteria:
        qs = qs.prefetch_related(
            Prefetch("kriteria", queryset=KriteriaLevel.objects.order_by("level"))
        )
    try:
        return qs.get(instrumen_id=penilaian.periode.instrumen_id, nomor=nomor)
    except Indikator.DoesNotExist:
        raise Http404("Indikator tidak ditemukan.") from None


def riwayat_terlihat(entries: QuerySet[Riwayat], *, lihat_final: bool) -> QuerySet[Riwayat]:
    """History entries the reader may see: without the evaluator's verdict (final levels,
    method, notes, recommendations, evidence validation) until results may be seen."""
    return entries if lihat_final else entries.exclude(jenis__in=RIWAYAT_HASIL_EVALUATOR)


def riwayat_tampil(entries, *, lihat_final: bool) -> list[Riwayat]:
    """The entries with `sebelum_tampil`/`sesudah_tampil` set for display: a status change
    shows its status names; what a status entry adds after them (the final index, a reopen
    reason) only to those who may see final results."""
    labels = dict(StatusPenilaian.choices)
    rows = list(entries)
    for r in rows:
        r.sebelum_tampil, r.sesudah_tampil = r.sebelum, r.sesudah
        if r.jenis == JenisRiwayat.STATUS:
            r.sebelum_tampil = _status_tampil(r.sebelum, labels, lihat_final)
            r.sesudah_tampil = _status_tampil(r.sesudah, labels, lihat_final)
    return rows


def _status_tampil(text: str, labels: dict, lihat_final: bool) -> str:
    code, _, detail = text.partition(" ")
    label = labels.get(code, code)
    return f"{label} {detail}" if detail and lihat_final else label


def jawaban_page(penilaian: Penilaian, nomor: int, *, lihat_final: bool) -> dict:
    """One indicator page: criteria, the answer, live evidence, removed evidence, history
    (without the evaluator's verdict unless `lihat_final`)."""
    indikator = indikator_for(penilaian, nomor, with_criteria=True)
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
        "riwayat": riwayat_tampil(
            riwayat_terlihat(
                Riwayat.objects.filter(penilaian=penilaian, indikator=indikator),
                lihat_final=lihat_final,
            ).select_related("pengguna")[:50],
            lihat_final=lihat_final,
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


# --- Verification ---------------------------------------------------------------------------


def penilaian_levels_final(penilaian: Penilaian) -> dict[int, int | None]:
    return dict(
        Jawaban.objects.filter(penilaian=penilaian).values_list("indikator__nomor", "level_final")
    )


def penilaian_hasil_final(penilaian: Penilaian) -> scoring.HasilIndeks:
    _, na = penilaian_levels(penilaian)
    levels = penilaian_levels_final(penilaian)
    return scoring.hitung(scoring_def(penilaian.periode.instrumen), levels, na)


def penilaian_belum_final(penilaian: Penilaian) -> list[int]:
    applicable = Indikator.objects.filter(instrumen_id=penilaian.periode.instrumen_id).exclude(
        pk__in=TidakBerlaku.objects.filter(penilaian=penilaian).values("indikator")
    )
    done = Jawaban.objects.filter(penilaian=penilaian, level_final__isnull=False)
    return list(
        applicable.exclude(pk__in=done.values("indikator"))
        .order_by("nomor")
        .values_list("nomor", flat=True)
    )


def antrian(*, base: QuerySet[Penilaian], periode: Periode | None, status: str = "", q: str = ""):
    """The evaluator's queue: assigned penilaian of a period, oldest submission first."""
    qs = base.select_related("opd", "periode", "diajukan_oleh")
    if periode is not None:
        qs = qs.filter(periode=periode)
    if status:
        qs = qs.filter(status=status)
    if q:
        qs = qs.filter(Q(opd__nama__icontains=q) | Q(opd__singkatan__icontains=q))
    return qs.order_by(F("diajukan_pada").asc(nulls_last=True), "opd__urutan", "opd__nama")


def perbandingan_aspek(penilaian: Penilaian) -> dict:
    """Self vs final per aspect and overall, for the review side panel (unanswered = 0)."""
    definition = scoring_def(penilaian.periode.instrumen)
    levels, na = penilaian_levels(penilaian)
    final = penilaian_levels_final(penilaian)
    mandiri = scoring.hitung(definition, levels, na)
    akhir = scoring.hitung(definition, final, na)
    names = dict(
        Aspek.objects.filter(instrumen_id=penilaian.periode.instrumen_id).values_list(
            "nomor", "nama"
        )
    )
    rows = [
        {
            "nomor": nomor,
            "nama": names.get(nomor, ""),
            "mandiri": mandiri.aspek[nomor],
            "final": akhir.aspek.get(nomor),
            "selisih": akhir.aspek.get(nomor, 0) - mandiri.aspek[nomor],
        }
        for nomor in mandiri.aspek
    ]
    return {
        "mandiri": mandiri,
        "final": akhir,
        "aspek": rows,
        "selisih": akhir.indeks - mandiri.indeks,
    }


def reviu_page(penilaian: Penilaian, nomor: int, *, lihat_final: bool) -> dict:
    page = jawaban_page(penilaian, nomor, lihat_final=lihat_final)
    jawaban = page["jawaban"]
    berubah = {}
    if jawaban and jawaban.perbaikan_diminta_pada:
        berubah = {
            "level": jawaban.level != jawaban.level_sebelum_perbaikan,
            "penjelasan": jawaban.penjelasan != jawaban.penjelasan_sebelum_perbaikan,
            "tautan": jawaban.tautan != jawaban.tautan_sebelum_perbaikan,
            "bukti_baru": [
                b for b in page["bukti"] if b.diunggah_pada > jawaban.perbaikan_diminta_pada
            ],
        }
    return {**page, "berubah": berubah, **perbandingan_aspek(penilaian)}


def penilaian_timeline(penilaian: Penilaian, *, lihat_final: bool) -> dict:
    """Every change of a penilaian and its berita acara. Before results may be seen the
    evaluator's verdict is left out, and so are the berita acara (they carry both indices)."""
    entries = riwayat_terlihat(Riwayat.objects.filter(penilaian=penilaian), lihat_final=lihat_final)
    return {
        "riwayat": riwayat_tampil(
            entries.select_related("pengguna", "indikator"), lihat_final=lihat_final
        ),
        "berita_acara": list(penilaian.berita_acara.select_related("oleh")) if lihat_final else [],
    }


def penugasan_matrix(periode: Periode) -> dict:
    """Every active OPD with the evaluators assigned to it in the period (two queries)."""
    from evaluasi.models import Penugasan
    from opd.models import Opd

    by_opd: dict[int, list] = {}
    for p in (
        Penugasan.objects.filter(periode=periode)
        .select_related("evaluator")
        .order_by("evaluator__nama")
    ):
        by_opd.setdefault(p.opd_id, []).append(p)
    opds = list(Opd.objects.filter(aktif=True).order_by("urutan", "nama"))
    return {
        "baris": [{"opd": o, "penugasan": by_opd.get(o.pk, [])} for o in opds],
        "tanpa_evaluator": sum(1 for o in opds if o.pk not in by_opd),
    }
