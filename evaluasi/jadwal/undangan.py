"""The invitation of a session: its .ics (one UID per session, SEQUENCE = `Sesi.urutan`) and
the mail that carries it to the evaluators and the OPD's attending operators (every operator
of the OPD when none is named), queued in the outbox within the caller's transaction, so a
broker that is down loses nothing."""

from email.utils import parseaddr
from urllib.parse import urlsplit

from django.conf import settings
from django.utils import timezone

from evaluasi import surel
from evaluasi.jadwal import aturan, ics
from evaluasi.models import Sesi
from opd.models import Peran

MIME_ICS = "text/calendar"


def uid(sesi: Sesi) -> str:
    host = urlsplit(settings.PORTAL_URL).hostname or "spbe.localhost"
    return f"sesi-{sesi.pk}@{host}"


def _hadirin(sesi: Sesi) -> list:
    orang = {u.pk: u for u in sesi.evaluator.all()} | {u.pk: u for u in sesi.operator.all()}
    return sorted(orang.values(), key=lambda u: (u.nama or u.username).casefold())


def judul(sesi: Sesi) -> str:
    return f"{sesi.get_jenis_display()} evaluasi SPBE — {sesi.opd.nama}"


def tulis_ics(sesi: Sesi, *, dtstamp=None) -> str:
    peserta = aturan.baca_peserta(sesi.peserta)
    deskripsi = [f"{judul(sesi)} ({sesi.periode.nama})."]
    if sesi.agenda:
        deskripsi.append(f"Agenda:\n{sesi.agenda}")
    if peserta:
        deskripsi.append(
            "Peserta:\n"
            + "\n".join(f"- {p.nama}" + (f" — {p.jabatan}" if p.jabatan else "") for p in peserta)
        )
    if sesi.tautan:
        deskripsi.append(f"Tautan rapat: {sesi.tautan}")
    deskripsi.append(f"Rincian: {surel.tautan('tindak:jadwal_detail', pk=sesi.pk)}")
    nama_pengirim, email_pengirim = parseaddr(settings.DEFAULT_FROM_EMAIL)
    return ics.tulis(
        ics.Acara(
            uid=uid(sesi),
            urutan=sesi.urutan,
            dtstamp=dtstamp or timezone.now(),
            mulai=sesi.mulai,
            selesai=sesi.selesai,
            ringkasan=judul(sesi),
            deskripsi="\n\n".join(deskripsi),
            lokasi=sesi.tempat or sesi.tautan,
            url=sesi.tautan,
            penyelenggara=ics.Hadirin(email_pengirim, nama_pengirim or settings.PEMDA_NAMA)
            if email_pengirim
            else None,
            hadirin=[ics.Hadirin(u.email, u.nama or u.username) for u in _hadirin(sesi) if u.email],
            batal=sesi.status == aturan.BATAL,
        )
    )


def nama_berkas(sesi: Sesi) -> str:
    return f"sesi-{sesi.opd.kode}-{sesi.pk}.ics"


def penerima(sesi: Sesi) -> list[str]:
    """The session's evaluators and attending operators; every operator of the OPD when the
    session names none. Users who opted out of mails are left out (`surel.penerima`)."""
    ids = [u.pk for u in _hadirin(sesi)]
    qs = surel.penerima()
    if sesi.operator.exists():
        qs = qs.filter(pk__in=ids)
    else:
        qs = qs.filter(pk__in=ids) | qs.filter(peran=Peran.OPERATOR, opd_id=sesi.opd_id)
    return sorted(set(qs.values_list("email", flat=True)))


def kirim(sesi: Sesi) -> int:
    """Queue the invitation (or its cancellation) with the .ics; returns mails queued."""
    mulai, selesai = timezone.localtime(sesi.mulai), timezone.localtime(sesi.selesai)
    batal = sesi.status == aturan.BATAL
    waktu = f"{mulai:%d-%m-%Y}, pukul {mulai:%H.%M}–{selesai:%H.%M} {mulai.tzname()}"
    paragraf = [
        f"{'Dibatalkan: ' if batal else ''}{judul(sesi)}, {sesi.periode.nama}.",
        f"Waktu: {waktu}.",
    ]
    if sesi.tempat:
        paragraf.append(f"Tempat: {sesi.tempat}.")
    if sesi.tautan:
        paragraf.append(f"Tautan rapat: {sesi.tautan}")
    if batal and sesi.alasan_batal:
        paragraf.append(f"Alasan pembatalan: {sesi.alasan_batal}")
    if sesi.agenda and not batal:
        paragraf.append(f"Agenda: {sesi.agenda}")
    paragraf.append(
        "Lampiran .ics membatalkan acara ini di kalender Anda."
        if batal
        else "Buka lampiran .ics untuk menambahkan acara ini ke kalender Anda."
    )
    berubah = sesi.urutan > 0 and not batal
    return surel.kirim(
        penerima(sesi),
        subjek=f"{'Pembatalan' if batal else 'Perubahan' if berubah else 'Undangan'}: "
        f"{judul(sesi)} {mulai:%d-%m-%Y}",
        salam="Yth. Bapak/Ibu",
        paragraf=paragraf,
        tautan_utama=surel.tautan("tindak:jadwal_detail", pk=sesi.pk),
        tombol="Lihat jadwal",
        lampiran=(nama_berkas(sesi), MIME_ICS, tulis_ics(sesi)),
    )
