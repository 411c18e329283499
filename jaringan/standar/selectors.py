"""Reads of the network standard: the years' checklists, one OPD's page for a year (items with
its answers, its links, the outcome) and the year's recap over many OPDs in a fixed number of
queries (the outcome computed in `aturan`)."""

from dataclasses import dataclass, field

from django.db.models import Count, QuerySet

from jaringan.models import (
    ButirStandar,
    JawabanStandar,
    Koneksi,
    PemeriksaanJaringan,
    StandarJaringan,
)
from jaringan.standar import aturan
from opd.models import Opd


def standar_daftar() -> QuerySet[StandarJaringan]:
    return StandarJaringan.objects.annotate(
        jumlah_butir=Count("butir", distinct=True),
        jumlah_opd=Count("pemeriksaan", distinct=True),
    ).order_by("-tahun")


def butir_dengan_jumlah(standar: StandarJaringan) -> QuerySet[ButirStandar]:
    """The items with how many OPDs answered each (an answered item is frozen)."""
    return standar.butir.annotate(terjawab=Count("jawaban")).order_by("urutan", "pk")


def _butir_aturan(butir) -> list[aturan.Butir]:
    return [aturan.Butir(b.pk, b.uraian, b.wajib, b.bukti_wajib) for b in butir]


@dataclass
class Halaman:
    """One OPD's page for a year."""

    butir: list  # ButirStandar with `.jawaban_opd` (JawabanStandar or None)
    hasil: aturan.Hasil
    pemeriksaan: PemeriksaanJaringan | None
    koneksi: list = field(default_factory=list)


def halaman_opd(opd: Opd, standar: StandarJaringan, dokumen_terlihat: QuerySet) -> Halaman:
    """The OPD's checklist for the year. `dokumen_terlihat`: the library documents the reader
    may see (access.dokumen_queryset_for_user); the evidence's title shows only for those, so
    a confidential document is never named to Pimpinan."""
    butir = list(standar.butir.order_by("urutan", "pk"))
    pemeriksaan = (
        PemeriksaanJaringan.objects.filter(opd=opd, standar=standar)
        .select_related("diubah_oleh")
        .first()
    )
    jawaban = (
        {
            j.butir_id: j
            for j in JawabanStandar.objects.filter(pemeriksaan=pemeriksaan).select_related(
                "bukti__dokumen"
            )
        }
        if pemeriksaan
        else {}
    )
    bukti_dokumen = {j.bukti.dokumen_id for j in jawaban.values() if j.bukti_id}
    terlihat = (
        set(dokumen_terlihat.filter(pk__in=bukti_dokumen).values_list("pk", flat=True))
        if bukti_dokumen
        else set()
    )
    for b in butir:
        b.jawaban_opd = jawaban.get(b.pk)
        if b.jawaban_opd is not None:
            b.jawaban_opd.bukti_terlihat = (
                b.jawaban_opd.bukti_id is not None and b.jawaban_opd.bukti.dokumen_id in terlihat
            )
    hasil = aturan.nilai(
        _butir_aturan(butir),
        [aturan.Jawaban(j.butir_id, j.terpenuhi, j.bukti_id is not None) for j in jawaban.values()],
    )
    koneksi = list(Koneksi.objects.filter(opd=opd, tahun=standar.tahun).order_by("nama"))
    return Halaman(butir=butir, hasil=hasil, pemeriksaan=pemeriksaan, koneksi=koneksi)


@dataclass
class BarisRekap:
    opd: Opd
    hasil: aturan.Hasil
    koneksi: list


def rekap(standar: StandarJaringan, opd_qs: QuerySet[Opd]) -> list[BarisRekap]:
    """Every active OPD in `opd_qs` with its outcome and links for the year: four queries,
    whatever the number of OPDs."""
    opds = list(opd_qs.filter(aktif=True).order_by("urutan", "nama"))
    butir = _butir_aturan(standar.butir.order_by("urutan", "pk"))
    ids = [o.pk for o in opds]
    jawaban: dict[int, list[aturan.Jawaban]] = {}
    for opd_id, butir_id, terpenuhi, bukti_id in JawabanStandar.objects.filter(
        pemeriksaan__standar=standar, pemeriksaan__opd_id__in=ids
    ).values_list("pemeriksaan__opd_id", "butir_id", "terpenuhi", "bukti_id"):
        jawaban.setdefault(opd_id, []).append(
            aturan.Jawaban(butir_id, terpenuhi, bukti_id is not None)
        )
    koneksi: dict[int, list[Koneksi]] = {}
    for k in Koneksi.objects.filter(opd_id__in=ids, tahun=standar.tahun).order_by("nama"):
        koneksi.setdefault(k.opd_id, []).append(k)
    return [
        BarisRekap(o, aturan.nilai(butir, jawaban.get(o.pk, [])), koneksi.get(o.pk, []))
        for o in opds
    ]
