"""Application and domain requests: an OPD submits, Diskominfo (Admin) reviews. Thin views:
access → form → service → message → redirect."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from arsitektur.models import JenisPermohonan, Permohonan, StatusPermohonan
from arsitektur.permohonan import aturan, selectors, services
from arsitektur.permohonan.forms import LangkahForm, PermohonanForm, SaringForm
from evaluasi.penilaian import berkas
from opd.models import Opd, Peran
from spbe_portal import access
from spbe_portal.files import send_private_file

PER_HALAMAN = 25


@require_GET
@access.menu_required("permohonan")
def daftar(request: HttpRequest) -> HttpResponse:
    base = access.permohonan_queryset_for_user(request.user)
    operator = request.user.peran == Peran.OPERATOR
    opd_qs = Opd.objects.none() if operator else Opd.objects.filter(aktif=True)
    form = SaringForm(request.GET or None, opd_qs=opd_qs.order_by("urutan", "nama"))
    data = form.cleaned_data if form.is_valid() else {}
    qs = selectors.permohonan_daftar(
        base, status=data.get("status") or "", opd_id=data["opd"].pk if data.get("opd") else None
    )
    page = Paginator(qs, PER_HALAMAN).get_page(request.GET.get("halaman"))
    query = request.GET.copy()
    query.pop("halaman", None)
    ctx = {
        "form": form,
        "saring_opd": not operator,
        "page": page,
        "querystring": query.urlencode(),
        "boleh_buat": access.may_make_permohonan(request.user),
        "menunggu": base.filter(status=aturan.DIAJUKAN).count()
        if request.user.peran == Peran.ADMIN
        else 0,
    }
    return render(request, "permohonan/daftar.html", ctx)


def _simpan(request: HttpRequest, form: PermohonanForm) -> Permohonan | None:
    try:
        return services.permohonan_simpan(
            permohonan=form.instance, user=request.user, berkas=form.berkas()
        )
    except berkas.BerkasDitolak as exc:
        # The form checked each upload; the service checks again before storing it.
        form.add_error(None, f"Berkas ditolak: {exc}")
    except services.PermohonanDitolak as exc:
        form.add_error(exc.field, str(exc))
    return None


def _form(request: HttpRequest, permohonan: Permohonan, judul: str) -> HttpResponse:
    ada = frozenset()
    if permohonan.pk:
        ada = frozenset(permohonan.dokumen.values_list("jenis", flat=True))
    form = PermohonanForm(
        request.POST or None,
        request.FILES or None,
        instance=permohonan,
        opd=permohonan.opd,
        ada=ada,
    )
    if request.method == "POST" and form.is_valid():
        saved = _simpan(request, form)
        if saved is not None:
            messages.success(request, f"Permohonan {saved.nama} disimpan.")
            return redirect("permohonan:rinci", pk=saved.pk)
    ctx = {"form": form, "permohonan": permohonan if permohonan.pk else None, "judul": judul}
    return render(request, "permohonan/form.html", ctx)


@access.menu_required("permohonan")
@require_http_methods(["GET", "POST"])
def buat(request: HttpRequest) -> HttpResponse:
    if not access.may_make_permohonan(request.user):
        raise PermissionDenied("Permohonan dibuat oleh operator OPD pemohon.")
    permohonan = Permohonan(opd=request.user.opd, jenis=JenisPermohonan.BARU)
    return _form(request, permohonan, "Permohonan baru")


@access.menu_required("permohonan")
@require_http_methods(["GET", "POST"])
def ubah(request: HttpRequest, pk: int) -> HttpResponse:
    permohonan = access.get_permohonan_for_user(request.user, pk, write=True)
    return _form(request, permohonan, "Ubah permohonan")


@require_GET
@access.menu_required("permohonan")
def rinci(request: HttpRequest, pk: int) -> HttpResponse:
    permohonan = access.get_permohonan_for_user(request.user, pk)
    pihak = access.pihak_permohonan(request.user, permohonan)
    ctx = {
        "permohonan": permohonan,
        "warna_status": permohonan.warna_status,
        "langkah": aturan.langkah_boleh(permohonan.status, pihak=pihak),
        "boleh_ubah": access.may_edit_permohonan(request.user, permohonan),
        # The template asks these instead of comparing status strings.
        "disetujui": permohonan.status == StatusPermohonan.DISETUJUI,
        "diajukan": permohonan.status == StatusPermohonan.DIAJUKAN,
        **selectors.permohonan_rinci(permohonan),
    }
    return render(request, "permohonan/rinci.html", ctx)


@require_POST
@access.menu_required("permohonan")
def langkah(request: HttpRequest, pk: int) -> HttpResponse:
    permohonan = access.get_permohonan_for_user(request.user, pk)
    ke = request.POST.get("ke", "")
    access.ensure_langkah_permohonan(request.user, permohonan, ke)
    form = LangkahForm(request.POST)
    if not form.is_valid():
        messages.error(request, form.pesan_galat())
        return redirect("permohonan:rinci", pk=pk)
    try:
        permohonan = services.permohonan_transisi(
            permohonan=permohonan,
            ke=form.cleaned_data["ke"],
            user=request.user,
            pihak=access.pihak_permohonan(request.user, permohonan),
            catatan=form.cleaned_data["catatan"],
        )
    except services.LangkahTidakSah as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"Status permohonan: {permohonan.get_status_display()}.")
    return redirect("permohonan:rinci", pk=pk)


@require_GET
@access.menu_required("permohonan")
def dokumen_unduh(request: HttpRequest, pk: int) -> HttpResponse:
    dokumen = access.get_dokumen_permohonan_for_user(request.user, pk)
    doc = dokumen.berkas
    nama = berkas.download_name(doc.nama_asli, doc.jenis)
    return send_private_file(doc.path, content_type=doc.jenis, filename=nama, inline=False)
