"""Who may see and change what. Every view loads OPD-owned objects and checks roles here.

Rules (SPEC §1):
- anonymous: only the login pages, /healthz and (later) the public landing page;
- Admin: everything, in every OPD;
- Pimpinan: reads everything, changes nothing;
- Operator OPD: only their own OPD; another OPD's object is 404, never a page;
- Evaluator: only the penilaian of the OPDs assigned to them for that period (Penugasan).

Not yours → 404 (Http404). Yours but not allowed (wrong role, read-only) → 403 (PermissionDenied).

It lives in the top layer because it reads every app's objects (penilaian, evidence, reports,
applications); the ground layer `opd` never imports a higher app.

A package so that each part keeps its rules in its own file (the follow-up parts in
`access/aksi.py`, `access/jadwal.py`, `access/target.py`, …); every name is re-exported here, so
views keep calling `access.<rule>`. The part files import only models, never this module.
"""

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse

from arsitektur.models import Aplikasi, Berkas, TalentaDigital
from evaluasi.instansi import selectors as instansi_selectors
from evaluasi.models import (
    BerkasInstansi,
    Bukti,
    Dokumen,
    DokumenVersi,
    JenisLaporan,
    LaporanJob,
    Pengampu,
    Penilaian,
    PenilaianInstansi,
    Penugasan,
    StatusLaporan,
    StatusPenilaian,
    StatusPeriode,
    Usulan,
)
from opd.models import ImporJob, Opd, Pengguna, Peran
from spbe_portal.access.aksi import (  # the follow-up parts, one file each
    aksi_opd_pilihan as aksi_opd_pilihan,
)
from spbe_portal.access.aksi import (
    aksi_queryset_for_user as aksi_queryset_for_user,
)
from spbe_portal.access.aksi import (
    get_aksi_for_user as get_aksi_for_user,
)
from spbe_portal.access.aksi import (
    is_tim_aksi as is_tim_aksi,
)
from spbe_portal.access.aksi import (
    may_link_bukti as may_link_bukti,
)
from spbe_portal.access.aksi import (
    may_make_aksi as may_make_aksi,
)
from spbe_portal.access.aksi import (
    may_work_aksi as may_work_aksi,
)
from spbe_portal.access.gangguan import (  # the disruption log (SPEC §15)
    gangguan_koneksi_pilihan as gangguan_koneksi_pilihan,
)
from spbe_portal.access.gangguan import gangguan_opd_pilihan as gangguan_opd_pilihan
from spbe_portal.access.gangguan import (
    gangguan_queryset_for_user as gangguan_queryset_for_user,
)
from spbe_portal.access.gangguan import get_gangguan_for_user as get_gangguan_for_user
from spbe_portal.access.gangguan import may_log_gangguan as may_log_gangguan
from spbe_portal.access.jadwal import (
    get_sesi_for_user as get_sesi_for_user,
)
from spbe_portal.access.jadwal import (
    may_change_sesi as may_change_sesi,
)
from spbe_portal.access.jadwal import (
    may_schedule_sesi as may_schedule_sesi,
)
from spbe_portal.access.jadwal import (
    may_write_berita_acara as may_write_berita_acara,
)
from spbe_portal.access.jadwal import (
    opd_jadwal_for_user as opd_jadwal_for_user,
)
from spbe_portal.access.jadwal import (
    periode_jadwal_for_user as periode_jadwal_for_user,
)
from spbe_portal.access.jadwal import (
    sesi_queryset_for_user as sesi_queryset_for_user,
)
from spbe_portal.access.jaringan import PERAN_JARINGAN  # the network agenda (SPEC §15)
from spbe_portal.access.jaringan import get_koneksi_for_user as get_koneksi_for_user
from spbe_portal.access.jaringan import get_opd_for_jaringan as get_opd_for_jaringan
from spbe_portal.access.jaringan import (
    jaringan_opd_queryset_for_user as jaringan_opd_queryset_for_user,
)
from spbe_portal.access.jaringan import koneksi_queryset_for_user as koneksi_queryset_for_user
from spbe_portal.access.jaringan import may_change_jaringan_opd as may_change_jaringan_opd
from spbe_portal.access.jaringan import may_manage_jaringan as may_manage_jaringan
from spbe_portal.access.mrtg import get_koneksi_mrtg as get_koneksi_mrtg  # MRTG traffic
from spbe_portal.access.mrtg import get_opd_for_mrtg_unggah as get_opd_for_mrtg_unggah
from spbe_portal.access.mrtg import get_unggah_mrtg as get_unggah_mrtg
from spbe_portal.access.mrtg import koneksi_mrtg_queryset as koneksi_mrtg_queryset
from spbe_portal.access.mrtg import may_upload_mrtg as may_upload_mrtg
from spbe_portal.access.permohonan import ensure_langkah_permohonan as ensure_langkah_permohonan
from spbe_portal.access.permohonan import (
    get_dokumen_permohonan_for_user as get_dokumen_permohonan_for_user,
)
from spbe_portal.access.permohonan import get_permohonan_for_user as get_permohonan_for_user
from spbe_portal.access.permohonan import may_edit_permohonan as may_edit_permohonan
from spbe_portal.access.permohonan import may_make_permohonan as may_make_permohonan
from spbe_portal.access.permohonan import (
    permohonan_queryset_for_user as permohonan_queryset_for_user,
)
from spbe_portal.access.permohonan import pihak_permohonan as pihak_permohonan
from spbe_portal.access.program import get_kemajuan_for_user as get_kemajuan_for_user
from spbe_portal.access.program import get_program_for_user as get_program_for_user
from spbe_portal.access.program import may_report_kemajuan as may_report_kemajuan
from spbe_portal.access.program import (
    program_queryset_for_user as program_queryset_for_user,
)
from spbe_portal.access.program import versi_for_kemajuan as versi_for_kemajuan
from spbe_portal.access.standar_jaringan import ensure_standar_manage as ensure_standar_manage
from spbe_portal.access.standar_jaringan import (
    get_butir_standar_for_user as get_butir_standar_for_user,
)
from spbe_portal.access.standar_jaringan import get_standar_for_user as get_standar_for_user
from spbe_portal.access.standar_jaringan import (
    get_standar_tahun_for_user as get_standar_tahun_for_user,
)
from spbe_portal.access.target import (  # the roadmap's targets (SPEC §14)
    ensure_target_manage as ensure_target_manage,
)
from spbe_portal.access.target import get_target_for_user as get_target_for_user
from spbe_portal.access.target import may_manage_target as may_manage_target
from spbe_portal.access.target import (
    target_opd_queryset_for_user as target_opd_queryset_for_user,
)
from spbe_portal.access.target import (
    target_queryset_for_user as target_queryset_for_user,
)


