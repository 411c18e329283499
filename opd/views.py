"""OPD master data, user management and spreadsheet import pages (Admin), plus OPD detail."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import SetPasswordForm
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from opd import import_kinds, permintaan, selectors, services
from opd.forms import ImportForm, OpdFilterForm, OpdForm, PenggunaFilterForm, PenggunaForm
from opd.import_kinds import ImportKind
from opd.imports import OPD_COLUMNS, PENGGUNA_COLUMNS, HasilImpor, OpdResource
from opd.models import ImporJob, Peran, StatusImpor, TahapImpor
from opd.spreadsheet import SpreadsheetError, read_dataset, require_columns
from spbe_portal.access import (
    get_imporjob_for_user,
    get_opd_for_user,
    get_pengguna_for_user,
    is_admin,
    menu_required,
    opd_queryset_for_user,
    role_required,
)
from spbe_portal.xlsx import XLSX_CONTENT_TYPE, dataset_bytes

PAGE_SIZE = 100

# --- OPD ------------------------------------------------------------------------------------


@require_GET
@menu_required("master")
def opd_daftar(request: HttpRequest) -> HttpResponse:
    filters = OpdFilterForm(request.GET or None)
    params = filters.cleaned_data if filters.is_valid() else {}
    base = selectors.opd_list(
        base=opd_queryset_for_user(request.user),
        q=params.get("q", ""),
        jenis=params.get("jenis", ""),
        aktif=params.get("aktif", ""),
    )
    page = Paginator(base, PAGE_SIZE).get_page(request.GET.get("halaman"))
    ctx = {
        "filters": filters,
        "page": page,
        "counts": selectors.opd_counts(base=opd_queryset_for_user(request.user)),
        "querystring": _querystring_without_page(request),
    }
    return render(request, "opd/daftar.html", ctx)


@require_GET
@login_required
def opd_detail(request: HttpRequest, pk: int) -> HttpResponse:
    opd = get_opd_for_user(request.user, pk)
    ctx = {
        "opd": opd,
        "boleh_ubah": is_admin(request.user),
        **selectors.opd_detail_related(opd=opd),
    }
    return render(request, "opd/detail.html", ctx)


@menu_required("master")
@require_http_methods(["GET", "POST"])
def opd_tambah(request: HttpRequest) -> HttpResponse:
    form = OpdForm(request.POST or None, initial=selectors.opd_new_defaults())
    if request.method == "POST" and form.is_valid():
        opd = services.opd_create(data=form.cleaned_data)
        messages.success(request, f"OPD {opd.nama} ditambahkan.")
        return redirect("opd:detail", pk=opd.pk)
    return render(request, "opd/form.html", {"form": form, "judul": "Tambah OPD"})


@login_required
@require_http_methods(["GET", "POST"])
def opd_ubah(request: HttpRequest, pk: int) -> HttpResponse:
    opd = get_opd_for_user(request.user, pk, write=True)
    form = OpdForm(request.POST or None, instance=opd)
    if request.method == "POST" and form.is_valid():
        services.opd_update(opd=opd, data=form.cleaned_data)
        messages.success(request, f"Perubahan {opd.nama} disimpan.")
        return redirect("opd:detail", pk=opd.pk)
    return render(request, "opd/form.html", {"form": form, "judul": f"Ubah {opd.nama}", "opd": opd})


@require_GET
@menu_required("master")
def opd_ekspor(request: HttpRequest) -> HttpResponse:
    """All OPDs as .xlsx, in the import's column layout (export → edit → import)."""
    dataset = OpdResource().export(
        queryset=selectors.opd_list(base=opd_queryset_for_user(request.user))
    )
    dataset.title = "Daftar OPD"
    response = HttpResponse(dataset_bytes(dataset), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = 'attachment; filename="daftar-opd.xlsx"'
    return response


# --- Pengguna -------------------------------------------------------------------------------


@require_GET
@menu_required("pengguna")
def pengguna_daftar(request: HttpRequest) -> HttpResponse:
    filters = PenggunaFilterForm(request.GET or None)
    params = filters.cleaned_data if filters.is_valid() else {}
    qs = selectors.pengguna_list(
        q=params.get("q", ""), peran=params.get("peran", ""), opd=params.get("opd")
    )
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("halaman"))
    ctx = {
        "filters": filters,
        "page": page,
        "counts": selectors.pengguna_counts(),
        "querystring": _querystring_without_page(request),
    }
    return render(request, "pengguna/daftar.html", ctx)


