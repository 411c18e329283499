"""Start a period from last year (SPEC §13): each answer and its documents are proposed from
the OPD's last published final result — the same instrument indicator by indicator and item
by item, or across a change of instrument through the crosswalk — marked "dari <tahun>".
Nothing counts until the operator confirms a proposal; confirming writes it through the
answer's own services (jawaban_save, bukti_tautkan), so every rule of an answer holds."""

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from evaluasi.dokumen import aturan
from evaluasi.dokumen.selectors import sumber_untuk
from evaluasi.galat import IsianTidakLengkap, Konflik
from evaluasi.models import (
    Bukti,
    Butir,
    Indikator,
    Jawaban,
    Penilaian,
    Usulan,
    UsulanBukti,
)
from evaluasi.padanan.selectors import peta_padanan
from evaluasi.penilaian import berkas
from evaluasi.penilaian import services as penilaian_services


def ensure_boleh_usul(penilaian: Penilaian) -> None:
    """Proposals are made while the operator may still fill the penilaian (Terkunci else)."""
    penilaian_services.ensure_operator_can_edit(penilaian)


def _sama_instrumen(sumber: Penilaian, penilaian: Penilaian) -> bool:
    asal, tujuan = sumber.periode.instrumen, penilaian.periode.instrumen
    return asal.pk == tujuan.pk or tujuan.asal_id == asal.pk


@transaction.atomic
def usulan_buat(*, penilaian: Penilaian, peta_padanan: dict[int, list[int]] | None = None) -> int:
    """Propose every answer of `penilaian` from its source (replacing proposals still waiting;
    decided ones stay). `peta_padanan`: target indicator id → source indicator ids, needed
    when the instruments differ (no map: nothing is proposed). Returns how many."""
    penilaian = Penilaian.objects.select_related("periode__instrumen").get(pk=penilaian.pk)
    sumber = sumber_untuk(penilaian)
    if sumber is None:
        return 0
    sama = _sama_instrumen(sumber, penilaian)
    if not sama and not peta_padanan:
        return 0
    tujuan = list(Indikator.objects.filter(instrumen_id=penilaian.periode.instrumen_id))
    jawaban = {
        j.indikator_id: j
        for j in Jawaban.objects.filter(penilaian=sumber).select_related("indikator")
    }
    per_nomor = {j.indikator.nomor: j for j in jawaban.values()}
    bukti: dict[int, list[Bukti]] = {}
    for b in Bukti.objects.filter(
        jawaban__penilaian=sumber, dihapus_pada__isnull=True
    ).select_related("versi", "butir"):
        bukti.setdefault(b.jawaban_id, []).append(b)
    butir_tujuan = {
        (b.indikator_id, b.level, b.nomor): b
        for b in Butir.objects.filter(indikator__instrumen_id=penilaian.periode.instrumen_id)
    }
    diputuskan = set(
        Usulan.objects.filter(penilaian=penilaian, diterima__isnull=False).values_list(
            "indikator_id", flat=True
        )
    )
    Usulan.objects.filter(penilaian=penilaian, diterima__isnull=True).delete()
    baru, dokumen = [], []
    for indikator in tujuan:
        if indikator.pk in diputuskan:
            continue
        if sama:
            asal = [per_nomor[indikator.nomor]] if indikator.nomor in per_nomor else []
        else:
            asal = [jawaban[i] for i in peta_padanan.get(indikator.pk, []) if i in jawaban]
        if not asal:
            continue
        usulan = _usulan(penilaian, indikator, sumber, asal, sama)
        tautan = _bukti_usulan(indikator, asal, bukti, butir_tujuan, sama)
        if usulan.level is None and not usulan.penjelasan and not tautan:
            continue
        baru.append(usulan)
        dokumen.append(tautan)
    Usulan.objects.bulk_create(baru)
    UsulanBukti.objects.bulk_create(
        [
            UsulanBukti(usulan=u, dokumen_id=dok, butir=butir)
            for u, tautan in zip(baru, dokumen, strict=True)
            for dok, butir in tautan
        ]
    )
    return len(baru)


def _nilai(j: Jawaban):
    return j.level_final if j.level_final is not None else j.level


def _usulan(penilaian, indikator, sumber, asal: list[Jawaban], sama: bool) -> Usulan:
    label = sumber.periode.instrumen.nama
    return Usulan(
        penilaian=penilaian,
        indikator=indikator,
        dari_tahun=sumber.periode.tahun,
        melalui_padanan=not sama,
        sumber="; ".join(f"Indikator {j.indikator.nomor} {j.indikator.nama}" for j in asal)
        + ("" if sama else f" ({label})"),
        level=aturan.nilai_usulan([_nilai(j) for j in asal], melalui_padanan=not sama),
        penjelasan="\n\n".join(j.penjelasan for j in asal if j.penjelasan.strip())[:10_000],
        tautan="\n".join(dict.fromkeys(t for j in asal for t in j.daftar_tautan)),
    )