@dataclass(frozen=True)
class MenuItem:
    kunci: str
    label: str
    ikon: str
    url_name: str
    peran: frozenset[str]
    # URL names (or "namespace:" prefixes) of the pages that highlight this item.
    cocok: tuple[str, ...] = ()

    def is_active(self, current: str) -> bool:
        return any(current == c or (c.endswith(":") and current.startswith(c)) for c in self.cocok)


ALL_ROLES = frozenset(Peran.values)

# The sidebar, in order. A role sees an item only if it may use the page behind it; the
# same sets guard the views (see `role_required`), so the menu and the server agree.
MENU: tuple[MenuItem, ...] = (
    MenuItem("beranda", "Beranda", "house", "beranda", ALL_ROLES, ("beranda",)),
    MenuItem(
        "dasbor",
        "Dasbor hasil",
        "speedometer2",
        "evaluasi:dashboard",
        frozenset({Peran.ADMIN, Peran.PIMPINAN}),
        ("evaluasi:dashboard", "evaluasi:hasil"),
    ),
    MenuItem(
        "evaluasi",
        "Evaluasi SPBE",
        "clipboard-check",
        "evaluasi:beranda",
        frozenset({Peran.ADMIN, Peran.OPERATOR, Peran.EVALUATOR}),
        ("evaluasi:beranda",),
    ),
    MenuItem(
        "pustaka",
        "Pustaka dokumen",
        "folder2-open",
        "evaluasi:pustaka",
        ALL_ROLES,
        ("evaluasi:pustaka", "evaluasi:dokumen"),
    ),
    MenuItem(
        "tindak",
        "Tindak lanjut",
        "flag",
        "tindak:beranda",
        ALL_ROLES,
        ("tindak:",),
    ),
    MenuItem(
        "instrumen",
        "Instrumen",
        "journal-text",
        "evaluasi:instrumen_daftar",
        ALL_ROLES,
        (
            "evaluasi:instrumen_daftar",
            "evaluasi:instrumen_detail",
            "evaluasi:instrumen_impor",
            "evaluasi:kriteria_ubah",
            "evaluasi:padanan",
            "evaluasi:padanan_impor",
        ),
    ),
    MenuItem(
        "simulasi",
        "Simulasi Indeks",
        "calculator",
        "evaluasi:simulasi",
        ALL_ROLES,
        ("evaluasi:simulasi", "evaluasi:simulasi_hitung"),
    ),
    MenuItem(
        "laporan",
        "Laporan",
        "file-earmark-pdf",
        "evaluasi:laporan_daftar",
        frozenset({Peran.ADMIN, Peran.PIMPINAN, Peran.EVALUATOR}),
        ("evaluasi:laporan_daftar", "evaluasi:laporan_detail"),
    ),
    MenuItem(
        "arsitektur",
        "Arsitektur",
        "diagram-3",
        "arsitektur:beranda",
        frozenset({Peran.ADMIN, Peran.OPERATOR, Peran.PIMPINAN}),
        ("arsitektur:",),
    ),
    MenuItem(
        "jaringan",
        "Jaringan",
        "router",
        "jaringan:beranda",
        PERAN_JARINGAN,
        ("jaringan:",),
    ),
    MenuItem(
        "permohonan",
        "Permohonan aplikasi",
        "envelope-paper",
        "permohonan:daftar",
        frozenset({Peran.ADMIN, Peran.OPERATOR, Peran.PIMPINAN}),
        ("permohonan:",),
    ),
    MenuItem(
        "tpp",
        "TPP",
        "cash-coin",
        "tpp:beranda",
        frozenset({Peran.ADMIN, Peran.PIMPINAN}),
        ("tpp:",),
    ),
    MenuItem(
        "master", "Data Master", "building", "opd:daftar", frozenset({Peran.ADMIN}), ("opd:",)
    ),
    MenuItem(
        "pengguna",
        "Pengguna",
        "people",
        "pengguna:daftar",
        frozenset({Peran.ADMIN}),
        ("pengguna:",),
    ),
    MenuItem(
        "log",
        "Log aktivitas",
        "clock-history",
        "log_aktivitas",
        frozenset({Peran.ADMIN}),
        ("log_aktivitas",),
    ),
)
MENU_BY_KEY = {item.kunci: item for item in MENU}


