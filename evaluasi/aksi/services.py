"""Writes of a rencana aksi (SPEC §14). The status changes only in `aksi_transisi`, through the
table in `aturan.LANGKAH`, and every change leaves a line in the action's timeline."""

from datetime import date

from django.db import transaction
from django.utils import timezone

from evaluasi.aksi import aturan
from evaluasi.dokumen import services as dokumen_services
from evaluasi.models import (
    AsalAksi,
    DokumenVersi,
    HasilIndikatorNasional,
    Indikator,
    Jawaban,
    KomentarAksi,
    RencanaAksi,
    StatusAksi,
)
from opd.models import Opd
from spbe_portal.files import atomic_with_files

LangkahTidakSah = aturan.LangkahTidakSah


class AksiDitolak(Exception):
    """The action cannot be made or changed as asked; the message is for users."""


def _periksa(*, uraian: str, batas: date, opd: Opd) -> str:
    uraian = (uraian or "").strip()
    if not uraian:
        raise AksiDitolak("Tuliskan tindakan yang akan dilakukan.")
    if batas is None:
        raise AksiDitolak("Isi batas waktu rencana aksi.")
    if galat := aturan.periksa_batas(batas, timezone.localdate()):
        raise AksiDitolak(galat)
    if not opd.aktif:
        raise AksiDitolak(f"{opd.nama} tidak aktif; pilih OPD PIC yang lain.")
    return uraian


@transaction.atomic
def aksi_buat(
    *,
    user,
    opd: Opd,
    uraian: str,
    batas: date,
    tahun: int,
    asal: str = AsalAksi.LAIN,
    indikator: Indikator | None = None,
    rekomendasi: str = "",
    jawaban: Jawaban | None = None,
    hasil_nasional: HasilIndikatorNasional | None = None,
) -> RencanaAksi:
    """A new action in status rencana. From a recommendation, the text is copied as it stands
    (the source may be edited later); the indicator follows the source's. One action per
    recommendation; the same action asked twice (a second click) is the one made first."""
    uraian = _periksa(uraian=uraian, batas=batas, opd=opd)
    # Serialise makers of the same recommendation (or, without one, of the same OPD), so the
    # checks below hold when two requests arrive together.
    if jawaban is not None:
        Jawaban.objects.select_for_update().filter(pk=jawaban.pk).first()
    elif hasil_nasional is not None:
        HasilIndikatorNasional.objects.select_for_update().filter(pk=hasil_nasional.pk).first()
    else:
        Opd.objects.select_for_update().filter(pk=opd.pk).first()
    if jawaban is not None:
        asal, indikator = AsalAksi.EVALUATOR, jawaban.indikator
        rekomendasi = rekomendasi or jawaban.rekomendasi
        if jawaban.penilaian.opd_id != opd.pk:
            raise AksiDitolak("Rekomendasi ini untuk OPD lain.")
        if RencanaAksi.objects.filter(jawaban=jawaban).exists():
            raise AksiDitolak("Rekomendasi ini sudah menjadi rencana aksi.")
    if hasil_nasional is not None:
        asal, indikator = AsalAksi.NASIONAL, hasil_nasional.indikator
        rekomendasi = rekomendasi or hasil_nasional.rekomendasi
        if RencanaAksi.objects.filter(hasil_nasional=hasil_nasional).exists():
            raise AksiDitolak("Rekomendasi ini sudah menjadi rencana aksi.")
    sama = RencanaAksi.objects.filter(
        opd=opd, uraian=uraian, batas=batas, asal=asal, indikator=indikator
    ).first()
    if sama is not None:
        return sama
    aksi = RencanaAksi(
        opd=opd,
        uraian=uraian,
        batas=batas,
        tahun=tahun,
        asal=asal,
        indikator=indikator,
        rekomendasi=rekomendasi.strip(),
        jawaban=jawaban,
        hasil_nasional=hasil_nasional,
        dibuat_oleh=user,
    )
    aksi._history_user = user
    aksi.save()
    return aksi


