"""Reads of the self-assessment side: periods and the period picker, the penilaian of an operator
or a period, the overview, indicator pages, evidence, the self index, and history as the
reader may see it (final values hidden until publication)."""

from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, Prefetch, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce
from django.http import Http404

from evaluasi import butir as butir_rules
from evaluasi import ringkasan, scoring
from evaluasi.dokumen import selectors as dokumen_selectors
from evaluasi.instrumen.selectors import pohon_instrumen, scoring_def
from evaluasi.models import (
    RIWAYAT_HASIL_EVALUATOR,
    Bukti,
    Butir,
    Indikator,
    Jawaban,
    JenisRiwayat,
    KriteriaLevel,
    Penilaian,
    Penugasan,
    Periode,
    ReviuButir,
    RingkasanPeriode,
    Riwayat,
    StatusPenilaian,
    StatusPeriode,
    TidakBerlaku,
)
from evaluasi.periode_bawaan import PeriodeRingkas
from opd.models import Peran
from spbe_portal import paging


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
    """Numbers of applicable indicators not ready to submit: without a level or an
    explanation; with items, a level above what the evidence supports (a file removed after
    the claim); valued externally, without the date or the source document (unless marked
    not out yet, where the instrument allows it)."""
    applicable = Indikator.objects.filter(instrumen_id=penilaian.periode.instrumen_id).exclude(
        pk__in=TidakBerlaku.objects.filter(penilaian=penilaian).values("indikator")
    )
    done = Jawaban.objects.filter(penilaian=penilaian, level__isnull=False).exclude(penjelasan="")
    missing = set(applicable.exclude(pk__in=done.values("indikator")).values_list("pk", "nomor"))
    keadaan = penilaian_butir(penilaian)
    answered = {
        j.indikator_id: j
        for j in done.filter(indikator__in=applicable)
        .select_related("indikator")
        .annotate(
            ada_sumber=Exists(
                Bukti.objects.filter(
                    jawaban=OuterRef("pk"), butir__isnull=True, dihapus_pada__isnull=True
                )
            )
        )
    }
    for j in answered.values():
        items = keadaan.get(j.indikator_id)
        if items and j.level > butir_rules.level_terdukung(items):
            missing.add((j.indikator_id, j.indikator.nomor))
        if j.indikator.eksternal and not (
            j.eksternal_belum or (j.tanggal_eksternal and j.ada_sumber)
        ):
            missing.add((j.indikator_id, j.indikator.nomor))
    return sorted(nomor for _, nomor in missing)


def penilaian_for_operator(user) -> QuerySet[Penilaian]:
    """The penilaian of the operator's own OPD, newest period first."""
    return (
        Penilaian.objects.filter(opd_id=user.opd_id)
        .select_related("periode", "opd")
        .order_by("-periode__tahun")
    )


def periode_get(pk: int) -> Periode:
    """One period with its instrument, or 404."""
    try:
        return Periode.objects.select_related("instrumen").get(pk=pk)
    except Periode.DoesNotExist:
        raise Http404("Periode tidak ditemukan.") from None


def periode_list() -> QuerySet[Periode]:
    """Every period with its number of penilaian and of submitted ones (from the summary)."""

    def hitung(**syarat):
        n = (
            RingkasanPeriode.objects.filter(
                periode=OuterRef("pk"), jenis=ringkasan.STATUS, **syarat
            )
            .order_by()
            .values("periode")
            .annotate(n=Sum("jumlah"))
            .values("n")
        )
        return Coalesce(Subquery(n), 0)

    return Periode.objects.select_related("instrumen").annotate(
        jumlah_penilaian=hitung(),
        jumlah_diajukan=hitung(tahap__in=ringkasan.STATUS_MANDIRI),
    )