def menu_for(user: Pengguna) -> list[MenuItem]:
    """The sidebar items this user may open, in display order (empty for anonymous)."""
    if not user.is_authenticated:
        return []
    return [item for item in MENU if user.peran in item.peran]


def is_admin(user: Pengguna) -> bool:
    return user.is_authenticated and user.is_active and user.peran == Peran.ADMIN


def role_required(*roles: str) -> Callable:
    """View decorator: anonymous → login page; a role not in `roles` → 403."""
    allowed = frozenset(roles)

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        @login_required
        def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if request.user.peran not in allowed:
                raise PermissionDenied("Peran Anda tidak berwenang membuka halaman ini.")
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def menu_required(kunci: str) -> Callable:
    """View decorator guarding a page with the roles of its sidebar item."""
    return role_required(*MENU_BY_KEY[kunci].peran)


def opd_queryset_for_user(user: Pengguna) -> QuerySet[Opd]:
    """The OPDs this user may read. Admin and Pimpinan: all; Operator: their own; others: none."""
    qs = Opd.objects.all()
    if user.peran in (Peran.ADMIN, Peran.PIMPINAN):
        return qs
    if user.peran == Peran.OPERATOR and user.opd_id:
        return qs.filter(pk=user.opd_id)
    return qs.none()


def get_opd_for_user(user: Pengguna, pk: int, *, write: bool = False) -> Opd:
    """The OPD `pk` if `user` may read it (and change it, with `write`).

    Raises Http404 when the OPD is outside the user's scope (or does not exist) and
    PermissionDenied when it is inside but the user may not change master data.
    """
    try:
        opd = opd_queryset_for_user(user).select_related("induk").get(pk=pk)
    except Opd.DoesNotExist:
        raise Http404("OPD tidak ditemukan.") from None
    if write and not is_admin(user):
        raise PermissionDenied("Hanya Admin yang dapat mengubah data master OPD.")
    return opd