UBAHAN = ("uraian", "batas", "opd", "indikator")


@transaction.atomic
def aksi_ubah(*, aksi: RencanaAksi, user, **rincian) -> RencanaAksi:
    """Change what, by when, who or which indicator (the team's call; kept in the history)."""
    unknown = set(rincian) - set(UBAHAN)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    aksi = (
        RencanaAksi.objects.select_for_update(of=("self",))
        .select_related("jawaban__penilaian")
        .get(pk=aksi.pk)
    )
    for field, value in rincian.items():
        setattr(aksi, field, value)
    aksi.uraian = _periksa(uraian=aksi.uraian, batas=aksi.batas, opd=aksi.opd)
    if aksi.jawaban_id and aksi.jawaban.penilaian.opd_id != aksi.opd.pk:
        # The recommendation was written to its own OPD: it is not another OPD's to read.
        raise AksiDitolak("Rekomendasi evaluator ini untuk OPD lain; PIC tidak dapat dipindah.")
    aksi._history_user = user
    aksi.save()
    return aksi


@transaction.atomic
def aksi_transisi(*, aksi: RencanaAksi, ke: str, user, tim: bool, catatan: str = "") -> RencanaAksi:
    """The one place an action's status changes. `dari` is read under a row lock, so two
    clicks (or two people) take a step once; the second gets LangkahTidakSah."""
    aksi = RencanaAksi.objects.select_for_update().get(pk=aksi.pk)
    dari = aksi.status
    aturan.periksa_langkah(dari, ke, tim=tim, ada_bukti=aksi.bukti_id is not None)
    aksi.status = StatusAksi(ke)
    aksi.selesai_pada = timezone.now() if ke == StatusAksi.SELESAI else None
    aksi._history_user = user
    aksi.save(update_fields=["status", "selesai_pada", "diubah"])
    KomentarAksi.objects.create(
        aksi=aksi, pengguna=user, teks=catatan.strip(), status_dari=dari, status_ke=ke
    )
    return aksi


def aksi_komentar(*, aksi: RencanaAksi, user, teks: str) -> KomentarAksi:
    teks = (teks or "").strip()
    if not teks:
        raise AksiDitolak("Komentar kosong.")
    return KomentarAksi.objects.create(aksi=aksi, pengguna=user, teks=teks)


@atomic_with_files
def aksi_bukti(
    *,
    aksi: RencanaAksi,
    user,
    versi: DokumenVersi | None = None,
    data: bytes | None = None,
    nama: str = "",
) -> RencanaAksi:
    """Link the evidence of completion: a version from the PIC OPD's library, or a file
    uploaded now (kept once in that library, deduplicated as any evidence is)."""
    aksi = RencanaAksi.objects.select_for_update().get(pk=aksi.pk)
    if aksi.status not in aturan.TERBUKA:
        raise AksiDitolak("Rencana aksi ini sudah ditutup; buka kembali untuk mengganti bukti.")
    if data is not None:
        versi, _ = dokumen_services.berkas_terima(
            opd_id=aksi.opd_id, user=user, data=data, nama=nama
        )
    if versi is None:
        raise AksiDitolak("Pilih dokumen dari pustaka atau unggah berkas bukti.")
    if versi.dokumen.opd_id != aksi.opd_id:
        # Another OPD's document id in the form: refused like any object outside the scope.
        raise AksiDitolak("Dokumen tidak ditemukan di pustaka OPD PIC.")
    aksi.bukti = versi
    aksi._history_user = user
    aksi.save(update_fields=["bukti", "diubah"])
    KomentarAksi.objects.create(
        aksi=aksi,
        pengguna=user,
        teks=f"Bukti penyelesaian: {versi.dokumen.judul} (versi {versi.nomor}).",
    )
    return aksi
