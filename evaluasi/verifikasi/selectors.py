"""Reads of the evaluator side: final levels and the final index, the review queue, the
self-versus-final comparison per aspect, the review page and the assignment matrix."""

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet

from evaluasi import butir as butir_rules
from evaluasi import scoring
from evaluasi.instrumen.selectors import scoring_def
from evaluasi.models import (
    Aspek,
    Butir,
    Indikator,
    Jawaban,
    Penilaian,
    Penugasan,
    Periode,
    Putusan,
    ReviuButir,
    TidakBerlaku,
)
from evaluasi.penilaian.selectors import (
    baris_penilaian,
    jawaban_page,
    penilaian_butir,
    penilaian_levels,
)
from spbe_portal import paging


def penilaian_levels_final(penilaian: Penilaian) -> dict[int, int | None]:
    return dict(
        Jawaban.objects.filter(penilaian=penilaian).values_list("indikator__nomor", "level_final")
    )


def penilaian_hasil_final(penilaian: Penilaian) -> scoring.HasilIndeks:
    _, na = penilaian_levels(penilaian)
    levels = penilaian_levels_final(penilaian)
    return scoring.hitung(scoring_def(penilaian.periode.instrumen), levels, na)


def penilaian_belum_final_rinci(penilaian: Penilaian) -> tuple[list[int], list[int]]:
    """What stops finalisation: applicable indicators without a final value, and those judged
    item by item (not overridden) whose next level has uploaded required items still
    unjudged (their verdict could raise the value)."""
    applicable = Indikator.objects.filter(instrumen_id=penilaian.periode.instrumen_id).exclude(
        pk__in=TidakBerlaku.objects.filter(penilaian=penilaian).values("indikator")
    )
    done = Jawaban.objects.filter(penilaian=penilaian, level_final__isnull=False)
    tanpa_nilai = sorted(
        applicable.exclude(pk__in=done.values("indikator")).values_list("nomor", flat=True)
    )
    menunggu = []
    keadaan = penilaian_butir(penilaian)
    if keadaan:
        kredit = penilaian.periode.instrumen.kredit_parsial
        for indikator_id, nomor in done.filter(
            indikator__in=applicable, indikator_id__in=keadaan, alasan_penyesuaian=""
        ).values_list("indikator_id", "indikator__nomor"):
            if butir_rules.hitung(keadaan[indikator_id], kredit).menunggu:
                menunggu.append(nomor)
    return tanpa_nilai, sorted(menunggu)


def penilaian_belum_final(penilaian: Penilaian) -> list[int]:
    """Every indicator that stops finalisation (penilaian_belum_final_rinci), in order."""
    tanpa_nilai, menunggu = penilaian_belum_final_rinci(penilaian)
    return sorted({*tanpa_nilai, *menunggu})


def keterangan_belum_final(penilaian: Penilaian) -> str:
    """Why finalisation would be refused, in one sentence ("" when it would not)."""
    tanpa_nilai, menunggu = penilaian_belum_final_rinci(penilaian)
    bagian = []
    if tanpa_nilai:
        bagian.append(f"indikator {', '.join(map(str, tanpa_nilai))} belum memiliki nilai final")
    if menunggu:
        bagian.append(
            f"indikator {', '.join(map(str, menunggu))} masih memiliki butir utama berbukti "
            "yang belum diperiksa"
        )
    return "; ".join(bagian)


def antrian(*, base: QuerySet[Penilaian], periode: Periode | None, status: str = "", q: str = ""):
    """The evaluator's queue: assigned penilaian of a period, oldest submission first."""
    qs = baris_penilaian(base)
    if periode is not None:
        qs = qs.filter(periode=periode)
    if status:
        qs = qs.filter(status=status)
    if q:
        qs = qs.filter(paging.cari_opd(q, "opd__"))
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
                b for b in page["bukti"] if b.ditautkan_pada > jawaban.perbaikan_diminta_pada
            ],
        }
    return {**page, "berubah": berubah, **perbandingan_aspek(penilaian)}