def get_pengguna_for_user(user: Pengguna, pk: int) -> Pengguna:
    """User account `pk`, for admins only (others never reach user management: 403)."""
    if not is_admin(user):
        raise PermissionDenied("Hanya Admin yang dapat mengelola pengguna.")
    try:
        return Pengguna.objects.select_related("opd").get(pk=pk)
    except Pengguna.DoesNotExist:
        raise Http404("Pengguna tidak ditemukan.") from None


def get_imporjob_for_user(user: Pengguna, pk: int) -> ImporJob:
    """A background import job, for the admin who uploaded its file only.

    PermissionDenied for anyone but an admin; Http404 for another admin's job (it shows the
    rows of a file they did not upload) or an unknown one.
    """
    if not is_admin(user):
        raise PermissionDenied("Hanya Admin yang dapat mengimpor data.")
    try:
        return ImporJob.objects.select_related("pratinjau").get(pk=pk, pengunggah=user)
    except ImporJob.DoesNotExist:
        raise Http404("Impor tidak ditemukan.") from None


# --- Evaluation -----------------------------------------------------------------------------


def penilaian_queryset_for_user(user: Pengguna):
    """Penilaian this user may read: Admin and Pimpinan all; Operator their OPD's; Evaluator
    those of the OPDs assigned to them in that period."""
    qs = Penilaian.objects.all()
    if user.peran in (Peran.ADMIN, Peran.PIMPINAN):
        return qs
    if user.peran == Peran.OPERATOR and user.opd_id:
        return qs.filter(opd_id=user.opd_id)
    if user.peran == Peran.EVALUATOR:
        assigned = Penugasan.objects.filter(
            evaluator=user, periode=OuterRef("periode"), opd=OuterRef("opd")
        )
        return qs.filter(Exists(assigned))
    return qs.none()


def get_penilaian_for_user(user: Pengguna, pk: int, *, write: bool = False, review: bool = False):
    """Penilaian `pk` with its period, instrument and OPD.

    Http404 outside the user's scope; with `write`, PermissionDenied unless the user is an
    operator of that OPD; with `review`, unless an evaluator assigned to it. Whether the
    period still allows the change is the service's check.
    """
    try:
        penilaian = (
            penilaian_queryset_for_user(user).select_related("periode__instrumen", "opd").get(pk=pk)
        )
    except ObjectDoesNotExist:
        raise Http404("Penilaian tidak ditemukan.") from None
    if write and not (user.peran == Peran.OPERATOR and user.opd_id == penilaian.opd_id):
        raise PermissionDenied("Hanya operator OPD ini yang dapat mengisi penilaian mandiri.")
    if review and user.peran != Peran.EVALUATOR:
        # Only assigned evaluators reach this point with review=True (others are out of scope).
        raise PermissionDenied("Hanya evaluator yang ditugaskan yang dapat memverifikasi.")
    return penilaian


def get_bukti_for_user(user: Pengguna, pk: int, *, write: bool = False, review: bool = False):
    """Evidence file `pk`, reachable only through a penilaian the user may read (else 404)."""
    try:
        bukti = Bukti.objects.select_related(
            "jawaban__penilaian__periode", "jawaban__indikator", "versi__dokumen"
        ).get(pk=pk, jawaban__penilaian__in=penilaian_queryset_for_user(user))
    except Bukti.DoesNotExist:
        raise Http404("Berkas bukti tidak ditemukan.") from None
    if bukti.rahasia and user.peran == Peran.PIMPINAN:
        raise Http404("Berkas bukti tidak ditemukan.")
    if write and not (
        user.peran == Peran.OPERATOR and user.opd_id == bukti.jawaban.penilaian.opd_id
    ):
        raise PermissionDenied("Hanya operator OPD ini yang dapat mengubah bukti.")
    if review and user.peran != Peran.EVALUATOR:
        raise PermissionDenied("Hanya evaluator yang ditugaskan yang dapat memeriksa bukti.")
    return bukti


