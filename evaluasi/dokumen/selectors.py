"""Reads of the evidence library: an OPD's documents with filters, one document with its
versions and where it is used, the documents an answer may link, and the freshness flags of
the links shown on an answer."""

from datetime import date, timedelta

from django.core.paginator import Paginator
from django.db.models import Count, Exists, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from evaluasi.dokumen import aturan
from evaluasi.models import (
    BerkasInstansi,
    Bukti,
    Dokumen,
    DokumenVersi,
    Penilaian,
    StatusPenilaian,
    StatusPeriode,
    Usulan,
)

PER_HALAMAN = 50


class Keadaan:
    """The library's validity filter (computed in the database from the document's dates)."""

    BERLAKU = "berlaku"
    SEGERA = "segera"
    KEDALUWARSA = "kedaluwarsa"
    TANPA_TANGGAL = "tanpa_tanggal"
    PILIHAN = (
        ("", "Semua"),
        (BERLAKU, "Masih berlaku"),
        (SEGERA, f"Berakhir dalam {aturan.HARI_PERINGATAN} hari"),
        (KEDALUWARSA, "Sudah tidak berlaku"),
        (TANPA_TANGGAL, "Tanpa tanggal dokumen"),
    )


def _jumlah(model, hidup_saja: bool = True) -> Subquery:
    qs = model.objects.filter(versi__dokumen=OuterRef("pk"))
    if hidup_saja:
        qs = qs.filter(dihapus_pada__isnull=True)
    return Coalesce(
        Subquery(
            qs.order_by().values("versi__dokumen").annotate(n=Count("pk")).values("n"),
            output_field=IntegerField(),
        ),
        0,
    )


def daftar_dokumen(
    qs: QuerySet[Dokumen],
    *,
    hari_ini: date,
    cari: str = "",
    jenis: str = "",
    keadaan: str = "",
    halaman: str | int = 1,
):
    """One page of documents, each with its newest version's file name, its number of
    versions and how many answers link it (a fixed number of queries whatever the page)."""
    cari = cari.strip()
    if cari:
        qs = qs.filter(
            Q(judul__icontains=cari)
            | Q(nomor__icontains=cari)
            | Q(label__icontains=cari)
            | Q(versi__nama_asli__icontains=cari)
        ).distinct()
    if jenis:
        qs = qs.filter(jenis=jenis)
    batas = hari_ini + timedelta(days=aturan.HARI_PERINGATAN)
    if keadaan == Keadaan.BERLAKU:
        qs = qs.filter(Q(berlaku_sampai__isnull=True) | Q(berlaku_sampai__gte=hari_ini))
    elif keadaan == Keadaan.SEGERA:
        qs = qs.filter(berlaku_sampai__gte=hari_ini, berlaku_sampai__lte=batas)
    elif keadaan == Keadaan.KEDALUWARSA:
        qs = qs.filter(berlaku_sampai__lt=hari_ini)
    elif keadaan == Keadaan.TANPA_TANGGAL:
        qs = qs.filter(tanggal__isnull=True)
    terakhir = DokumenVersi.objects.filter(dokumen=OuterRef("pk")).order_by("-nomor")
    qs = qs.select_related("opd").annotate(
        jumlah_versi=Count("versi", distinct=True),
        nama_berkas=Subquery(terakhir.values("nama_asli")[:1]),
        dipakai=_jumlah(Bukti) + _jumlah(BerkasInstansi),
    )
    page = Paginator(qs.order_by("judul", "pk"), PER_HALAMAN).get_page(halaman)
    for d in page.object_list:
        d.tanda = aturan.kesegaran(
            tanggal=d.tanggal, berlaku_sampai=d.berlaku_sampai, acuan=hari_ini
        )
    return page


def dokumen_rinci(dokumen: Dokumen) -> dict:
    """A document's versions (newest first) and every answer that links it, live or removed."""
    versi = list(dokumen.versi.select_related("diunggah_oleh").order_by("-nomor"))
    bukti = list(
        Bukti.objects.filter(versi__dokumen=dokumen)
        .select_related(
            "versi",
            "jawaban__penilaian__periode",
            "jawaban__penilaian__opd",
            "jawaban__indikator",
            "butir__indikator",
        )
        .order_by("-jawaban__penilaian__periode__tahun", "jawaban__indikator__nomor", "pk")
    )
    instansi = list(
        BerkasInstansi.objects.filter(versi__dokumen=dokumen)
        .select_related("versi", "isian__penilaian__periode", "isian__butir__indikator")
        .order_by("-isian__penilaian__periode__tahun", "pk")
    )
    return {"versi": versi, "bukti": bukti, "instansi": instansi}


