"""Writes of a session (SPEC §14). The status changes only in `sesi_transisi`, through the
table in `aturan.LANGKAH`; every change a calendar must hear of raises `urutan` (the .ics
SEQUENCE) and queues the invitation in the same transaction. The berita acara turns each
agreed follow-up into a rencana aksi (`aksi_buat`, asal SESI) linked to the session."""

from dataclasses import dataclass
from datetime import date, datetime

from django.db import transaction
from django.utils import timezone

from evaluasi.aksi import services as aksi_services
from evaluasi.jadwal import aturan, undangan
from evaluasi.models import AsalAksi, Indikator, Periode, RencanaAksi, Sesi, StatusSesi
from opd.models import Opd, Pengguna, Peran

SesiTidakSah = aturan.SesiTidakSah
LangkahTidakSah = aturan.LangkahTidakSah

# What calendars are told about: a change of any of these raises the SEQUENCE.
KALENDER = ("jenis", "mulai", "selesai", "tempat", "tautan", "agenda", "peserta")


@dataclass
class DataSesi:
    periode: Periode
    opd: Opd
    jenis: str
    mulai: datetime
    selesai: datetime
    tempat: str
    tautan: str
    evaluator: list[Pengguna]
    operator: list[Pengguna]
    peserta: str = ""
    agenda: str = ""


def _periksa(data: DataSesi) -> None:
    # Calendars keep whole minutes; so does the session (and its .ics matches it).
    data.mulai = data.mulai.replace(second=0, microsecond=0)
    data.selesai = data.selesai.replace(second=0, microsecond=0)
    aturan.periksa_waktu(data.mulai, data.selesai)
    data.tempat, data.tautan = aturan.periksa_tempat(data.tempat, data.tautan)
    aturan.baca_peserta(data.peserta)
    if not data.opd.aktif:
        raise SesiTidakSah(f"{data.opd.nama} tidak aktif.")
    if not data.evaluator:
        raise SesiTidakSah("Pilih paling sedikit satu evaluator.")
    if any(u.peran != Peran.EVALUATOR or not u.is_active for u in data.evaluator):
        raise SesiTidakSah("Evaluator yang dipilih harus pengguna aktif berperan Evaluator.")
    # An operator of another OPD in the form is refused, not silently invited.
    if any(u.peran != Peran.OPERATOR or u.opd_id != data.opd.pk for u in data.operator):
        raise SesiTidakSah(f"Operator yang hadir harus operator {data.opd.nama}.")


@transaction.atomic
def sesi_simpan(
    *, user, data: DataSesi, sesi: Sesi | None = None, kirim_undangan: bool = True
) -> Sesi:
    """Schedule a new session or change one still scheduled. A change calendars must hear of
    raises `urutan`; with `kirim_undangan` the invitation (.ics) is queued."""
    _periksa(data)
    if sesi is None:
        # Two clicks on "Jadwalkan": the second finds the first under the OPD's row lock and
        # neither makes a second session nor sends a second invitation.
        Opd.objects.select_for_update().filter(pk=data.opd.pk).first()
        sama = Sesi.objects.filter(
            periode=data.periode,
            opd=data.opd,
            jenis=data.jenis,
            mulai=data.mulai,
            status=StatusSesi.DIJADWALKAN,
        ).first()
        if sama is not None:
            return sama
        sesi = Sesi(dibuat_oleh=user)
        berubah = True
        sesi._change_reason = "Sesi dijadwalkan"
    else:
        sesi = Sesi.objects.select_for_update().get(pk=sesi.pk)
        if sesi.status != StatusSesi.DIJADWALKAN:
            raise SesiTidakSah("Hanya sesi yang masih dijadwalkan yang dapat diubah.")
        if (sesi.periode_id, sesi.opd_id) != (data.periode.pk, data.opd.pk):
            raise SesiTidakSah("Periode dan OPD sesi tidak dapat diubah; batalkan dan buat baru.")
        lama_hadir = set(sesi.evaluator.values_list("pk", flat=True)) | set(
            sesi.operator.values_list("pk", flat=True)
        )
        baru_hadir = {u.pk for u in data.evaluator} | {u.pk for u in data.operator}
        berubah = lama_hadir != baru_hadir or any(
            getattr(sesi, f) != getattr(data, f) for f in KALENDER
        )
        if berubah:
            sesi.urutan += 1
        sesi._change_reason = "Sesi diubah"
    for field in ("periode", "opd", *KALENDER):
        setattr(sesi, field, getattr(data, field))
    sesi._history_user = user
    sesi.save()
    sesi.evaluator.set(data.evaluator)
    sesi.operator.set(data.operator)
    if kirim_undangan and (berubah or sesi.undangan_urutan != sesi.urutan):
        _undang(sesi)
    return sesi


