"""Writes on application/domain requests: save a draft with its documents, and the one
transition function (submit, ask for a fix, approve, refuse) that also applies an approval to
the inventory and queues the e-mails, all in one transaction."""

from django.db import IntegrityError, transaction
from django.utils import timezone

from arsitektur import cache_publik
from arsitektur.models import (
    Aplikasi,
    DokumenPermohonan,
    JenisDokumen,
    JenisPermohonan,
    LangkahPermohonan,
    Permohonan,
    StatusPermohonan,
)
from arsitektur.permohonan import aturan
from arsitektur.permohonan.aturan import LangkahTidakSah as LangkahTidakSah
from arsitektur.services import berkas_store
from evaluasi import surel
from opd.models import Peran
from spbe_portal.files import atomic_with_files


class PermohonanDitolak(ValueError):
    """A save refused; `field` names the form field at fault (None: the whole form)."""

    def __init__(self, pesan: str, field: str | None = None):
        super().__init__(pesan)
        self.field = field


def _nama_bentrok(permohonan: Permohonan) -> bool:
    """Another application of the OPD already carries this name (case-insensitive)."""
    others = Aplikasi.objects.filter(opd_id=permohonan.opd_id, nama__iexact=permohonan.nama)
    if permohonan.jenis == JenisPermohonan.PENGEMBANGAN or permohonan.aplikasi_id:
        others = others.exclude(pk=permohonan.aplikasi_id)
    return others.exists()


def _terbuka_lain(permohonan: Permohonan) -> Permohonan | None:
    """Another request of the OPD for this name still under way (not yet decided)."""
    return (
        Permohonan.objects.filter(opd_id=permohonan.opd_id, nama=permohonan.nama)
        .exclude(status__in=aturan.FINAL)
        .exclude(pk=permohonan.pk)
        .first()
    )


def _pesan_terbuka(lain: Permohonan) -> str:
    return (
        f"Permohonan “{lain.nama}” OPD ini masih berjalan (status {lain.get_status_display()}, "
        f"nomor #{lain.pk}); lanjutkan permohonan itu, tidak perlu membuat yang baru."
    )


def _pesan_bentrok(permohonan: Permohonan) -> str:
    return (
        f"Aplikasi bernama “{permohonan.nama}” sudah terdaftar di inventaris OPD ini; "
        "ajukan sebagai pengembangan aplikasi atau gunakan nama lain."
    )


@atomic_with_files
def permohonan_simpan(
    *, permohonan: Permohonan, user, berkas: dict[str, tuple[bytes, str]] | None = None
) -> Permohonan:
    """Save a request (its fields already set from a validated form) and replace the
    documents given as {jenis: (content, file name)}. Only in draf or perlu perbaikan.
    Raises PermohonanDitolak, or berkas.BerkasDitolak for a refused file: nothing is saved."""
    if permohonan.pk:
        status = Permohonan.objects.select_for_update().values_list("status", flat=True)
        if status.get(pk=permohonan.pk) not in aturan.DAPAT_DIUBAH:
            raise PermohonanDitolak("Permohonan sedang ditinjau atau sudah diputuskan.")
        # A step taken while the form was open stands: the workflow's fields come from the
        # (now locked) row, never from the instance the form was built on.
        permohonan.refresh_from_db(
            fields=["status", "diajukan_pada", "diputuskan_pada", "dibuat_oleh"]
        )
    if permohonan.jenis == JenisPermohonan.PENGEMBANGAN:
        if permohonan.aplikasi_id is None or permohonan.aplikasi.opd_id != permohonan.opd_id:
            raise PermohonanDitolak("Pilih aplikasi OPD ini yang dikembangkan.", "aplikasi")
    else:
        permohonan.aplikasi = None
    if _nama_bentrok(permohonan):
        raise PermohonanDitolak(_pesan_bentrok(permohonan), "nama")
    if (lain := _terbuka_lain(permohonan)) is not None:
        raise PermohonanDitolak(_pesan_terbuka(lain), "nama")
    if not permohonan.pk:
        permohonan.dibuat_oleh = user
    permohonan.full_clean(validate_constraints=False)  # the one below is asked just above
    permohonan._history_user = user
    try:
        with transaction.atomic():
            permohonan.save()
    except IntegrityError:
        # Two clicks at once: the other inserted the same open request between check and save.
        lain = _terbuka_lain(permohonan)
        if lain is None:
            raise
        raise PermohonanDitolak(_pesan_terbuka(lain), "nama") from None
    for jenis, (data, nama) in (berkas or {}).items():
        if jenis not in JenisDokumen.values:
            raise PermohonanDitolak("Jenis dokumen tidak dikenal.")
        simpanan = berkas_store(data=data, nama=nama, user=user)
        DokumenPermohonan.objects.update_or_create(
            permohonan=permohonan, jenis=jenis, defaults={"berkas": simpanan}
        )
    return permohonan


def dokumen_kurang(permohonan: Permohonan) -> list[str]:
    """Labels of the required document kinds the request does not carry yet."""
    ada = set(permohonan.dokumen.values_list("jenis", flat=True))
    kurang = aturan.dokumen_kurang(dibangun_diskominfo=permohonan.dibangun_diskominfo, ada=ada)
    return [JenisDokumen(j).label for j in kurang]