@menu_required("pengguna")
@require_http_methods(["GET", "POST"])
def pengguna_tambah(request: HttpRequest) -> HttpResponse:
    form = PenggunaForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        password = form.cleaned_data.get("password1") or None
        try:
            pengguna = services.pengguna_create(
                data=form.model_data, password=password, base_url=_base_url(request)
            )
        except ValidationError as exc:
            form.add_error(None, exc)
            return render(request, "pengguna/form.html", {"form": form, "judul": "Tambah pengguna"})
        if password:
            messages.success(request, f"Pengguna {pengguna.username} dibuat.")
        elif pengguna.email:
            messages.success(
                request,
                f"Pengguna {pengguna.username} dibuat; tautan untuk membuat kata sandi "
                f"akan dikirim ke {pengguna.email} lewat email.",
            )
        else:
            messages.warning(
                request,
                f"Pengguna {pengguna.username} dibuat tanpa kata sandi dan tanpa email: "
                "atur kata sandinya di halaman ini sebelum ia dapat masuk.",
            )
        return redirect("pengguna:ubah", pk=pengguna.pk)
    return render(request, "pengguna/form.html", {"form": form, "judul": "Tambah pengguna"})


@menu_required("pengguna")
@require_http_methods(["GET", "POST"])
def pengguna_ubah(request: HttpRequest, pk: int) -> HttpResponse:
    pengguna = get_pengguna_for_user(request.user, pk)
    peran_awal = pengguna.peran  # the bound form overwrites the instance while validating
    form = PenggunaForm(request.POST or None, instance=pengguna)
    if request.method == "POST" and form.is_valid():
        if pengguna.pk == request.user.pk and (
            form.cleaned_data["peran"] != peran_awal or not form.cleaned_data["is_active"]
        ):
            form.add_error(None, "Anda tidak dapat mengubah peran atau menonaktifkan akun sendiri.")
        else:
            services.pengguna_update(pengguna=pengguna, data=form.model_data)
            messages.success(request, f"Perubahan pengguna {pengguna.username} disimpan.")
            return redirect("pengguna:daftar")
    ctx = {"form": form, "judul": f"Ubah pengguna {pengguna.username}", "pengguna": pengguna}
    return render(request, "pengguna/form.html", ctx)