def periode_untuk(user) -> list[tuple[Periode, PeriodeRingkas]]:
    """Every period, newest first, each with what the default-period rule needs to know of it
    as seen by `user` (one query)."""
    penilaian = Penilaian.objects.filter(periode=OuterRef("pk"))
    if user.peran == Peran.OPERATOR:
        penilaian = penilaian.filter(opd_id=user.opd_id)
    qs = Periode.objects.select_related("instrumen").annotate(
        ada_penilaian=Exists(penilaian),
        ada_tugas=Exists(Penugasan.objects.filter(periode=OuterRef("pk"), evaluator_id=user.pk)),
        ada_perbaikan=Exists(penilaian.filter(status=StatusPenilaian.PERLU_PERBAIKAN)),
    )
    return [
        (
            p,
            PeriodeRingkas(
                pk=p.pk,
                tahun=p.tahun,
                status=p.status,
                ada_penilaian=p.ada_penilaian,
                ada_tugas=p.ada_tugas,
                bisa_diisi=user.peran == Peran.OPERATOR
                and (
                    p.status == StatusPeriode.PENGISIAN
                    or (p.status == StatusPeriode.VERIFIKASI and p.ada_perbaikan)
                ),
            ),
        )
        for p in qs.order_by("-tahun")
    ]


# What a list row of penilaian shows (period page, evaluator queue, dashboard recap): read
# without the aspect/domain JSON, the audit columns and the submitter, which a row never
# shows (a page of 50–100 rows spent most of its time building those).
KOLOM_BARIS = (
    "periode_id",
    "opd_id",
    "status",
    "kemajuan",
    "indeks_mandiri",
    "predikat_mandiri",
    "indeks_final",
    "predikat_final",
    "diajukan_pada",
    "opd__kode",
    "opd__nama",
    "opd__singkatan",
    "opd__jenis",
    "opd__urutan",
)


def baris_penilaian(qs: QuerySet[Penilaian]) -> QuerySet[Penilaian]:
    """`qs` with its OPD, loading only what a list row shows (KOLOM_BARIS)."""
    return qs.select_related("opd").only(*KOLOM_BARIS)


def periode_penilaian(periode: Periode, *, q: str = "", status: str = "") -> QuerySet[Penilaian]:
    """The period's penilaian in OPD order, filtered by OPD name/code and status (paged by
    the caller; the order is served by the OPD index on urutan, nama)."""
    qs = periode.penilaian.filter(paging.cari_opd(q, "opd__"))
    if status:
        qs = qs.filter(status=status)
    return baris_penilaian(qs).order_by("opd__urutan", "opd__nama")


def periode_ringkasan(
    periode: Periode, *, lihat_final: bool
) -> dict[ringkasan.Kunci, tuple[int, Decimal]]:
    """The period's summary, (count, sum) per key (one small query, whatever the number of
    OPDs); final figures only for whoever may see them (`lihat_final`, access.may_see_final)."""
    return {
        (r.jenis, r.tahap, r.nomor): (r.jumlah, r.total)
        for r in RingkasanPeriode.objects.filter(periode=periode)
        if lihat_final or not ringkasan.rahasia(r.jenis, r.tahap)
    }


def status_count(
    summary: dict[ringkasan.Kunci, tuple[int, Decimal]],
) -> list[tuple[str, str, int]]:
    """(status, label, how many) of a period's penilaian, from its summary."""
    return [
        (value, label, summary.get((ringkasan.STATUS, value, 0), (0,))[0])
        for value, label in StatusPenilaian.choices
    ]


def periode_status_count(periode: Periode) -> list[tuple[str, str, int]]:
    """(status, label, how many) of the period's penilaian, from its summary."""
    return status_count(periode_ringkasan(periode, lihat_final=False))


def penilaian_overview(penilaian: Penilaian) -> dict:
    """Everything the operator overview shows, in a fixed number of queries.

    Per-aspect progress, the live index (from the cached-free levels), each indicator with
    its answer state and evidence count.
    """
    # The structure (cached for a frozen instrument); the criteria texts are not shown here.
    pohon = pohon_instrumen(penilaian.periode.instrumen)
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
    # What submission would refuse (claims above the evidence included), so the overview
    # never says "complete" when Ajukan would not go through.
    belum_set = set(penilaian_belum_lengkap(penilaian))
    levels, levels_final, na = {}, {}, set()
    aspek_rows = []
    for domain, aspects in pohon.domain:
        for aspek, indikator in aspects:
            rows, answered, applicable = [], 0, 0
            for ind in indikator:
                j = jawaban.get(ind.pk)
                berlaku = ind.pk not in na_ids
                selesai = bool(j and j.level and j.penjelasan) and ind.nomor not in belum_set
                applicable += berlaku
                answered += berlaku and selesai
                if not berlaku:
                    na.add(ind.nomor)
                levels[ind.nomor] = j.level if j else None
                levels_final[ind.nomor] = j.level_final if j else None
                rows.append(
                    {"indikator": ind, "jawaban": j, "berlaku": berlaku, "selesai": selesai}
                )
            aspek_rows.append(
                {
                    "aspek": aspek,
                    "domain": domain,
                    "baris": rows,
                    "terjawab": answered,
                    "berlaku": applicable,
                    "persen": round(answered * 100 / applicable) if applicable else 100,
                }
            )
    hasil = scoring.hitung(pohon.definisi, levels, na)
    hasil_final = scoring.hitung(pohon.definisi, levels_final, na)
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
        "warna": {p.nama: p.warna for p in pohon.predikat},
        "jumlah_indikator": pohon.jumlah_indikator,
    }


