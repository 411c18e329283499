"""The reminder before a document's "berlaku sampai" (SPEC §13/§14): from
`aturan.HARI_PERINGATAN` days before that date, the people who keep the document get one mail
listing it — an OPD's documents its operators, the pemda's the Admins — so a new version is
in the library before the old one stops counting as evidence. Each document is reminded once
per validity date (`Dokumen.diingatkan_untuk`): a changed date is reminded again.

Run by beat (`evaluasi.tasks.ingatkan_dokumen`, hourly) or `manage.py ingatkan_dokumen`; any
number of runs, even two at once, send each reminder once."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from evaluasi import surel
from evaluasi.dokumen import aturan
from evaluasi.models import Dokumen
from evaluasi.penilaian.akibat import hari_lagi
from opd.models import Peran


@dataclass(frozen=True)
class Hasil:
    surel: int  # mails queued (one per recipient)
    dokumen: int  # documents reminded (marked for their validity date)


def _belum_diingatkan() -> Q:
    """In the database, what `aturan.perlu_pengingat` says of the reminder's date."""
    return Q(diingatkan_untuk__isnull=True) | ~Q(diingatkan_untuk=F("berlaku_sampai"))


def _penerima(dokumen: list[Dokumen]) -> dict:
    """{user: [their documents]}: an OPD's documents to its operators, the pemda's (no OPD) to
    the Admins, among users who take the cycle's mails. A document goes to nobody else, so a
    confidential one stays with its own OPD (or with the Admins, for the pemda's)."""
    per_pemilik: dict[int | None, list[Dokumen]] = defaultdict(list)
    for d in dokumen:
        per_pemilik[d.opd_id].append(d)
    siapa = Q(peran=Peran.OPERATOR, opd_id__in=[k for k in per_pemilik if k is not None])
    if None in per_pemilik:
        siapa |= Q(peran=Peran.ADMIN)
    hasil = {}
    for user in surel.penerima().filter(siapa).order_by("pk"):
        milik = per_pemilik.get(None if user.peran == Peran.ADMIN else user.opd_id)
        if milik:
            hasil[user] = milik
    return hasil


def _kirim(user, dokumen: list[Dokumen], hari_ini: date) -> int:
    pemda = dokumen[0].opd is None
    pemilik = "pemerintah daerah" if pemda else dokumen[0].opd.nama
    n = len(dokumen)
    return surel.kirim(
        [user.email],
        subjek=f"Pengingat: {n} dokumen akan habis masa berlakunya",
        salam=f"Yth. {user.nama or user.username}",
        paragraf=[
            f"Masa berlaku {n} dokumen berikut di pustaka {pemilik} berakhir dalam "
            f"{aturan.HARI_PERINGATAN} hari ke depan.",
            "Siapkan penggantinya: unggah versi terbaru di halaman dokumen dan perbarui "
            "tanggal berlakunya. Bukti dukung yang memakai dokumen yang sudah tidak berlaku "
            "ditandai saat diperiksa evaluator.",
        ],
        daftar=[
            {
                "teks": f"{d.judul}{f' (nomor {d.nomor})' if d.nomor else ''} — berlaku sampai "
                f"{d.berlaku_sampai:%d-%m-%Y} ({hari_lagi(d.berlaku_sampai, hari_ini)})",
                "tautan": surel.tautan("evaluasi:dokumen", pk=d.pk),
            }
            for d in dokumen
        ],
        tautan_utama=surel.tautan("evaluasi:pustaka") + ("?opd=pemda" if pemda else ""),
        tombol="Buka pustaka dokumen",
    )


def kirim_otomatis(hari_ini: date | None = None) -> Hasil:
    """The beat's run: every document due for its reminder on `hari_ini` (default today),
    one mail per recipient listing theirs. The documents are marked in the same transaction
    as the mails are queued: a failed run sends and marks nothing, a second run finds nothing
    left. Rows another run holds are skipped, not waited for (that run reminds them). A
    document whose keepers all opted out is marked too: the opt-out is theirs."""
    hari_ini = hari_ini or timezone.localdate()
    with transaction.atomic():
        calon = (
            # `of`: lock the documents only (the OPD is on the nullable side of a join).
            Dokumen.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("opd")
            .filter(
                _belum_diingatkan(),
                berlaku_sampai__gte=hari_ini,
                berlaku_sampai__lte=hari_ini + timedelta(days=aturan.HARI_PERINGATAN),
            )
            .order_by("opd_id", "berlaku_sampai", "judul", "pk")
        )
        dokumen = [
            d
            for d in calon
            if aturan.perlu_pengingat(
                berlaku_sampai=d.berlaku_sampai,
                diingatkan_untuk=d.diingatkan_untuk,
                hari_ini=hari_ini,
            )
        ]
        if not dokumen:
            return Hasil(surel=0, dokumen=0)
        # This run holds the rows (SQLite: the whole database), so it marks and reminds them
        # and no other run does.
        Dokumen.objects.filter(pk__in=[d.pk for d in dokumen]).update(
            diingatkan_untuk=F("berlaku_sampai")
        )
        n = sum(_kirim(user, milik, hari_ini) for user, milik in _penerima(dokumen).items())
    return Hasil(surel=n, dokumen=len(dokumen))