@menu_required("pengguna")
@require_http_methods(["GET", "POST"])
def pengguna_kata_sandi(request: HttpRequest, pk: int) -> HttpResponse:
    pengguna = get_pengguna_for_user(request.user, pk)
    form = SetPasswordForm(pengguna, request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.pengguna_set_password(
            pengguna=pengguna, password=form.cleaned_data["new_password1"]
        )
        messages.success(request, f"Kata sandi {pengguna.username} diatur.")
        return redirect("pengguna:ubah", pk=pengguna.pk)
    ctx = {"form": form, "pengguna": pengguna}
    return render(request, "pengguna/kata_sandi.html", ctx)


@menu_required("pengguna")
@require_POST
def pengguna_kirim_tautan(request: HttpRequest, pk: int) -> HttpResponse:
    pengguna = get_pengguna_for_user(request.user, pk)
    if not pengguna.email:
        messages.error(request, "Pengguna ini belum memiliki alamat email.")
    else:
        services.pengguna_send_set_password_link(pengguna=pengguna, base_url=_base_url(request))
        messages.success(request, f"Tautan atur kata sandi akan dikirim ke {pengguna.email}.")
    return redirect("pengguna:ubah", pk=pengguna.pk)


# --- Spreadsheet import: upload → preview → confirm -----------------------------------------

OPD_IMPORT = import_kinds.register(
    ImportKind(
        kunci="opd",
        judul="Impor OPD",
        columns=OPD_COLUMNS,
        required=("nama", "jenis"),
        run=lambda *, dataset, dry_run, base_url, progress=None: services.opd_import(
            dataset=dataset, dry_run=dry_run, progress=progress
        ),
        daftar_url="opd:daftar",
        impor_url="opd:impor",
        konfirmasi_url="opd:impor_konfirmasi",
        contoh="nama,singkatan,jenis\nDinas Kesehatan,Dinkes,Dinas",
        label_daftar="Data Master OPD",
        keterangan="Baris dicocokkan dengan OPD yang ada melalui kode, atau bila kolom kode "
        "kosong, melalui nama (spasi berlebih dan huruf besar/kecil diabaikan). OPD baru tanpa "
        "kode mendapat kode otomatis (OPD-001, …). Jenis: Sekretariat, Dinas, Badan, Biro, "
        "Inspektorat, RSUD, Satuan, Kantor, Kecamatan, Lainnya.",
    )
)
PENGGUNA_IMPORT = import_kinds.register(
    ImportKind(
        kunci="pengguna",
        judul="Impor pengguna",
        columns=PENGGUNA_COLUMNS,
        required=("username", "nama", "peran"),
        run=lambda *, dataset, dry_run, base_url, progress=None: services.pengguna_import(
            dataset=dataset, dry_run=dry_run, base_url=base_url, progress=progress
        ),
        daftar_url="pengguna:daftar",
        impor_url="pengguna:impor",
        konfirmasi_url="pengguna:impor_konfirmasi",
        contoh="username,nama,nip,email,peran,opd\n"
        "budi.dinkes,Budi Santoso,198001012005011001,budi@contoh.go.id,Operator OPD,Dinkes",
        label_daftar="Pengguna",
        keterangan="Baris dicocokkan melalui username. Peran: Admin, Operator OPD, Evaluator, "
        "Pimpinan. OPD diisi kode, nama, atau singkatannya (wajib untuk Operator OPD). Akun baru "
        "menerima tautan pembuatan kata sandi lewat email.",
    )
)
SESSION_KEY = "impor"


def _import_upload(request: HttpRequest, kind: ImportKind) -> HttpResponse:
    form = ImportForm(request.POST or None, request.FILES or None)
    ctx = {"form": form, "kind": kind}
    if request.method == "POST" and form.is_valid():
        if len(form.dataset) > settings.IMPORT_SYNC_MAX_ROWS:
            return _import_upload_job(request, kind, form)
        try:
            hasil = kind.run(dataset=form.dataset, dry_run=True, base_url=_base_url(request))
        except SpreadsheetError as exc:
            form.add_error("berkas", str(exc))
            return render(request, "opd/impor.html", ctx)
        token = ""
        if not hasil.ada_galat:
            token = services.import_file_store(data=form.data_bytes)
            pending = request.session.get(SESSION_KEY, {})
            pending[token] = {"jenis": kind.kunci, "nama_berkas": form.cleaned_data["berkas"].name}
            request.session[SESSION_KEY] = pending
        ctx.update(hasil=hasil, token=token, nama_berkas=form.cleaned_data["berkas"].name)
    return render(request, "opd/impor.html", ctx)


def _import_upload_job(request: HttpRequest, kind: ImportKind, form: ImportForm) -> HttpResponse:
    """A large file: checked for its columns here, previewed by the background worker."""
    try:
        require_columns(form.dataset, kind.required)
    except SpreadsheetError as exc:
        form.add_error("berkas", str(exc))
        return render(request, "opd/impor.html", {"form": form, "kind": kind})
    job = permintaan.imporjob_create(
        jenis=kind.kunci,
        data=form.data_bytes,
        nama_berkas=form.cleaned_data["berkas"].name,
        total=len(form.dataset),
        user=request.user,
        base_url=_base_url(request),
    )
    return redirect("opd:imporjob_detail", pk=job.pk)


def _import_confirm(request: HttpRequest, kind: ImportKind) -> HttpResponse:
    token = request.POST.get("token", "")
    pending = request.session.get(SESSION_KEY, {})
    entry = pending.get(token)
    data = (
        services.import_file_read(token=token) if entry and entry["jenis"] == kind.kunci else None
    )
    if data is None:
        messages.error(
            request, "Pratinjau impor tidak ditemukan atau sudah dipakai. Unggah ulang berkasnya."
        )
        return redirect(kind.impor_url)
    try:
        dataset = read_dataset(
            data,
            entry["nama_berkas"],
            max_bytes=settings.IMPORT_MAX_BYTES,
            max_rows=settings.IMPORT_MAX_ROWS,
        )
        hasil = kind.run(dataset=dataset, dry_run=False, base_url=_base_url(request))
    except SpreadsheetError as exc:
        messages.error(request, str(exc))
        return redirect(kind.impor_url)
    finally:
        services.import_file_discard(token=token)
        pending.pop(token, None)
        request.session[SESSION_KEY] = pending
    if not hasil.disimpan:
        # The data changed between preview and confirmation: show why, save nothing.
        ctx = {
            "form": ImportForm(),
            "kind": kind,
            "hasil": hasil,
            "token": "",
            "nama_berkas": entry["nama_berkas"],
        }
        messages.error(
            request, "Impor dibatalkan: data berubah sejak pratinjau. Tidak ada yang disimpan."
        )
        return render(request, "opd/impor.html", ctx)
    messages.success(request, f"{kind.judul} selesai: {hasil.ringkasan}.")
    return redirect(kind.daftar_url)


@menu_required("master")
@require_http_methods(["GET", "POST"])
def opd_impor(request: HttpRequest) -> HttpResponse:
    return _import_upload(request, OPD_IMPORT)


@menu_required("master")
@require_POST
def opd_impor_konfirmasi(request: HttpRequest) -> HttpResponse:
    return _import_confirm(request, OPD_IMPORT)


@menu_required("pengguna")
@require_http_methods(["GET", "POST"])
def pengguna_impor(request: HttpRequest) -> HttpResponse:
    return _import_upload(request, PENGGUNA_IMPORT)


@menu_required("pengguna")
@require_POST
def pengguna_impor_konfirmasi(request: HttpRequest) -> HttpResponse:
    return _import_confirm(request, PENGGUNA_IMPORT)


# --- Large imports: background jobs ---------------------------------------------------------


def _imporjob_context(job: ImporJob) -> dict:
    diproses = services.imporjob_progress(job=job)
    return {
        "job": job,
        "kind": import_kinds.get(job.jenis),
        "hasil": HasilImpor.from_json(job.hasil) if job.hasil else None,
        "diproses": diproses,
        "persen": min(100, round(diproses * 100 / job.total)) if job.total else 0,
        "konfirmasi": ImporJob.objects.filter(pratinjau=job).first()
        if job.tahap == TahapImpor.PRATINJAU and job.status == StatusImpor.SELESAI
        else None,
    }


@require_GET
@role_required(Peran.ADMIN)
def imporjob_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A job's page; with HX-Request only the status panel, which htmx polls while it runs."""
    services.imporjob_expire_stale()
    job = get_imporjob_for_user(request.user, pk)
    template = (
        "opd/_imporjob_status.html"
        if request.headers.get("HX-Request")
        else "opd/imporjob_detail.html"
    )
    return render(request, template, _imporjob_context(job))


@role_required(Peran.ADMIN)
@require_POST
def imporjob_konfirmasi(request: HttpRequest, pk: int) -> HttpResponse:
    job = get_imporjob_for_user(request.user, pk)
    try:
        impor = permintaan.imporjob_confirm(job=job)
    except services.ImporDitolak as exc:
        messages.error(request, str(exc))
        return redirect("opd:imporjob_detail", pk=job.pk)
    return redirect("opd:imporjob_detail", pk=impor.pk)


@role_required(Peran.ADMIN)
@require_POST
def imporjob_ulang(request: HttpRequest, pk: int) -> HttpResponse:
    job = get_imporjob_for_user(request.user, pk)
    try:
        permintaan.imporjob_retry(job=job)
    except services.ImporDitolak as exc:
        messages.error(request, str(exc))
    return redirect("opd:imporjob_detail", pk=job.pk)


# --- helpers --------------------------------------------------------------------------------


def _base_url(request: HttpRequest) -> str:
    return request.build_absolute_uri(reverse("beranda"))


def _querystring_without_page(request: HttpRequest) -> str:
    params = request.GET.copy()
    params.pop("halaman", None)
    return params.urlencode()


@login_required
@require_http_methods(["GET", "POST"])
def akun_surel(request: HttpRequest) -> HttpResponse:
    """Pengaturan surel: opt out of (or back into) the evaluation cycle's mails."""
    if request.method == "POST":
        terima = request.POST.get("terima_surel") == "on"
        services.pengguna_atur_surel(pengguna=request.user, terima=terima)
        messages.success(
            request,
            "Anda akan menerima surel siklus evaluasi."
            if terima
            else "Anda tidak akan menerima surel siklus evaluasi dan pengingat lagi.",
        )
        return redirect("akun:surel")
    return render(request, "akun/surel.html")
