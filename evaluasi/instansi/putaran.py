"""National rounds (SPEC §12): the instrument as the results template needs it, the preview's
figures, and the import of one round's results (`putaran_impor`) with the mails to the
pengampu OPDs whose items were sent back. Views check who may act (spbe_portal.access)."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone

from evaluasi import scoring, surel
from evaluasi.galat import IsianTidakLengkap, Konflik, TransisiTidakSah
from evaluasi.instansi import aturan
from evaluasi.instansi.hasil_nasional import (
    DITERIMA,
    REVISI,
    Acuan,
    ButirAcuan,
    HasilBaca,
    IndikatorAcuan,
)
from evaluasi.instansi.selectors import nasional_indikator_terakhir, peta_pengampu
from evaluasi.instrumen.selectors import scoring_def
from evaluasi.models import (
    Butir,
    HasilButirNasional,
    HasilIndikatorNasional,
    Indikator,
    Instrumen,
    PenilaianInstansi,
    Putaran,
)
from opd.models import Opd


def acuan(instrumen: Instrumen) -> Acuan:
    """The instrument's items and indicators in instrument order (two queries)."""
    indikator = list(Indikator.objects.filter(instrumen=instrumen).order_by("nomor"))
    by_id = {i.pk: i for i in indikator}
    items = Butir.objects.filter(indikator__instrumen=instrumen).order_by(
        "indikator__nomor", "level", "nomor"
    )
    butir = []
    for b in items:
        b.indikator = by_id[b.indikator_id]  # b.kode without a query
        butir.append(ButirAcuan(b.pk, b.kode, b.indikator.kode_butir, b.level, b.teks))
    return Acuan(
        butir=tuple(butir),
        indikator=tuple(
            IndikatorAcuan(i.pk, i.nomor, i.kode_butir, i.kode, i.nama) for i in indikator
        ),
    )


def nomor_berikut(penilaian: PenilaianInstansi) -> int:
    last = penilaian.putaran.order_by("-nomor").values_list("nomor", flat=True).first()
    return (last or 0) + 1


def nama_bawaan(nomor: int) -> str:
    """Tahap 1, then Perbaikan 1, Perbaikan 2 … as the national application names its rounds."""
    return "Tahap 1" if nomor <= 1 else f"Perbaikan {nomor - 1}"


def daftar_putaran(penilaian: PenilaianInstansi) -> list[Putaran]:
    """The rounds, newest first, with who imported them and their counts (one query)."""
    return list(
        penilaian.putaran.select_related("diimpor_oleh")
        .annotate(
            jumlah_diterima=Count(
                "hasil_butir", filter=Q(hasil_butir__putusan=DITERIMA), distinct=True
            ),
            jumlah_revisi=Count(
                "hasil_butir", filter=Q(hasil_butir__putusan=REVISI), distinct=True
            ),
            jumlah_bernilai=Count(
                "hasil_indikator", filter=Q(hasil_indikator__nilai__isnull=False), distinct=True
            ),
        )
        .order_by("-nomor")
    )


def nilai_terakhir(penilaian: PenilaianInstansi) -> dict[int, Decimal]:
    """{indicator number: value} of the latest round that gave each indicator one."""
    return {
        h.indikator.nomor: h.nilai for h in nasional_indikator_terakhir(penilaian.periode).values()
    }


@dataclass(frozen=True)
class IndeksPratinjau:
    hasil: scoring.HasilIndeks
    dari_sebelumnya: tuple[int, ...]  # indicator numbers valued by an earlier round


def indeks_pratinjau(penilaian: PenilaianInstansi, rows: HasilBaca) -> IndeksPratinjau | None:
    """The national index once `rows` are imported: this file's values over the latest
    earlier ones (as `keadaan_instansi(...).indeks("nasional")` will read it); None while no
    indicator has a value."""
    earlier = nilai_terakhir(penilaian)
    values = {**earlier, **rows.nilai()}
    if not values:
        return None
    hasil = scoring.hitung(scoring_def(penilaian.periode.instrumen), values)
    return IndeksPratinjau(hasil, tuple(sorted(set(earlier) - set(rows.nilai()))))


def revisi_tanpa_pengampu(penilaian: PenilaianInstansi, rows: HasilBaca) -> list[str]:
    """Codes of items sent back that no OPD holds: nobody gets their task (two queries)."""
    revisi = {r.butir_id: r.kode for r in rows.butir if r.putusan == REVISI}
    if not revisi:
        return []
    per_butir, per_indikator = peta_pengampu(penilaian.periode)
    indikator_of = dict(Butir.objects.filter(pk__in=revisi).values_list("pk", "indikator_id"))
    return [
        kode
        for pk, kode in revisi.items()
        if not aturan.pengampu_butir(pk, indikator_of[pk], per_butir, per_indikator)
    ]


def _ensure_same_instrument(penilaian: PenilaianInstansi, rows: HasilBaca) -> None:
    instrumen_id = penilaian.periode.instrumen_id
    butir_ids = {r.butir_id for r in rows.butir}
    indikator_ids = {r.indikator_id for r in rows.indikator}
    found_butir = Butir.objects.filter(pk__in=butir_ids, indikator__instrumen_id=instrumen_id)
    found_indikator = Indikator.objects.filter(pk__in=indikator_ids, instrumen_id=instrumen_id)
    if found_butir.count() != len(butir_ids) or found_indikator.count() != len(indikator_ids):
        raise TransisiTidakSah(
            "Berkas dibaca untuk instrumen lain; unggah ulang berkasnya untuk periode ini."
        )