def _bukti_usulan(indikator, asal, bukti, butir_tujuan, sama) -> list[tuple[int, Butir | None]]:
    """(document id, target item) pairs, once each: last year's item when the same item
    exists; otherwise the indicator as a whole."""
    hasil = {}
    for j in asal:
        for b in bukti.get(j.pk, []):
            butir = None
            if sama and b.butir is not None:
                butir = butir_tujuan.get((indikator.pk, b.butir.level, b.butir.nomor))
            hasil[(b.versi.dokumen_id, butir.pk if butir else None)] = butir
    return [(dok, butir) for (dok, _), butir in hasil.items()]


@dataclass(frozen=True)
class HasilKonfirmasi:
    ditautkan: int
    sudah_ada: int
    catatan: str  # what could not be applied, in Indonesian ("" when everything was)


@transaction.atomic
def usulan_konfirmasi(*, usulan: Usulan, user) -> HasilKonfirmasi:
    """Apply a waiting proposal: link its documents (newest version, marked "dari <tahun>"),
    then fill the answer's empty fields with it. What the operator typed is never replaced;
    a value the evidence does not support yet is left out and said so. Raises Konflik when
    the proposal was decided meanwhile, Terkunci when the answer may not be changed."""
    usulan = (
        Usulan.objects.select_for_update()
        .select_related("penilaian__periode", "indikator")
        .get(pk=usulan.pk)
    )
    if usulan.diterima is not None:
        raise Konflik("Usulan ini sudah diputuskan.", None)
    penilaian, indikator = usulan.penilaian, usulan.indikator
    penilaian_services.ensure_operator_can_edit(penilaian, indikator)
    ditautkan = sudah_ada = 0
    for ub in usulan.bukti.select_related("dokumen", "butir__indikator"):
        try:
            penilaian_services.bukti_tautkan(
                penilaian=penilaian,
                indikator=indikator,
                dokumen=ub.dokumen,
                user=user,
                butir=ub.butir,
                dari_tahun=usulan.dari_tahun,
            )
        except berkas.BerkasDitolak:
            sudah_ada += 1  # already linked by the operator this year
        else:
            ditautkan += 1
    catatan = _isi_jawaban(usulan, penilaian, indikator, user)
    usulan.diterima, usulan.diputuskan_pada, usulan.diputuskan_oleh = True, timezone.now(), user
    usulan.save(update_fields=["diterima", "diputuskan_pada", "diputuskan_oleh"])
    return HasilKonfirmasi(ditautkan, sudah_ada, catatan)


def _isi_jawaban(usulan: Usulan, penilaian, indikator, user) -> str:
    jawaban = Jawaban.objects.filter(penilaian=penilaian, indikator=indikator).first()
    sekarang = jawaban or Jawaban(penilaian=penilaian, indikator=indikator)
    level = sekarang.level if sekarang.level is not None else usulan.level
    penjelasan = sekarang.penjelasan or usulan.penjelasan
    tautan = sekarang.daftar_tautan or [t for t in usulan.tautan.splitlines() if t.strip()]
    simpan = {
        "penilaian": penilaian,
        "indikator": indikator,
        "user": user,
        "penjelasan": penjelasan,
        "tautan": tautan,
        "versi": sekarang.versi,
        "tanggal_eksternal": sekarang.tanggal_eksternal,
        "eksternal_belum": sekarang.eksternal_belum,
    }
    try:
        penilaian_services.jawaban_save(level=level, **simpan)
    except IsianTidakLengkap as exc:
        # The value needs evidence of this year's items first: keep the text, leave the value.
        penilaian_services.jawaban_save(level=sekarang.level, **simpan)
        return f"Nilai usulan belum dipakai: {exc}"
    return ""


@transaction.atomic
def usulan_abaikan(*, usulan: Usulan, user) -> None:
    """Set a waiting proposal aside; it is not proposed again for this period."""
    usulan = (
        Usulan.objects.select_for_update().select_related("penilaian__periode").get(pk=usulan.pk)
    )
    if usulan.diterima is not None:
        raise Konflik("Usulan ini sudah diputuskan.", None)
    penilaian_services.ensure_operator_can_edit(usulan.penilaian)
    usulan.diterima, usulan.diputuskan_pada, usulan.diputuskan_oleh = False, timezone.now(), user
    usulan.save(update_fields=["diterima", "diputuskan_pada", "diputuskan_oleh"])


def peta_untuk(penilaian: Penilaian) -> dict[int, list[int]] | None:
    """The crosswalk from the source's instrument to this period's, when they differ (an
    approximation: every proposal made through it says so)."""
    sumber = sumber_untuk(penilaian)
    if sumber is None or _sama_instrumen(sumber, penilaian):
        return None
    return peta_padanan(sumber.periode.instrumen_id, penilaian.periode.instrumen_id)


def usulan_periode(periode_id: int) -> int:
    """Proposals for every penilaian of a period just opened (a background task); returns how
    many were made."""
    total = 0
    for penilaian in Penilaian.objects.filter(periode_id=periode_id).select_related(
        "periode__instrumen"
    ):
        total += usulan_buat(penilaian=penilaian, peta_padanan=peta_untuk(penilaian))
    return total