def opd_penugasan(periode: Periode, *, q: str = "", belum: bool = False) -> QuerySet:
    """The OPDs evaluators may be assigned to in the period (the active ones), filtered by
    name/code and to those without an evaluator, in OPD order. The assignment form accepts
    only ids from this set."""
    from opd.models import Opd

    qs = Opd.objects.filter(paging.cari_opd(q), aktif=True)
    if belum:
        qs = qs.filter(~Exists(Penugasan.objects.filter(periode=periode, opd=OuterRef("pk"))))
    return qs.order_by("urutan", "nama")


def penugasan_baris(periode: Periode, opds) -> list[dict]:
    """A page of OPDs with the evaluators assigned to each in the period (one query)."""
    by_opd: dict[int, list] = {}
    for p in (
        Penugasan.objects.filter(periode=periode, opd__in=[o.pk for o in opds])
        .select_related("evaluator")
        .order_by("evaluator__nama")
    ):
        by_opd.setdefault(p.opd_id, []).append(p)
    return [{"opd": o, "penugasan": by_opd.get(o.pk, [])} for o in opds]


def reviu_grid(penilaian: Penilaian, nomor: int | None = None) -> list[dict]:
    """Every indicator of a penilaian on one page for the review grid (or only `nomor`, for the
    row saved through htmx): self level and explanation, evidence counted by validity, and the
    evaluator's current verdict. A fixed number of queries, whatever the instrument."""
    indikator = Indikator.objects.filter(instrumen_id=penilaian.periode.instrumen_id)
    if nomor is not None:
        indikator = indikator.filter(nomor=nomor)
    live = Q(bukti__dihapus_pada__isnull=True)
    jawaban = {
        j.indikator_id: j
        for j in Jawaban.objects.filter(penilaian=penilaian, indikator__in=indikator).annotate(
            bukti_n=Count("bukti", filter=live),
            bukti_valid=Count("bukti", filter=live & Q(bukti__valid=True)),
            bukti_tidak_valid=Count("bukti", filter=live & Q(bukti__valid=False)),
        )
    }
    na = set(
        TidakBerlaku.objects.filter(penilaian=penilaian, indikator__in=indikator).values_list(
            "indikator_id", flat=True
        )
    )
    # Indicators judged item by item: how many items are accepted, of how many.
    jumlah_butir = dict(
        Butir.objects.filter(indikator__in=indikator)
        .values("indikator_id")
        .annotate(n=Count("pk"))
        .values_list("indikator_id", "n")
    )
    diterima = dict(
        ReviuButir.objects.filter(
            jawaban__penilaian=penilaian,
            jawaban__indikator__in=indikator,
            putusan=Putusan.DITERIMA,
        )
        .values("jawaban__indikator_id")
        .annotate(n=Count("pk"))
        .values_list("jawaban__indikator_id", "n")
    )
    return [
        {
            "indikator": ind,
            "jawaban": jawaban.get(ind.pk),
            "berlaku": ind.pk not in na,
            "jumlah_butir": jumlah_butir.get(ind.pk, 0),
            "butir_diterima": diterima.get(ind.pk, 0),
        }
        for ind in indikator.select_related("aspek").order_by("nomor")
    ]


def opd_tanpa_evaluator(periode: Periode) -> list:
    """Active OPDs nobody is assigned to in the period."""
    return list(opd_penugasan(periode, belum=True))


def butir_revisi(penilaian: Penilaian) -> list[ReviuButir]:
    """Items the evaluator marked "revisi", in code order (one query)."""
    return list(
        ReviuButir.objects.filter(jawaban__penilaian=penilaian, putusan=Putusan.REVISI)
        .select_related("butir__indikator", "jawaban")
        .order_by("butir__indikator__nomor", "butir__level", "butir__nomor")
    )
