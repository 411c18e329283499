"""Writes of the evidence library: a file received from any upload (kept once per OPD: the
same bytes link the version already there), a document made on the library page, a new
version, the document's details. Links from answers are made by their own services
(penilaian.services, instansi.services) with `berkas_terima`."""

import uuid
from pathlib import PurePosixPath

from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from evaluasi.models import Dokumen, DokumenVersi
from evaluasi.penilaian import berkas
from opd.models import Opd
from spbe_portal.files import atomic_with_files, write_private_file

DIR = DokumenVersi.PRIVATE_DIR[0]
UBAHAN = ("judul", "jenis", "label", "nomor", "tanggal", "berlaku_sampai", "rahasia")


def _path(ekstensi: str) -> str:
    return f"{DIR}/{timezone.localdate():%Y/%m}/{uuid.uuid4().hex}{ekstensi}"


def judul_dari_nama(nama: str) -> str:
    return (PurePosixPath(nama).stem or nama)[:255]


def _kunci_pemilik(opd_id: int | None) -> None:
    # Uploads of one OPD wait for each other, so two clicks with the same file make one
    # document, not two.
    if opd_id is not None:
        Opd.objects.select_for_update().filter(pk=opd_id).values_list("pk").first()


def versi_sama(opd_id: int | None, sha256: str) -> DokumenVersi | None:
    """The owner's version with exactly these bytes (the newest document if several)."""
    qs = DokumenVersi.objects.select_related("dokumen").filter(sha256=sha256)
    qs = (
        qs.filter(dokumen__opd__isnull=True)
        if opd_id is None
        else qs.filter(dokumen__opd_id=opd_id)
    )
    return qs.order_by("-dokumen__dibuat", "-nomor").first()


def sudah_ditautkan(ada: DokumenVersi, baru: DokumenVersi, tempat: str) -> str:
    """The refusal when an answer would link a document it already links."""
    if ada.pk == baru.pk:
        return (
            f"Berkas ini sama persis dengan {ada.nama_asli} yang sudah menjadi bukti {tempat} "
            f"(dokumen {ada.dokumen.judul} di pustaka)."
        )
    return f"Dokumen {ada.dokumen.judul} (versi {ada.nomor}) sudah menjadi bukti {tempat}."


def _versi_simpan(dokumen: Dokumen, nomor: int, data: bytes, jenis, nama: str, sha256: str, user):
    path = _path(jenis.ekstensi)
    write_private_file(path, data)
    return DokumenVersi.objects.create(
        dokumen=dokumen,
        nomor=nomor,
        nama_asli=nama,
        path=path,
        jenis=jenis.mime,
        ukuran=len(data),
        sha256=sha256,
        diunggah_oleh=user,
    )


@atomic_with_files
def berkas_terima(
    *, opd_id: int | None, user, data: bytes, nama: str, rahasia: bool = False
) -> tuple[DokumenVersi, bool]:
    """A file uploaded as evidence: checked, then kept once in the owner's library. Returns the
    version holding these bytes and whether it is new; an existing one is reused (and marked
    confidential when asked, never the reverse). Raises BerkasDitolak."""
    jenis, nama, sha256 = berkas.check(data, nama, max_bytes=settings.BUKTI_MAX_BYTES)
    _kunci_pemilik(opd_id)
    ada = versi_sama(opd_id, sha256)
    if ada is not None:
        if rahasia and not ada.dokumen.rahasia:
            ada.dokumen.rahasia = True
            ada.dokumen._history_user = user
            ada.dokumen.save(update_fields=["rahasia"])
        return ada, False
    dokumen = Dokumen(opd_id=opd_id, judul=judul_dari_nama(nama), rahasia=rahasia, dibuat_oleh=user)
    dokumen._history_user = user
    dokumen.save()
    return _versi_simpan(dokumen, 1, data, jenis, nama, sha256, user), True


@atomic_with_files
def dokumen_buat(*, opd_id: int | None, user, data: bytes, nama: str, **rincian) -> Dokumen:
    """A document made on the library page with its details and first version. The same bytes
    already in the library are refused, naming the document that holds them."""
    jenis, nama, sha256 = berkas.check(data, nama, max_bytes=settings.BUKTI_MAX_BYTES)
    _kunci_pemilik(opd_id)
    _tolak_ganda(opd_id, sha256, nama)
    dokumen = Dokumen(opd_id=opd_id, dibuat_oleh=user, **_rincian(rincian))
    if not dokumen.judul:
        dokumen.judul = judul_dari_nama(nama)
    dokumen._history_user = user
    dokumen.save()
    _versi_simpan(dokumen, 1, data, jenis, nama, sha256, user)
    return dokumen


def _tolak_ganda(opd_id: int | None, sha256: str, nama: str) -> None:
    ada = versi_sama(opd_id, sha256)
    if ada is not None:
        raise berkas.BerkasDitolak(
            f"Berkas {nama} sudah ada di pustaka: {ada.dokumen.judul} (versi {ada.nomor})."
        )


def _rincian(rincian: dict) -> dict:
    unknown = set(rincian) - set(UBAHAN)
    if unknown:
        raise TypeError(f"Bukan rincian dokumen: {sorted(unknown)}")
    return rincian


@atomic_with_files
def versi_tambah(*, dokumen: Dokumen, user, data: bytes, nama: str) -> DokumenVersi:
    """A new version of the document (a revised SK, this year's report). Links made before keep
    the version they were made with: that is what was judged."""
    jenis, nama, sha256 = berkas.check(data, nama, max_bytes=settings.BUKTI_MAX_BYTES)
    dokumen = Dokumen.objects.select_for_update().get(pk=dokumen.pk)
    _kunci_pemilik(dokumen.opd_id)
    _tolak_ganda(dokumen.opd_id, sha256, nama)
    nomor = (dokumen.versi.aggregate(n=Max("nomor"))["n"] or 0) + 1
    return _versi_simpan(dokumen, nomor, data, jenis, nama, sha256, user)


@transaction.atomic
def dokumen_ubah(*, dokumen: Dokumen, user, **rincian) -> Dokumen:
    """Change the document's details; the change is kept in Log aktivitas with who and when."""
    dokumen = Dokumen.objects.select_for_update().get(pk=dokumen.pk)
    for field, value in _rincian(rincian).items():
        setattr(dokumen, field, value)
    dokumen._history_user = user
    dokumen.save()
    return dokumen