def indikator_for(penilaian: Penilaian, nomor: int, *, with_criteria: bool = False) -> Indikator:
    """Indicator `nomor` of the penilaian's instrument (404 when there is none)."""
    qs = Indikator.objects.select_related("aspek__domain", "instrumen")
    if with_criteria:
        qs = qs.prefetch_related(
            Prefetch("kriteria", queryset=KriteriaLevel.objects.order_by("level")),
            Prefetch("butir", queryset=Butir.objects.order_by("level", "nomor")),
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
    bukti = (
        list(jawaban.bukti.select_related("ditautkan_oleh", "butir", "versi__dokumen"))
        if jawaban
        else []
    )
    for b in bukti:
        if b.butir is not None:
            b.butir.indikator = indikator  # for its code, without a query per file
    # A file of an item is flagged against the item's rule in butir_halaman.
    dokumen_selectors.tandai(bukti, acuan=penilaian.periode.batas_pengisian)
    sebelumnya, berikutnya = indikator_tetangga(penilaian, nomor)
    return {
        "indikator": indikator,
        "jawaban": jawaban,
        # Files of an item are listed with the item (butir_halaman).
        "bukti": [b for b in bukti if b.dihapus_pada is None and b.butir_id is None],
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
        "sebelumnya": sebelumnya,
        "berikutnya": berikutnya,
    }


def indikator_tetangga(penilaian: Penilaian, nomor: int) -> tuple[int | None, int | None]:
    """The indicator numbers before and after `nomor` in the penilaian's instrument."""
    numbers = list(
        Indikator.objects.filter(instrumen_id=penilaian.periode.instrumen_id)
        .order_by("nomor")
        .values_list("nomor", flat=True)
    )
    position = numbers.index(nomor)
    return (
        numbers[position - 1] if position > 0 else None,
        numbers[position + 1] if position + 1 < len(numbers) else None,
    )


def penilaian_bukti(penilaian: Penilaian) -> list:
    """Live evidence files of a penilaian with their indicator numbers (for the receipt)."""
    return list(
        Bukti.objects.filter(jawaban__penilaian=penilaian, dihapus_pada__isnull=True)
        .select_related("jawaban__indikator", "versi__dokumen")
        .order_by("jawaban__indikator__nomor", "ditautkan_pada")
    )


RIWAYAT_PER_HALAMAN = 50


def penilaian_timeline(
    penilaian: Penilaian,
    *,
    lihat_final: bool,
    jenis: str = "",
    nomor: str = "",
    halaman: int | str | None = 1,
) -> dict:
    """Every change of a penilaian (filtered by kind and indicator, one page at a time) and its
    berita acara. Before results may be seen the evaluator's verdict is left out, and so are
    the berita acara (they carry both indices) — also from the kinds offered as a filter."""
    entries = riwayat_terlihat(Riwayat.objects.filter(penilaian=penilaian), lihat_final=lihat_final)
    jenis_pilihan = [
        (kode, label)
        for kode, label in JenisRiwayat.choices
        if lihat_final or kode not in RIWAYAT_HASIL_EVALUATOR
    ]
    if jenis in dict(jenis_pilihan):
        entries = entries.filter(jenis=jenis)
    if nomor.isascii() and nomor.isdigit():
        entries = entries.filter(indikator__nomor=int(nomor))
    page = paging.potong(
        entries.select_related("pengguna", "indikator"), halaman, RIWAYAT_PER_HALAMAN
    )
    return {
        "riwayat": riwayat_tampil(page.object_list, lihat_final=lihat_final),
        "page": page,
        "jenis_pilihan": jenis_pilihan,
        "berita_acara": list(penilaian.berita_acara.select_related("oleh")) if lihat_final else [],
    }


# --- Evidence items (butir) ----------------------------------------------------------------


def _keadaan(items, ada_bukti, putusan) -> dict[int, list[butir_rules.ButirKeadaan]]:
    """{indicator id: its items as the rules see them}, from (pk, indikator_id, level, utama)
    rows and two lookups by item id: has a live file, the verdict."""
    result: dict[int, list[butir_rules.ButirKeadaan]] = {}
    for pk, indikator_id, level, utama in items:
        result.setdefault(indikator_id, []).append(
            butir_rules.ButirKeadaan(pk, level, utama, ada_bukti(pk), putusan(pk))
        )
    return result


def penilaian_butir(
    penilaian: Penilaian, indikator: Indikator | None = None
) -> dict[int, list[butir_rules.ButirKeadaan]]:
    """{indicator id: its items with evidence and verdict} for every indicator of the
    penilaian's instrument that has items, or only `indikator` (a save or a verdict needs no
    more). Three queries whatever the size; one for an instrument without items."""
    qs = Butir.objects.filter(indikator__instrumen_id=penilaian.periode.instrumen_id)
    if indikator is not None:
        qs = qs.filter(indikator=indikator)
    items = list(qs.values_list("pk", "indikator_id", "level", "utama"))
    if not items:  # an instrument without items (59/2020): one query, nothing more
        return {}
    ids = [pk for pk, *_ in items]
    with_files = set(
        Bukti.objects.filter(
            jawaban__penilaian=penilaian, butir__in=ids, dihapus_pada__isnull=True
        ).values_list("butir_id", flat=True)
    )
    putusan = dict(
        ReviuButir.objects.filter(jawaban__penilaian=penilaian, butir__in=ids).values_list(
            "butir_id", "putusan"
        )
    )
    return _keadaan(items, with_files.__contains__, lambda pk: putusan.get(pk, ""))


def butir_kurang(indikator: Indikator, keadaan: list[butir_rules.ButirKeadaan], level) -> list[str]:
    """Codes of the required items up to `level` that still have no evidence."""
    codes = {b.pk: b.kode for b in indikator.butir.all()}
    return [
        codes[b.id]
        for b in sorted(keadaan, key=lambda b: (b.level, b.id))
        if b.utama and b.level <= level and not b.ada_bukti
    ]


def butir_for(indikator: Indikator, pk: str) -> Butir | None:
    """The item `pk` of this indicator (None when none was given); another indicator's item,
    or a malformed id, is a 404."""
    if not pk:
        return None
    if not (pk.isascii() and pk.isdigit()):
        raise Http404("Butir tidak ditemukan.")
    try:
        return Butir.objects.select_related("indikator").get(pk=int(pk), indikator=indikator)
    except Butir.DoesNotExist:
        raise Http404("Butir tidak ditemukan.") from None


def butir_halaman(
    penilaian: Penilaian, indikator: Indikator, jawaban: Jawaban | None, *, lihat_putusan: bool
) -> dict:
    """The items of one indicator per level, each with its live files and — when the reader
    may see it — the evaluator's verdict; the level the evidence supports and the value the
    verdicts give (three queries)."""
    items = list(indikator.butir.all())
    if not items:
        return {"punya_butir": False}
    for b in items:
        b.indikator = indikator  # for b.kode without a query per item
    files: dict[int, list[Bukti]] = {}
    reviu: dict[int, ReviuButir] = {}
    if jawaban is not None:
        for f in jawaban.bukti.filter(
            butir__isnull=False, dihapus_pada__isnull=True
        ).select_related("ditautkan_oleh", "versi__dokumen"):
            files.setdefault(f.butir_id, []).append(f)
        reviu = {r.butir_id: r for r in jawaban.reviu_butir.select_related("oleh")}
    for b in items:  # a document older than the item allows is flagged (SPEC §13)
        dokumen_selectors.tandai(
            files.get(b.pk, []),
            acuan=penilaian.periode.batas_pengisian,
            kedaluwarsa_bulan=b.kedaluwarsa_bulan,
        )
    keadaan = [
        butir_rules.ButirKeadaan(
            b.pk, b.level, b.utama, bool(files.get(b.pk)), getattr(reviu.get(b.pk), "putusan", "")
        )
        for b in items
    ]
    hasil = butir_rules.hitung(keadaan, penilaian.periode.instrumen.kredit_parsial)
    kriteria = {k.level: k for k in indikator.kriteria.all()}
    levels = []
    for level in range(scoring.MIN_LEVEL, scoring.MAX_LEVEL + 1):
        rows = [
            {
                "butir": b,
                "bukti": files.get(b.pk, []),
                "reviu": reviu.get(b.pk) if lihat_putusan else None,
                # Without the verdicts the operator sees only whether evidence is there.
                "status": butir_rules.status(k, hasil)
                if lihat_putusan
                else ("belum_diperiksa" if k.ada_bukti else "belum_diunggah"),
                # Sent back, and a file uploaded since: waiting for the evaluator again.
                "diperbaiki": lihat_putusan
                and k.putusan == butir_rules.Putusan.REVISI
                and any(f.ditautkan_pada > reviu[b.pk].pada for f in files.get(b.pk, [])),
            }
            for b, k in zip(items, keadaan, strict=True)
            if b.level == level
        ]
        levels.append({"level": level, "kriteria": kriteria.get(level), "butir": rows})
    terdukung = butir_rules.level_terdukung(keadaan)
    klaim = int(jawaban.level) if jawaban and jawaban.level else 0
    return {
        "punya_butir": True,
        # A saved claim whose evidence has since gone: which required items lack files.
        "klaim_kurang": butir_kurang(indikator, keadaan, klaim) if klaim > terdukung else [],
        "butir_level": levels,
        "level_terdukung": terdukung,
        "hasil_butir": hasil if lihat_putusan else None,
        "level_menunggu": hasil.level_penuh + 1,
        "ada_putusan": lihat_putusan and any(k.putusan for k in keadaan),
        "butir_keadaan": keadaan,
    }


def butir_status(penilaian_ids: list[int], instrumen_id: int, kredit_parsial: str) -> dict:
    """{penilaian id: [row per item]} for reports: indicator, item, status key, the verdict's
    reason and note and the number of files (four queries, whatever the number of OPDs)."""
    items = list(
        Butir.objects.filter(indikator__instrumen_id=instrumen_id)
        .select_related("indikator")
        .order_by("indikator__nomor", "level", "nomor")
    )
    if not items or not penilaian_ids:
        return {}
    files: dict[tuple[int, int], int] = {}
    for penilaian_id, butir_id in Bukti.objects.filter(
        jawaban__penilaian_id__in=penilaian_ids, butir__isnull=False, dihapus_pada__isnull=True
    ).values_list("jawaban__penilaian_id", "butir_id"):
        files[penilaian_id, butir_id] = files.get((penilaian_id, butir_id), 0) + 1
    reviu = {
        (r.jawaban.penilaian_id, r.butir_id): r
        for r in ReviuButir.objects.filter(jawaban__penilaian_id__in=penilaian_ids).select_related(
            "jawaban"
        )
    }
    rows_in = [(b.pk, b.indikator_id, b.level, b.utama) for b in items]
    result = {}
    for penilaian_id in penilaian_ids:
        per_indikator = _keadaan(
            rows_in,
            lambda pk, p=penilaian_id: bool(files.get((p, pk))),
            lambda pk, p=penilaian_id: getattr(reviu.get((p, pk)), "putusan", ""),
        )
        hasil = {k: butir_rules.hitung(v, kredit_parsial) for k, v in per_indikator.items()}
        keadaan = {k.id: k for v in per_indikator.values() for k in v}
        rows = []
        for b in items:
            r = reviu.get((penilaian_id, b.pk))
            kunci = butir_rules.status(keadaan[b.pk], hasil[b.indikator_id])
            rows.append(
                {
                    "indikator": b.indikator,
                    "butir": b,
                    "status": kunci,
                    "status_label": butir_rules.STATUS_LABEL[kunci],
                    "alasan": r.alasan_tampil if r and kunci == "revisi" else "",
                    "catatan": r.catatan if r else "",
                    "berkas": files.get((penilaian_id, b.pk), 0),
                }
            )
        result[penilaian_id] = rows
    return result