def _terapkan(permohonan: Permohonan, user) -> Aplikasi:
    """Approval: create the application (new request) or update the one developed, with the
    domain and the SOP document. A name another application of the OPD holds is refused."""
    if _nama_bentrok(permohonan):
        raise LangkahTidakSah(_pesan_bentrok(permohonan))
    if permohonan.jenis == JenisPermohonan.PENGEMBANGAN:
        aplikasi = Aplikasi.objects.select_for_update().get(
            pk=permohonan.aplikasi_id, opd_id=permohonan.opd_id
        )
    else:
        aplikasi = Aplikasi(opd_id=permohonan.opd_id)
    for field in Permohonan.FIELDS_DOMAIN:
        setattr(aplikasi, field, getattr(permohonan, field))
    sop = permohonan.dokumen.filter(jenis=JenisDokumen.SOP).first()
    if sop is not None:
        aplikasi.dokumen_id = sop.berkas_id
    aplikasi.aktif = True
    aplikasi.diubah_oleh = aplikasi._history_user = user
    aplikasi.full_clean()
    aplikasi.save()
    cache_publik.segarkan()  # the approved application shows on /publik/ at once
    return aplikasi


@transaction.atomic
def permohonan_transisi(
    *, permohonan: Permohonan, ke: str, user, pihak: set[str], catatan: str = ""
) -> Permohonan:
    """The one place a request's status changes. The status is read under a row lock, so two
    clicks (or two reviewers) take a step once; the second gets LangkahTidakSah. `pihak`: the
    user's sides (access.pihak_permohonan). An approval applies to the inventory in the same
    transaction; a refusal there leaves the status as it was."""
    permohonan = (
        Permohonan.objects.select_for_update(of=("self",))
        .select_related("opd")
        .get(pk=permohonan.pk)
    )
    dari = permohonan.status
    catatan = (catatan or "").strip()
    kurang = dokumen_kurang(permohonan) if ke == aturan.DIAJUKAN else []
    aturan.periksa_langkah(dari, ke, pihak=pihak, catatan=catatan, kurang=kurang)
    now = timezone.now()
    fields = ["status", "diubah"]
    if ke == StatusPermohonan.DISETUJUI:
        permohonan.aplikasi = _terapkan(permohonan, user)
        fields.append("aplikasi")
    if ke == StatusPermohonan.DIAJUKAN:
        permohonan.diajukan_pada = now
        fields.append("diajukan_pada")
    if ke in aturan.FINAL:
        permohonan.diputuskan_pada = now
        fields.append("diputuskan_pada")
    permohonan.status = StatusPermohonan(ke)
    permohonan._history_user = user
    permohonan.save(update_fields=fields)
    LangkahPermohonan.objects.create(
        permohonan=permohonan, pengguna=user, dari=dari, ke=ke, catatan=catatan
    )
    _kabari(permohonan, dari=dari, catatan=catatan)
    return permohonan


def _kabari(permohonan: Permohonan, *, dari: str, catatan: str) -> int:
    """Queue the step's mail in this transaction: to the Admins when (re)submitted, to the
    OPD's operators with the notes when decided or sent back."""
    opd = permohonan.opd
    label = f"{permohonan.get_jenis_display().lower()} “{permohonan.nama}”"
    tautan = surel.tautan("permohonan:rinci", pk=permohonan.pk)
    if permohonan.status == StatusPermohonan.DIAJUKAN:
        ulang = dari == StatusPermohonan.PERLU_PERBAIKAN
        kata = "diajukan ulang setelah perbaikan" if ulang else "diajukan"
        admins = surel.penerima().filter(peran=Peran.ADMIN).values_list("email", flat=True)
        return surel.kirim(
            list(admins),
            subjek=f"Permohonan {label} dari {opd.nama} {kata}",
            salam="Yth. Admin Diskominfo",
            paragraf=[
                f"{opd.nama} {kata} permohonan {label}.",
                "Tinjau isian dan dokumennya, lalu setujui, minta perbaikan, atau tolak.",
            ],
            tautan_utama=tautan,
            tombol="Tinjau permohonan",
        )
    kata = {
        StatusPermohonan.PERLU_PERBAIKAN: "perlu diperbaiki",
        StatusPermohonan.DISETUJUI: "disetujui",
        StatusPermohonan.DITOLAK: "ditolak",
    }[permohonan.status]
    paragraf = [f"Permohonan {label} {kata} oleh Diskominfo."]
    if permohonan.status == StatusPermohonan.DISETUJUI:
        paragraf.append("Aplikasi telah dicatat di inventaris aplikasi OPD Anda.")
    elif permohonan.status == StatusPermohonan.PERLU_PERBAIKAN:
        paragraf.append("Perbaiki isian atau dokumen sesuai catatan, lalu ajukan ulang.")
    if catatan:
        paragraf.append(f"Catatan peninjau: {catatan}")
    return surel.kirim(
        surel.operator_per_opd([opd.pk]).get(opd.pk, []),
        subjek=f"Permohonan {label} {kata}",
        salam=f"Yth. operator {opd.nama}",
        paragraf=paragraf,
        tautan_utama=tautan,
        tombol="Buka permohonan",
    )