def may_see_final(user: Pengguna, periode) -> bool:
    """Final levels, indices, predikat, TPP shares and the evaluator's notes reach operators
    and pimpinan only once the period is published; admins and evaluators see them while
    they are produced. The one rule behind every page, fragment, history, report and export."""
    return may_see_final_status(user, periode.status)


def may_see_final_status(user: Pengguna, periode_status: str) -> bool:
    """`may_see_final` for a period known only by its status (rows of a trend query)."""
    return (
        user.peran in (Peran.ADMIN, Peran.EVALUATOR) or periode_status == StatusPeriode.DIPUBLIKASI
    )


def may_see_verdict(user: Pengguna, penilaian, jawaban) -> bool:
    """The evaluator's verdict on the files and items of one indicator: with the final
    results (may_see_final), and — what to fix — for the OPD's own operators while the
    indicator is sent back for revision. Never for pimpinan before publication, and not
    once the operator has submitted again."""
    if may_see_final(user, penilaian.periode):
        return True
    return (
        user.peran == Peran.OPERATOR
        and user.opd_id == penilaian.opd_id
        and penilaian.status == StatusPenilaian.PERLU_PERBAIKAN
        and jawaban is not None
        and jawaban.perlu_perbaikan
    )


def ensure_laporan_allowed(user: Pengguna, periode, penilaian=None, *, semua: bool = False) -> None:
    """May `user` request or download reports of this period (or of this OPD's penilaian)?

    Reports carry final figures: operators and pimpinan get them only once the period is
    published (403 before); an OPD report needs read access to its penilaian (else 404);
    recap reports are for Admin and Pimpinan only (404 for others); the batch of every OPD's
    report (`semua`) is the secretariat's, Admin only (403).
    """
    if penilaian is not None:
        if not penilaian_queryset_for_user(user).filter(pk=penilaian.pk).exists():
            raise Http404("Laporan tidak ditemukan.")
    elif user.peran not in (Peran.ADMIN, Peran.PIMPINAN):
        raise Http404("Laporan tidak ditemukan.")
    if not may_see_final(user, periode):
        raise PermissionDenied(
            "Laporan tersedia setelah hasil evaluasi periode ini dipublikasikan."
        )
    if semua and user.peran != Peran.ADMIN:
        raise PermissionDenied("Hanya Admin yang dapat membuat laporan semua OPD sekaligus.")


def ensure_laporan_retry_allowed(user: Pengguna, job) -> None:
    """A failed report is queued again by an Admin or by whoever requested it (403 else)."""
    if user.peran != Peran.ADMIN and job.peminta_id != user.pk:
        raise PermissionDenied("Hanya Admin atau peminta laporan ini yang dapat mengulangnya.")


def ensure_paket_allowed(user: Pengguna) -> None:
    """The national package (every item's files, confidential ones included, and the notes
    for the national asesor) is the Koordinator's: Admin only. Pimpinan read everything
    else, so for them it is 403; for operators and evaluators it does not exist (404)."""
    if user.peran == Peran.PIMPINAN:
        raise PermissionDenied("Hanya Admin (Koordinator) yang dapat membuat dan mengunduh paket.")
    if not is_admin(user):
        raise Http404("Laporan tidak ditemukan.")


# Who may ask for an evidence archive (JenisLaporan.ARSIP) of a penilaian they can read, and
# of the penilaian instansi. Pimpinan read every penilaian but never get its files in bulk.
ARSIP_PENILAIAN_PERAN = frozenset({Peran.ADMIN, Peran.OPERATOR, Peran.EVALUATOR})
ARSIP_INSTANSI_PERAN = frozenset({Peran.ADMIN, Peran.EVALUATOR})


def may_request_arsip(user: Pengguna, *, instansi: bool = False) -> bool:
    """Whether to offer "Unduh semua bukti (ZIP)" on a page the user already reached: an OPD
    penilaian loaded through `get_penilaian_for_user`, or the penilaian instansi overview."""
    return user.peran in (ARSIP_INSTANSI_PERAN if instansi else ARSIP_PENILAIAN_PERAN)