def _undang(sesi: Sesi) -> int:
    jumlah = undangan.kirim(sesi)
    Sesi.objects.filter(pk=sesi.pk).update(undangan_urutan=sesi.urutan)
    sesi.undangan_urutan = sesi.urutan
    return jumlah


@transaction.atomic
def undangan_kirim(*, sesi: Sesi, user) -> int:
    """The "Kirim undangan" button: queue the invitation of the current version once; a
    second click (or a second person) for the same version is told it went already."""
    sesi = Sesi.objects.select_for_update().select_related("opd", "periode").get(pk=sesi.pk)
    if sesi.status != StatusSesi.DIJADWALKAN:
        raise SesiTidakSah("Undangan hanya dikirim untuk sesi yang masih dijadwalkan.")
    if sesi.undangan_urutan == sesi.urutan:
        raise SesiTidakSah("Undangan untuk jadwal ini sudah dikirim.")
    return _undang(sesi)


@transaction.atomic
def sesi_transisi(*, sesi: Sesi, ke: str, user, alasan: str = "") -> Sesi:
    """The one place a session's status changes. `dari` is read under a row lock, so two
    clicks take a step once; the second gets LangkahTidakSah. Cancelling and rescheduling
    raise the SEQUENCE and tell the attendees (METHOD:CANCEL / REQUEST)."""
    sesi = Sesi.objects.select_for_update().select_related("opd", "periode").get(pk=sesi.pk)
    aturan.periksa_langkah(sesi.status, ke)
    sesi.status = StatusSesi(ke)
    if ke == StatusSesi.BATAL:
        sesi.alasan_batal = alasan.strip()
    if ke in (StatusSesi.BATAL, StatusSesi.DIJADWALKAN):
        sesi.urutan += 1
    sesi._history_user = user
    sesi._change_reason = f"Status sesi menjadi {sesi.get_status_display()}"
    sesi.save(update_fields=["status", "alasan_batal", "urutan", "diubah"])
    if ke in (StatusSesi.BATAL, StatusSesi.DIJADWALKAN):
        _undang(sesi)
    return sesi


@dataclass
class TindakLanjut:
    uraian: str
    opd: Opd
    batas: date
    indikator: Indikator | None = None


@transaction.atomic
def berita_acara_simpan(
    *, sesi: Sesi, user, ringkasan: str, tindak_lanjut: list[TindakLanjut]
) -> list[RencanaAksi]:
    """Write the berita acara: the notes, and each agreed follow-up as a rencana aksi of its
    PIC OPD. A follow-up already on the session (same OPD, text and due date — a second
    click) is not made twice. The session becomes "selesai". Returns the new actions."""
    sesi = Sesi.objects.select_for_update().select_related("periode").get(pk=sesi.pk)
    if not aturan.boleh_berita_acara(sesi.status, sesi.mulai, timezone.now()):
        raise SesiTidakSah(
            "Berita acara diisi setelah sesi dimulai, dan tidak untuk sesi yang dibatalkan."
        )
    ringkasan = (ringkasan or "").strip()
    if not ringkasan:
        raise SesiTidakSah("Tuliskan catatan atau ringkasan hasil sesi.")
    for t in tindak_lanjut:
        if t.indikator is not None and t.indikator.instrumen_id != sesi.periode.instrumen_id:
            raise SesiTidakSah("Indikator tindak lanjut bukan dari instrumen periode ini.")
    ada = set(sesi.aksi.values_list("opd_id", "uraian", "batas"))
    baru = []
    for t in tindak_lanjut:
        kunci = (t.opd.pk, t.uraian.strip(), t.batas)
        if kunci in ada:
            continue
        ada.add(kunci)
        try:
            aksi = aksi_services.aksi_buat(
                user=user,
                opd=t.opd,
                uraian=t.uraian,
                batas=t.batas,
                tahun=sesi.periode.tahun,
                asal=AsalAksi.SESI,
                indikator=t.indikator,
                rekomendasi=f"Kesepakatan {sesi.get_jenis_display().lower()} "
                f"{timezone.localtime(sesi.mulai):%d-%m-%Y}",
            )
        except aksi_services.AksiDitolak as exc:
            raise SesiTidakSah(str(exc)) from exc
        baru.append(aksi)
    sesi.aksi.add(*baru)
    sesi.ringkasan, sesi.ba_oleh, sesi.ba_pada = ringkasan, user, timezone.now()
    sesi._history_user = user
    sesi._change_reason = "Berita acara diisi"
    sesi.save(update_fields=["ringkasan", "ba_oleh", "ba_pada", "diubah"])
    if sesi.status == StatusSesi.DIJADWALKAN:
        sesi_transisi(sesi=sesi, ke=StatusSesi.SELESAI, user=user)
    return baru