def _sudah_diimpor(putaran: Putaran) -> Konflik:
    pada = timezone.localtime(putaran.diimpor_pada)
    return Konflik(
        f"Putaran {putaran.nomor} ({putaran.nama}) sudah diimpor oleh "
        f"{putaran.diimpor_oleh.nama} pada {pada:%d-%m-%Y %H:%M}, setelah pratinjau ini dibuat. "
        "Tidak ada yang disimpan; periksa daftar putaran, lalu unggah ulang bila berkas ini "
        "memang putaran berikutnya.",
        None,
    )


@transaction.atomic
def putaran_impor(
    *,
    penilaian_instansi: PenilaianInstansi,
    rows: HasilBaca,
    nama: str,
    batas: date | None,
    user,
    nama_berkas: str,
    nomor: int | None = None,
) -> Putaran:
    """Import one national round: the next Putaran (last number + 1) with its results per
    item and indicator, all or nothing; the operators of each pengampu OPD with items sent
    back get one mail (queued in this transaction, sent after it commits).

    `nomor` is the round number the preview announced: when another import took it since,
    Konflik says who and when and nothing is written. Raises TransisiTidakSah when `rows`
    still has row errors or was read for another instrument, IsianTidakLengkap for an empty
    round or name.
    """
    if rows.galat:
        raise TransisiTidakSah(
            f"Berkas masih berisi {len(rows.galat)} galat; tidak ada yang disimpan."
        )
    if not rows.butir and not rows.indikator:
        raise IsianTidakLengkap("Berkas tidak berisi hasil apa pun.")
    nama = " ".join(nama.split())
    if not nama:
        raise IsianTidakLengkap("Isi nama putaran (misalnya Tahap 1 atau Perbaikan 1).")
    # The lock makes confirms of one penilaian wait for each other, so the second reads the
    # number the first took; the unique constraint stops whatever the lock cannot (SQLite).
    penilaian = (
        PenilaianInstansi.objects.select_for_update()
        .select_related("periode__instrumen")
        .get(pk=penilaian_instansi.pk)
    )
    last = penilaian.putaran.select_related("diimpor_oleh").order_by("-nomor").first()
    berikut = (last.nomor if last else 0) + 1
    if nomor is not None and nomor != berikut:
        if last is None:
            raise TransisiTidakSah("Nomor putaran pratinjau tidak cocok; unggah ulang berkasnya.")
        raise _sudah_diimpor(last)
    _ensure_same_instrument(penilaian, rows)
    putaran = Putaran(
        penilaian=penilaian,
        nomor=berikut,
        nama=nama[: Putaran._meta.get_field("nama").max_length],
        batas=batas,
        nama_berkas=nama_berkas[: Putaran._meta.get_field("nama_berkas").max_length],
        diimpor_oleh=user,
    )
    putaran._history_user = user
    try:
        with transaction.atomic():
            putaran.save()
    except IntegrityError:
        raise _sudah_diimpor(
            Putaran.objects.select_related("diimpor_oleh").get(penilaian=penilaian, nomor=berikut)
        ) from None
    hasil_butir = HasilButirNasional.objects.bulk_create(
        HasilButirNasional(
            putaran=putaran,
            butir_id=r.butir_id,
            putusan=r.putusan,
            jenis_revisi=r.jenis_revisi,
            catatan=r.catatan,
        )
        for r in rows.butir
    )
    HasilIndikatorNasional.objects.bulk_create(
        HasilIndikatorNasional(
            putaran=putaran, indikator_id=r.indikator_id, nilai=r.nilai, rekomendasi=r.rekomendasi
        )
        for r in rows.indikator
    )
    _surel_revisi(putaran, [h for h in hasil_butir if h.putusan == REVISI])
    return putaran


def _surel_revisi(putaran: Putaran, revisi: list[HasilButirNasional]) -> int:
    """One mail per pengampu OPD listing its items sent back (pengampu of an item: the OPDs
    assigned to it or to its whole indicator)."""
    if not revisi:
        return 0
    per_butir, per_indikator = peta_pengampu(putaran.penilaian.periode)
    items = {
        b.pk: b
        for b in Butir.objects.filter(pk__in=[h.butir_id for h in revisi]).select_related(
            "indikator"
        )
    }
    per_opd: dict[int, list[HasilButirNasional]] = {}
    for h in sorted(
        revisi,
        key=lambda h: (
            items[h.butir_id].indikator.nomor,
            items[h.butir_id].level,
            items[h.butir_id].nomor,
        ),
    ):
        h.butir = items[h.butir_id]
        for opd_id in aturan.pengampu_butir(
            h.butir_id, h.butir.indikator_id, per_butir, per_indikator
        ):
            per_opd.setdefault(opd_id, []).append(h)
    opds = Opd.objects.in_bulk(per_opd)
    return surel.revisi_nasional(
        putaran, {opds[opd_id]: rows for opd_id, rows in per_opd.items() if opd_id in opds}
    )