def ensure_arsip_allowed(user: Pengguna, periode, penilaian=None) -> None:
    """May `user` request or download the evidence archive of this OPD penilaian (or, without
    one, of the period's penilaian instansi)?

    The archive holds every linked file, confidential ones included: for an OPD penilaian,
    Admins, the OPD's own operators and the evaluators assigned to that OPD in that period
    (404 for anyone else who cannot read the penilaian); for the penilaian instansi, Admins and
    every evaluator (the asesor team; 404 for operators). Pimpinan read the pages but not the
    files in bulk: 403.
    """
    if penilaian is not None:
        if not penilaian_queryset_for_user(user).filter(pk=penilaian.pk).exists():
            raise Http404("Laporan tidak ditemukan.")
    elif user.peran not in (*ARSIP_INSTANSI_PERAN, Peran.PIMPINAN):
        raise Http404("Laporan tidak ditemukan.")
    if not may_request_arsip(user, instansi=penilaian is None):
        raise PermissionDenied(
            "Arsip bukti memuat dokumen rahasia; hanya Admin, evaluator, dan operator OPD "
            "pemilik yang dapat membuat dan mengunduhnya."
        )


def laporan_queryset_for_user(user: Pengguna) -> QuerySet[LaporanJob]:
    """The top-level report jobs listed for the user: Admin all; Pimpinan the finished ones
    and their own; others their own. The national package only for Admin; evidence archives
    never for Pimpinan."""
    jobs = LaporanJob.objects.filter(induk=None)
    if user.peran == Peran.ADMIN:
        return jobs
    jobs = jobs.exclude(jenis=JenisLaporan.PAKET)
    if user.peran == Peran.PIMPINAN:
        jobs = jobs.exclude(jenis=JenisLaporan.ARSIP)
        return jobs.filter(Q(status=StatusLaporan.SELESAI) | Q(peminta=user))
    return jobs.filter(peminta=user)


def get_laporan_for_user(user: Pengguna, pk: int):
    """A report job the user may see and download (see ensure_laporan_allowed and, for the
    national package, ensure_paket_allowed; for an evidence archive, ensure_arsip_allowed)."""
    try:
        job = LaporanJob.objects.select_related("periode", "penilaian__opd").get(pk=pk)
    except LaporanJob.DoesNotExist:
        raise Http404("Laporan tidak ditemukan.") from None
    if job.jenis == JenisLaporan.PAKET:
        ensure_paket_allowed(user)
    elif job.jenis == JenisLaporan.ARSIP:
        ensure_arsip_allowed(user, job.periode, job.penilaian)
    else:
        ensure_laporan_allowed(user, job.periode, job.penilaian)
    return job


# --- Penilaian instansi (SPEC §12) ----------------------------------------------------------
# The pemda's own penilaian is prepared together: the Koordinator (Admin) runs it, the internal
# asesor team (every Evaluator) verifies each item, Pimpinan reads it, and an Operator works
# only on the items their OPD holds (pengampu) — another item is a 404, as another OPD's is.


def get_instansi_for_user(user: Pengguna, periode_pk: int):
    """The period's penilaian instansi with its period and instrument (404 when there is none,
    or for an operator whose OPD holds nothing in that period)."""
    try:
        penilaian = PenilaianInstansi.objects.select_related("periode__instrumen").get(
            periode_id=periode_pk
        )
    except PenilaianInstansi.DoesNotExist:
        raise Http404("Penilaian instansi tidak ditemukan.") from None
    if user.peran in (Peran.ADMIN, Peran.PIMPINAN, Peran.EVALUATOR):
        return penilaian
    if (
        user.peran == Peran.OPERATOR
        and user.opd_id
        and Pengampu.objects.filter(periode_id=periode_pk, opd_id=user.opd_id).exists()
    ):
        return penilaian
    raise Http404("Penilaian instansi tidak ditemukan.")


def ensure_butir_instansi(
    user: Pengguna,
    penilaian,
    butir,
    *,
    isi: bool = False,
    reviu: bool = False,
    koordinator: bool = False,
) -> None:
    """An item of the penilaian instansi: an operator reaches only the items their OPD holds
    (404 otherwise); `isi` (answer, upload) is for those operators, `reviu` for evaluators,
    `koordinator` (choose answers, settle values) for Admins — 403 for the other roles."""
    pengampu = user.peran == Peran.OPERATOR and instansi_selectors.mengampu(
        penilaian.periode, user.opd_id, butir
    )
    if user.peran == Peran.OPERATOR and not pengampu:
        raise Http404("Butir tidak ditemukan.")
    if isi and not pengampu:
        raise PermissionDenied("Hanya operator OPD pengampu butir ini yang dapat mengisinya.")
    if reviu and user.peran != Peran.EVALUATOR:
        raise PermissionDenied("Hanya evaluator (tim asesor internal) yang dapat memeriksa butir.")
    if koordinator and not is_admin(user):
        raise PermissionDenied("Hanya Koordinator (Admin) yang dapat memilih atau menetapkan.")


