"""Architecture data pages (status matrix, applications, digital talent) and the public page."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from arsitektur import cache_publik, selectors, services
from arsitektur.forms import AplikasiForm, TalentaForm
from arsitektur.imports import APLIKASI_COLUMNS, APLIKASI_REQUIRED
from arsitektur.models import Aplikasi, DomainArsitektur, StatusArsitektur, TalentaDigital
from evaluasi.konteks import periode_konteks
from evaluasi.penilaian import berkas
from opd import import_kinds
from opd.import_kinds import ImportKind
from opd.models import Peran
from opd.views import _import_confirm, _import_upload
from spbe_portal import paging
from spbe_portal.access import (
    get_aplikasi_for_user,
    get_berkas_arsitektur_for_user,
    get_opd_for_arsitektur,
    get_talenta_for_user,
    menu_required,
    opd_queryset_for_user,
    role_required,
)
from spbe_portal.files import send_private_file

PUBLIK_PER_HALAMAN = 20  # OPDs per page of the public list
MATRIKS_PER_HALAMAN = 50  # OPDs per page of the architecture overview

APLIKASI_IMPORT = ImportKind(
    kunci="aplikasi",
    judul="Impor aplikasi",
    columns=APLIKASI_COLUMNS,
    required=APLIKASI_REQUIRED,
    run=lambda *, dataset, dry_run, base_url, progress=None: services.aplikasi_import(
        dataset=dataset, dry_run=dry_run, progress=progress
    ),
    daftar_url="arsitektur:beranda",
    impor_url="arsitektur:aplikasi_impor",
    konfirmasi_url="arsitektur:aplikasi_impor_konfirmasi",
    contoh="opd,nama,url,tahun_pembuatan,basis,api_tersedia\n"
    "BKD,SIMPEG Sulbar,https://simpeg.sulbarprov.go.id,2019,web,ya",
    label_daftar="Arsitektur",
    keterangan="Baris dicocokkan melalui OPD dan nama aplikasi. Basis: web, android, ios, desktop. "
    "Kolom ya/tidak: api_tersedia, kode_sumber_dimiliki, aktif. name_server berisi alamat IP atau "
    "nama server (tidak pernah tampil di halaman publik).",
)
import_kinds.register(APLIKASI_IMPORT)


def _periode(request: HttpRequest):
    konteks = periode_konteks(request, request.GET.get("periode") or request.POST.get("periode"))
    return konteks.daftar, konteks.aktif


@require_GET
@menu_required("arsitektur")
def beranda(request: HttpRequest) -> HttpResponse:
    if request.user.peran == Peran.OPERATOR and request.user.opd_id:
        return redirect("arsitektur:opd", pk=request.user.opd_id)
    daftar, periode = _periode(request)
    q = request.GET.get("q", "").strip()
    ctx = {
        "daftar_periode": daftar,
        "periode": periode,
        "q": q,
        "querystring": paging.querystring(request),
    }
    if periode is not None:
        ctx.update(
            selectors.matrix(
                periode,
                opd_queryset_for_user(request.user).filter(aktif=True),
                q=q,
                halaman=paging.nomor(request),
                per_halaman=MATRIKS_PER_HALAMAN,
            )
        )
    return render(request, "arsitektur/beranda.html", ctx)


@menu_required("arsitektur")
@require_http_methods(["GET", "POST"])
def opd(request: HttpRequest, pk: int) -> HttpResponse:
    """One OPD: the domain status of a period (saved here), applications, digital talent."""
    daftar, periode = _periode(request)
    opd = get_opd_for_arsitektur(request.user, pk, write=request.method == "POST")
    if request.method == "POST":
        if periode is None:
            raise PermissionDenied("Belum ada periode evaluasi.")
        nilai, salah = {}, []
        for domain, label in DomainArsitektur.choices:
            status = request.POST.get(f"status_{domain}", StatusArsitektur.BELUM)
            tautan = request.POST.get(f"tautan_{domain}", "").strip()
            if status not in StatusArsitektur.values:
                salah.append(f"Status {label} tidak dikenal.")
            if tautan and not tautan.startswith(("http://", "https://")):
                salah.append(f"Tautan {label} harus diawali https://.")
            nilai[domain] = (status, tautan)
        if salah:
            for pesan in salah:
                messages.error(request, pesan)
        else:
            n = services.status_save(periode=periode, opd=opd, nilai=nilai, user=request.user)
            if n:
                messages.success(request, f"Status arsitektur disimpan ({n} domain berubah).")
            else:
                messages.info(request, "Tidak ada perubahan status arsitektur.")
        return redirect(f"{reverse('arsitektur:opd', kwargs={'pk': opd.pk})}?periode={periode.pk}")
    ctx = {
        "opd": opd,
        "daftar_periode": daftar,
        "periode": periode,
        "boleh_ubah": request.user.peran == Peran.ADMIN
        or (request.user.peran == Peran.OPERATOR and request.user.opd_id == opd.pk),
        "pilihan_status": StatusArsitektur.choices,
        **selectors.opd_detail(opd, periode),
    }
    return render(request, "arsitektur/opd.html", ctx)


def _file(request: HttpRequest, field: str) -> tuple[bytes, str] | None:
    upload = request.FILES.get(field)
    return (upload.read(), upload.name) if upload else None


def _save_with_file(request, form, save, file_field: str, **kwargs):
    try:
        return save(
            user=request.user, **kwargs, **{file_field: _file(request, f"berkas_{file_field}")}
        )
    except berkas.BerkasDitolak as exc:
        form.add_error(f"berkas_{file_field}", str(exc))
        return None
    except ValidationError as exc:  # e.g. the same name saved by a second click meanwhile
        form.add_error(None, exc)
        return None


@menu_required("arsitektur")
@require_http_methods(["GET", "POST"])
def aplikasi_form(
    request: HttpRequest, opd_pk: int | None = None, pk: int | None = None
) -> HttpResponse:
    if pk is not None:
        aplikasi = get_aplikasi_for_user(request.user, pk, write=True)
        opd = aplikasi.opd
    else:
        opd = get_opd_for_arsitektur(request.user, opd_pk, write=True)
        aplikasi = Aplikasi(opd=opd)
    form = AplikasiForm(request.POST or None, request.FILES or None, instance=aplikasi)
    if request.method == "POST" and form.is_valid():
        if (
            Aplikasi.objects.filter(opd=opd, nama__iexact=form.cleaned_data["nama"])
            .exclude(pk=aplikasi.pk)
            .exists()
        ):
            form.add_error("nama", "Aplikasi dengan nama ini sudah terdaftar di OPD ini.")
        elif _save_with_file(
            request, form, services.aplikasi_save, "dokumen", aplikasi=form.instance
        ):
            messages.success(request, f"Aplikasi {form.instance.nama} disimpan.")
            return redirect("arsitektur:opd", pk=opd.pk)
    ctx = {"form": form, "opd": opd, "aplikasi": aplikasi if pk else None, "judul": "Aplikasi"}
    return render(request, "arsitektur/form.html", ctx)


@menu_required("arsitektur")
@require_http_methods(["GET", "POST"])
def talenta_form(
    request: HttpRequest, opd_pk: int | None = None, pk: int | None = None
) -> HttpResponse:
    if pk is not None:
        talenta = get_talenta_for_user(request.user, pk, write=True)
        opd = talenta.opd
    else:
        opd = get_opd_for_arsitektur(request.user, opd_pk, write=True)
        talenta = TalentaDigital(opd=opd)
    form = TalentaForm(request.POST or None, request.FILES or None, instance=talenta)
    saved = (
        request.method == "POST"
        and form.is_valid()
        and _save_with_file(
            request, form, services.talenta_save, "sertifikat", talenta=form.instance
        )
    )
    if saved:
        messages.success(request, f"Talenta digital {form.instance.nama} disimpan.")
        return redirect("arsitektur:opd", pk=opd.pk)
    ctx = {"form": form, "opd": opd, "judul": "Talenta digital"}
    return render(request, "arsitektur/form.html", ctx)


@require_GET
@menu_required("arsitektur")
def berkas_unduh(request: HttpRequest, pk: int) -> HttpResponse:
    doc = get_berkas_arsitektur_for_user(request.user, pk)
    nama = berkas.download_name(doc.nama_asli, doc.jenis)
    return send_private_file(doc.path, content_type=doc.jenis, filename=nama, inline=False)


@role_required(Peran.ADMIN)
@require_http_methods(["GET", "POST"])
def aplikasi_impor(request: HttpRequest) -> HttpResponse:
    return _import_upload(request, APLIKASI_IMPORT)


@role_required(Peran.ADMIN)
@require_POST
def aplikasi_impor_konfirmasi(request: HttpRequest) -> HttpResponse:
    return _import_confirm(request, APLIKASI_IMPORT)


@require_GET
def publik(request: HttpRequest) -> HttpResponse:
    """The public landing page (no login): active applications per OPD, public fields only.
    Plain pages come from the shared cache (cache_publik), built at most once per version."""
    kunci = cache_publik.kunci(request)
    if kunci is not None and (isi := cache_publik.ambil(kunci)) is not None:
        return HttpResponse(isi)
    q = request.GET.get("q", "").strip()
    data = selectors.publik(q, halaman=paging.nomor(request), per_halaman=PUBLIK_PER_HALAMAN)
    ctx = {
        "q": q,
        "pemda": settings.PEMDA_NAMA,
        "kontak": settings.PEMDA_KONTAK,
        "querystring": paging.querystring(request),
        **data,
    }
    response = render(request, "arsitektur/publik.html", ctx)
    if kunci is not None:
        cache_publik.simpan(kunci, response.content)
    return response