def pilihan_dokumen(opd_id: int) -> list[dict]:
    """The OPD's documents an answer may link (title, newest file, dates), one query."""
    terakhir = DokumenVersi.objects.filter(dokumen=OuterRef("pk")).order_by("-nomor")
    return list(
        Dokumen.objects.filter(opd_id=opd_id)
        .annotate(nama_berkas=Subquery(terakhir.values("nama_asli")[:1]))
        .filter(nama_berkas__isnull=False)
        .order_by("judul", "pk")
        .values("pk", "judul", "nama_berkas", "tanggal", "berlaku_sampai")
    )


def tandai(tautan, *, acuan: date, kedaluwarsa_bulan: int | None = None) -> None:
    """Set `.tanda` (the freshness flag) on each link, from its document's dates against the
    item's rule; the links were loaded with select_related("versi__dokumen")."""
    for t in tautan:
        d = t.versi.dokumen
        t.tanda = aturan.kesegaran(
            tanggal=d.tanggal,
            berlaku_sampai=d.berlaku_sampai,
            acuan=acuan,
            kedaluwarsa_bulan=kedaluwarsa_bulan,
        )


# --- Start from last year (the writes: evaluasi.dokumen.usulan) -----------------------------


def sumber_untuk(penilaian: Penilaian) -> Penilaian | None:
    """The OPD's last final penilaian of a published earlier period (results the operator may
    see), or None."""
    return (
        Penilaian.objects.filter(
            opd_id=penilaian.opd_id,
            status=StatusPenilaian.FINAL,
            periode__status=StatusPeriode.DIPUBLIKASI,
            periode__tahun__lt=penilaian.periode.tahun,
        )
        .select_related("periode__instrumen")
        .order_by("-periode__tahun")
        .first()
    )


def ringkasan_usulan(penilaian: Penilaian) -> dict:
    """For the operator's overview: the source year and the proposals still waiting, by
    indicator (two queries)."""
    return {
        "sumber_usulan": sumber_untuk(penilaian),
        "usulan_menunggu": {
            u.indikator_id: u
            for u in Usulan.objects.filter(penilaian=penilaian, diterima__isnull=True)
        },
    }


def usulan_indikator(penilaian: Penilaian, indikator) -> Usulan | None:
    """The waiting proposal of one indicator with its documents (two queries)."""
    usulan = Usulan.objects.filter(
        penilaian=penilaian, indikator=indikator, diterima__isnull=True
    ).first()
    if usulan is not None:
        usulan.dokumen_usulan = list(
            usulan.bukti.select_related("dokumen", "butir__indikator").order_by("pk")
        )
    return usulan


# Periods whose evidence is still being filled in or checked (as evaluasi.pengingat.TERBUKA).
PERIODE_TERBUKA = (StatusPeriode.PENGISIAN, StatusPeriode.VERIFIKASI)


def dokumen_berakhir(*, opd_id: int | None, hari_ini: date) -> list[Dokumen]:
    """Tugas saya: the owner's documents (`opd_id` None: the pemda's) that end within
    `aturan.HARI_PERINGATAN` days (time to get the renewed one), and those already ended that
    are still live evidence (a Bukti or a BerkasInstansi not removed) in a period now open;
    soonest end first, each with `.tanda`. One query."""
    hidup = Q(dihapus_pada__isnull=True, versi__dokumen=OuterRef("pk"))
    bukti = Bukti.objects.filter(hidup, jawaban__penilaian__periode__status__in=PERIODE_TERBUKA)
    instansi = BerkasInstansi.objects.filter(
        hidup, isian__penilaian__periode__status__in=PERIODE_TERBUKA
    )
    qs = (
        Dokumen.objects.filter(opd__isnull=True)
        if opd_id is None
        else Dokumen.objects.filter(opd_id=opd_id)
    )
    rows = list(
        qs.filter(berlaku_sampai__lte=hari_ini + timedelta(days=aturan.HARI_PERINGATAN))
        .filter(Q(berlaku_sampai__gte=hari_ini) | Exists(bukti) | Exists(instansi))
        .order_by("berlaku_sampai", "judul", "pk")
    )
    for d in rows:
        d.tanda = aturan.kesegaran(
            tanggal=d.tanggal, berlaku_sampai=d.berlaku_sampai, acuan=hari_ini
        )
    return rows