def ensure_indikator_instansi(user: Pengguna, penilaian, indikator, *, isi: bool = False) -> None:
    """An indicator page of the penilaian instansi: the Koordinator, the asesor team and
    Pimpinan read every one; an operator only an externally valued indicator their OPD holds
    (to report its value; 404 otherwise). `isi` (report the value) is for those operators."""
    pengampu = (
        user.peran == Peran.OPERATOR
        and indikator.eksternal
        and instansi_selectors.mengampu_indikator(penilaian.periode, user.opd_id, indikator)
    )
    if user.peran == Peran.OPERATOR and not pengampu:
        raise Http404("Indikator tidak ditemukan.")
    if isi and not pengampu:
        raise PermissionDenied("Hanya operator OPD pengampu yang melaporkan nilai indikator ini.")


def may_see_nilai_instansi(user: Pengguna) -> bool:
    """The pemda's values and index (mandiri, internal, national) are for the Koordinator,
    the asesor team and Pimpinan; a pengampu operator sees the verdicts on their own items."""
    return user.peran in (Peran.ADMIN, Peran.EVALUATOR, Peran.PIMPINAN)


def get_berkas_instansi_for_user(user: Pengguna, pk: int, *, write: bool = False):
    """A file of the penilaian instansi: its OPD's operators, Admins and Evaluators, and
    Pimpinan unless it is marked confidential (404 for anyone else); `write` (remove) only for
    the OPD's operators who still hold the item (403)."""
    try:
        berkas = BerkasInstansi.objects.select_related(
            "isian__penilaian__periode", "isian__butir__indikator", "versi__dokumen"
        ).get(pk=pk)
    except BerkasInstansi.DoesNotExist:
        raise Http404("Berkas tidak ditemukan.") from None
    milik = user.peran == Peran.OPERATOR and user.opd_id == berkas.isian.opd_id
    boleh = (
        milik
        or user.peran in (Peran.ADMIN, Peran.EVALUATOR)
        or (user.peran == Peran.PIMPINAN and not berkas.rahasia)
    )
    if not boleh:
        raise Http404("Berkas tidak ditemukan.")
    if write:
        if not milik:
            raise PermissionDenied("Hanya operator OPD pengampu yang dapat menghapus berkasnya.")
        ensure_butir_instansi(user, berkas.isian.penilaian, berkas.isian.butir, isi=True)
    return berkas


# --- Evidence library -----------------------------------------------------------------------
# A document is its OPD's (or the pemda's, kept by the Koordinator). Confidential ones (rahasia)
# reach only their OPD, the evaluators who judge them and Admins; never Pimpinan or the public.


def dokumen_queryset_for_user(user: Pengguna) -> QuerySet[Dokumen]:
    """Documents this user may see: Admin all; Operator their OPD's; Evaluator those of the
    OPDs assigned to them in any period, the pemda's, and those used in a penilaian instansi
    (the evaluators are its asesor team); Pimpinan all but the confidential ones."""
    qs = Dokumen.objects.all()
    if user.peran == Peran.ADMIN:
        return qs
    if user.peran == Peran.OPERATOR and user.opd_id:
        return qs.filter(opd_id=user.opd_id)
    if user.peran == Peran.EVALUATOR:
        ditugaskan = Penugasan.objects.filter(evaluator=user, opd=OuterRef("opd"))
        instansi = BerkasInstansi.objects.filter(versi__dokumen=OuterRef("pk"))
        return qs.filter(Q(opd__isnull=True) | Exists(ditugaskan) | Exists(instansi))
    if user.peran == Peran.PIMPINAN:
        return qs.filter(rahasia=False)
    return qs.none()


