"""Writes of the network standard (SPEC §15): the year's checklist (Admin), an OPD's answers
with evidence from its document library, and the OPD's links (Koneksi) for the year.

An item an OPD has answered keeps its wording and rules: changing them would silently change
what the OPD said yes to. Such an item refuses edits of uraian/wajib/bukti wajib and deletion
(only its explanation may change); the Admin adds a new item instead, which every OPD then
answers. A save that changes nothing writes nothing (a double click leaves no trace)."""

from django.db import IntegrityError, transaction
from django.db.models import Max

from evaluasi.dokumen import services as dokumen_services
from evaluasi.models import DokumenVersi
from jaringan.models import (
    ButirStandar,
    JawabanStandar,
    Koneksi,
    PemeriksaanJaringan,
    StandarJaringan,
)
from opd.models import Opd
from spbe_portal.files import atomic_with_files


class StandarDitolak(Exception):
    """The change cannot be made as asked; the message is for users."""


# --- The year's checklist (Admin) ---------------------------------------------------------


@transaction.atomic
def standar_buat(*, tahun: int, user, catatan: str = "", salin: bool = False) -> StandarJaringan:
    """A year's standard, optionally with the items of the latest earlier year copied (none
    when there is no earlier year: the first standard starts empty)."""
    if StandarJaringan.objects.filter(tahun=tahun).exists():
        raise StandarDitolak(f"Standar jaringan tahun {tahun} sudah ada.")
    sumber = (
        StandarJaringan.objects.filter(tahun__lt=tahun).order_by("-tahun").first()
        if salin
        else None
    )
    standar = StandarJaringan(tahun=tahun, catatan=(catatan or "").strip(), dibuat_oleh=user)
    standar._history_user = user
    try:
        with transaction.atomic():
            standar.save()
    except IntegrityError:
        raise StandarDitolak(f"Standar jaringan tahun {tahun} sudah ada.") from None
    if sumber is not None:
        for b in sumber.butir.all():
            baru = ButirStandar(
                standar=standar,
                urutan=b.urutan,
                uraian=b.uraian,
                penjelasan=b.penjelasan,
                wajib=b.wajib,
                bukti_wajib=b.bukti_wajib,
            )
            baru._history_user = user
            baru.save()
    return standar


def butir_terjawab(butir: ButirStandar) -> int:
    """How many OPDs have answered the item."""
    return butir.jawaban.count() if butir.pk else 0


@transaction.atomic
def butir_simpan(
    *,
    standar: StandarJaringan,
    user,
    butir: ButirStandar | None = None,
    uraian: str,
    penjelasan: str = "",
    wajib: bool = True,
    bukti_wajib: bool = False,
    urutan: int | None = None,
) -> ButirStandar:
    """Add an item, or change one. An answered item keeps its uraian and rules."""
    StandarJaringan.objects.select_for_update().get(pk=standar.pk)
    uraian = (uraian or "").strip()
    if not uraian:
        raise StandarDitolak("Tuliskan uraian butir standar.")
    if butir is None:
        if urutan is None:
            urutan = (standar.butir.aggregate(m=Max("urutan"))["m"] or 0) + 1
        butir = ButirStandar(standar=standar, urutan=urutan)
    else:
        butir = ButirStandar.objects.select_for_update().get(pk=butir.pk, standar=standar)
        if butir_terjawab(butir) and (
            uraian != butir.uraian or wajib != butir.wajib or bukti_wajib != butir.bukti_wajib
        ):
            raise StandarDitolak(
                "Butir ini sudah dijawab OPD: uraian, wajib, dan bukti wajib tidak dapat "
                "diubah lagi (hanya penjelasan dan urutan). Tambahkan butir baru bila "
                "standarnya berubah."
            )
        if urutan is None:
            urutan = butir.urutan
    baru = (uraian, (penjelasan or "").strip(), wajib, bukti_wajib, urutan)
    if butir.pk and baru == (
        butir.uraian,
        butir.penjelasan,
        butir.wajib,
        butir.bukti_wajib,
        butir.urutan,
    ):
        return butir
    butir.uraian, butir.penjelasan, butir.wajib, butir.bukti_wajib, butir.urutan = baru
    butir._history_user = user
    butir.save()
    return butir


@transaction.atomic
def butir_hapus(*, butir: ButirStandar, user) -> None:
    """Delete an item nobody has answered (answers are never dropped with it)."""
    StandarJaringan.objects.select_for_update().get(pk=butir.standar_id)
    butir = ButirStandar.objects.select_for_update().get(pk=butir.pk)
    if n := butir_terjawab(butir):
        raise StandarDitolak(f"Butir ini sudah dijawab {n} OPD dan tidak dapat dihapus.")
    butir._history_user = user
    butir.delete()


# --- An OPD's answers ----------------------------------------------------------------------


def _pemeriksaan_kunci(opd: Opd, standar: StandarJaringan, user) -> PemeriksaanJaringan:
    """The OPD's checklist row, made once (two first saves at once meet on the unique
    constraint), then locked for this save."""
    try:
        with transaction.atomic():
            PemeriksaanJaringan.objects.get_or_create(
                opd=opd, standar=standar, defaults={"diubah_oleh": user}
            )
    except IntegrityError:
        pass  # made by the other request a moment ago
    return PemeriksaanJaringan.objects.select_for_update().get(opd=opd, standar=standar)