def get_dokumen_for_user(user: Pengguna, pk: int, *, write: bool = False) -> Dokumen:
    """Document `pk` (404 outside the user's scope); `write` (details, new version) is for the
    operators of its OPD and Admins (403 for the others)."""
    try:
        dokumen = dokumen_queryset_for_user(user).select_related("opd").get(pk=pk)
    except Dokumen.DoesNotExist:
        raise Http404("Dokumen tidak ditemukan.") from None
    if write and not may_change_dokumen(user, dokumen.opd_id):
        raise PermissionDenied("Hanya operator OPD pemilik dan Admin yang dapat mengubah dokumen.")
    return dokumen


def may_change_dokumen(user: Pengguna, opd_id: int | None) -> bool:
    """Whether the user keeps the library of `opd_id` (None: the pemda's, the Koordinator's)."""
    if is_admin(user):
        return True
    return opd_id is not None and user.peran == Peran.OPERATOR and user.opd_id == opd_id


def get_usulan_for_user(user: Pengguna, pk: int, *, write: bool = False) -> Usulan:
    """A proposal from last year, through its penilaian (404 outside the user's scope);
    `write` (confirm, set aside) only for the operators of that OPD (403)."""
    try:
        usulan = Usulan.objects.select_related("penilaian__periode", "indikator").get(
            pk=pk, penilaian__in=penilaian_queryset_for_user(user)
        )
    except Usulan.DoesNotExist:
        raise Http404("Usulan tidak ditemukan.") from None
    if write and not (user.peran == Peran.OPERATOR and user.opd_id == usulan.penilaian.opd_id):
        raise PermissionDenied("Hanya operator OPD ini yang dapat memutuskan usulan.")
    return usulan


def get_dokumen_versi_for_user(user: Pengguna, pk: int) -> DokumenVersi:
    """A version of a document the user may see (404 otherwise)."""
    try:
        return DokumenVersi.objects.select_related("dokumen").get(
            pk=pk, dokumen__in=dokumen_queryset_for_user(user)
        )
    except DokumenVersi.DoesNotExist:
        raise Http404("Dokumen tidak ditemukan.") from None


# --- Architecture data ----------------------------------------------------------------------


def get_opd_for_arsitektur(user: Pengguna, pk: int, *, write: bool = False) -> Opd:
    """An OPD's architecture data: Admin and Pimpinan read all, Operators their own (404
    otherwise); only Admins and the OPD's own operators change it (403 otherwise)."""
    try:
        opd = opd_queryset_for_user(user).get(pk=pk)
    except Opd.DoesNotExist:
        raise Http404("OPD tidak ditemukan.") from None
    if write and not (is_admin(user) or (user.peran == Peran.OPERATOR and user.opd_id == opd.pk)):
        raise PermissionDenied(
            "Hanya Admin dan operator OPD ini yang dapat mengubah data arsitektur."
        )
    return opd


def get_aplikasi_for_user(user: Pengguna, pk: int, *, write: bool = False):
    try:
        aplikasi = Aplikasi.objects.select_related("opd", "dokumen").get(
            pk=pk, opd__in=opd_queryset_for_user(user)
        )
    except Aplikasi.DoesNotExist:
        raise Http404("Aplikasi tidak ditemukan.") from None
    get_opd_for_arsitektur(user, aplikasi.opd_id, write=write)
    return aplikasi


def get_talenta_for_user(user: Pengguna, pk: int, *, write: bool = False):
    try:
        talenta = TalentaDigital.objects.select_related("opd", "sertifikat").get(
            pk=pk, opd__in=opd_queryset_for_user(user)
        )
    except TalentaDigital.DoesNotExist:
        raise Http404("Data talenta tidak ditemukan.") from None
    get_opd_for_arsitektur(user, talenta.opd_id, write=write)
    return talenta


def get_berkas_arsitektur_for_user(user: Pengguna, pk: int):
    """A document, reachable only through an application or talent of an OPD in scope."""
    scope = opd_queryset_for_user(user)
    linked = Aplikasi.objects.filter(dokumen_id=pk, opd__in=scope).exists() or (
        TalentaDigital.objects.filter(sertifikat_id=pk, opd__in=scope).exists()
    )
    berkas = Berkas.objects.filter(pk=pk).first() if linked else None
    if berkas is None:
        raise Http404("Berkas tidak ditemukan.")
    return berkas