@atomic_with_files
def jawaban_simpan(
    *, opd: Opd, standar: StandarJaringan, user, isian: dict[int, dict]
) -> tuple[PemeriksaanJaringan, int]:
    """Save the OPD's answers. `isian` maps an item id of this standard to
    {terpenuhi, keterangan, versi (a DokumenVersi of this OPD or None), unggah ((bytes, name)
    or None)}. An uploaded file goes into the OPD's library first (deduplicated). Returns the
    checklist and how many answers changed."""
    # The standard's row is the lock an Admin's item edit also takes: an item cannot be
    # reworded or deleted between "nobody answered it" and this answer.
    StandarJaringan.objects.select_for_update().get(pk=standar.pk)
    butir = set(standar.butir.values_list("pk", flat=True))
    if set(isian) - butir:
        # An item of another year's standard (or none at all) in the form.
        raise StandarDitolak("Butir tidak termasuk standar tahun ini.")
    pemeriksaan = _pemeriksaan_kunci(opd, standar, user)
    ada = {j.butir_id: j for j in pemeriksaan.jawaban.select_related("bukti")}
    berubah = 0
    for butir_id, isi in isian.items():
        versi: DokumenVersi | None = isi.get("versi")
        if isi.get("unggah") is not None:
            data, nama = isi["unggah"]
            versi, _ = dokumen_services.berkas_terima(
                opd_id=opd.pk, user=user, data=data, nama=nama
            )
        if versi is not None and versi.dokumen.opd_id != opd.pk:
            raise StandarDitolak("Dokumen bukti tidak ditemukan di pustaka OPD ini.")
        terpenuhi = bool(isi.get("terpenuhi"))
        keterangan = (isi.get("keterangan") or "").strip()
        j = ada.get(butir_id)
        if j is None:
            j = JawabanStandar(pemeriksaan=pemeriksaan, butir_id=butir_id)
        elif (j.terpenuhi, j.keterangan, j.bukti_id) == (
            terpenuhi,
            keterangan,
            versi.pk if versi else None,
        ):
            continue
        j.terpenuhi, j.keterangan, j.bukti, j.diubah_oleh = terpenuhi, keterangan, versi, user
        j._history_user = user
        j.save()
        berubah += 1
    if berubah:
        pemeriksaan.diubah_oleh = user
        pemeriksaan._history_user = user
        pemeriksaan.save()
    return pemeriksaan, berubah


# --- The OPD's links for the year -----------------------------------------------------------


@transaction.atomic
def koneksi_simpan(*, koneksi: Koneksi, user) -> Koneksi:
    """Add or change a link (its OPD and year already set by the caller)."""
    koneksi.nama = (koneksi.nama or "").strip()
    koneksi.penyedia = (koneksi.penyedia or "").strip()
    if (
        Koneksi.objects.filter(opd_id=koneksi.opd_id, tahun=koneksi.tahun, nama=koneksi.nama)
        .exclude(pk=koneksi.pk)
        .exists()
    ):
        raise StandarDitolak(f"Koneksi bernama “{koneksi.nama}” sudah ada untuk tahun ini.")
    koneksi.diubah_oleh = user
    koneksi._history_user = user
    try:
        with transaction.atomic():
            koneksi.save()
    except IntegrityError:
        raise StandarDitolak(
            f"Koneksi bernama “{koneksi.nama}” sudah ada untuk tahun ini."
        ) from None
    return koneksi


@transaction.atomic
def koneksi_hapus(*, koneksi: Koneksi, user) -> None:
    koneksi = Koneksi.objects.select_for_update().get(pk=koneksi.pk)
    koneksi._history_user = user
    try:
        with transaction.atomic():
            koneksi.delete()
    except IntegrityError:
        raise StandarDitolak(
            "Koneksi ini masih dipakai data lain dan tidak dapat dihapus."
        ) from None


@transaction.atomic
def koneksi_salin(*, opd: Opd, tahun: int, user) -> int:
    """Copy the OPD's links of its latest earlier year into `tahun` (links rarely change from
    year to year); a name already in `tahun` is kept as it is, so a second click copies none.
    Returns how many were copied."""
    Opd.objects.select_for_update().get(pk=opd.pk)  # two clicks at once: one copies
    sumber = (
        Koneksi.objects.filter(opd=opd, tahun__lt=tahun)
        .order_by("-tahun")
        .values_list("tahun", flat=True)
    ).first()
    if sumber is None:
        raise StandarDitolak("Belum ada koneksi tahun sebelumnya untuk disalin.")
    ada = set(Koneksi.objects.filter(opd=opd, tahun=tahun).values_list("nama", flat=True))
    disalin = 0
    for k in Koneksi.objects.filter(opd=opd, tahun=sumber).order_by("nama"):
        if k.nama in ada:
            continue
        baru = Koneksi(
            opd=opd,
            tahun=tahun,
            nama=k.nama,
            jenis=k.jenis,
            penyedia=k.penyedia,
            bandwidth_mbps=k.bandwidth_mbps,
            diubah_oleh=user,
        )
        baru._history_user = user
        baru.save()
        disalin += 1
    return disalin
