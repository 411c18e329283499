"""Pages of rencana aksi (SPEC §14): the list (an OPD's own, or the pemda's with a summary per
OPD), the recommendations still without an action, making an action from one, an action's
page (steps, evidence of completion, comments) and its edit. Exports: `evaluasi/aksi/cetak.py`.
Who may do what: spbe_portal.access (`access/aksi.py`)."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from evaluasi.aksi import aturan, selectors, services
from evaluasi.aksi.forms import AksiForm, BuktiAksiForm, FilterAksiForm, KomentarForm
from evaluasi.dokumen import selectors as dokumen_selectors
from evaluasi.models import (
    HasilIndikatorNasional,
    Indikator,
    Jawaban,
    Pengampu,
    Periode,
    RencanaAksi,
)
from evaluasi.penilaian import berkas
from opd.models import Opd, Peran
from spbe_portal import access

PER_HALAMAN = 50


def saring(request: HttpRequest, base):
    user = request.user
    opd_qs = (
        None
        if user.peran == Peran.OPERATOR
        else Opd.objects.filter(pk__in=base.values("opd_id")).order_by("nama")
    )
    form = FilterAksiForm(request.GET or None, opd_qs=opd_qs, tahun=selectors.tahun_aksi(base))
    data = form.cleaned_data if form.is_valid() else {}
    opd = data.get("opd")
    qs = selectors.daftar_aksi(
        base,
        status=data.get("status") or "",
        opd_id=opd.pk if opd else None,
        tahun=data.get("tahun"),
        terlambat=bool(data.get("terlambat")),
        q=data.get("q") or "",
    )
    return form, qs


@require_GET
@access.menu_required("tindak")
def aksi_daftar(request: HttpRequest) -> HttpResponse:
    base = access.aksi_queryset_for_user(request.user)
    form, qs = saring(request, base)
    page = Paginator(qs, PER_HALAMAN).get_page(request.GET.get("halaman"))
    hari_ini = timezone.localdate()
    for a in page:
        a.terlambat = aturan.terlambat(a.status, a.batas, hari_ini)
        a.sisa = aturan.sisa_hari(a.batas, hari_ini)
        a.lewat = -a.sisa
    query = request.GET.copy()
    query.pop("halaman", None)
    ctx = {
        "form": form,
        "page": page,
        "querystring": query.urlencode(),
        "ringkasan": None
        if request.user.peran == Peran.OPERATOR
        else selectors.ringkasan_per_opd(base),
        "boleh_buat": access.may_make_aksi(request.user),
        "tim": access.is_tim_aksi(request.user),
    }
    return render(request, "tindak/aksi/daftar.html", ctx)


@require_GET
@access.menu_required("tindak")
def aksi_rekomendasi(request: HttpRequest) -> HttpResponse:
    """Recommendations that nobody has turned into an action yet: the internal evaluators'
    (published periods, of the penilaian this user may read) and, for the team, the national
    assessor's."""
    user = request.user
    jawaban = Jawaban.objects.filter(penilaian__in=access.penilaian_queryset_for_user(user))
    evaluator = list(selectors.rekomendasi_evaluator(jawaban)[:200])
    nasional = (
        list(selectors.rekomendasi_nasional()[:200])
        if access.is_tim_aksi(user) and access.may_see_nilai_instansi(user)
        else []
    )
    ctx = {
        "evaluator": evaluator,
        "nasional": nasional,
        "boleh_buat": access.may_make_aksi(user, user.opd_id) or access.is_tim_aksi(user),
    }
    return render(request, "tindak/aksi/rekomendasi.html", ctx)


def _id(value) -> int | None:
    value = str(value or "")
    return int(value) if value.isascii() and value.isdigit() else None


def _sumber(request: HttpRequest):
    """The recommendation the action is made from (?jawaban= or ?hasil=), through the access
    rules: outside the user's scope, unpublished, or empty → 404."""
    user = request.user
    data = request.POST if request.method == "POST" else request.GET
    if (pk := _id(data.get("jawaban"))) is not None:
        jawaban = Jawaban.objects.filter(penilaian__in=access.penilaian_queryset_for_user(user))
        found = selectors.rekomendasi_terbit(jawaban).filter(pk=pk).first()
        if found is None:
            raise Http404("Rekomendasi tidak ditemukan atau hasilnya belum dipublikasikan.")
        return found, None
    if (pk := _id(data.get("hasil"))) is not None:
        if not (access.is_tim_aksi(user) and access.may_see_nilai_instansi(user)):
            raise Http404("Rekomendasi tidak ditemukan.")
        found = (
            HasilIndikatorNasional.objects.exclude(rekomendasi="")
            .select_related("putaran__penilaian__periode", "indikator")
            .filter(pk=pk)
            .first()
        )
        if found is None:
            raise Http404("Rekomendasi tidak ditemukan.")
        return None, found
    return None, None


def _indikator_pilihan(jawaban, hasil):
    if jawaban is not None:
        return Indikator.objects.filter(pk=jawaban.indikator_id)
    if hasil is not None:
        return Indikator.objects.filter(pk=hasil.indikator_id)
    periode = Periode.objects.order_by("-tahun").first()
    if periode is None:
        return Indikator.objects.none()
    return Indikator.objects.filter(instrumen_id=periode.instrumen_id).order_by("nomor")


@require_http_methods(["GET", "POST"])
@access.menu_required("tindak")
def aksi_buat(request: HttpRequest) -> HttpResponse:
    user = request.user
    jawaban, hasil = _sumber(request)
    if not (access.is_tim_aksi(user) or (jawaban and access.may_make_aksi(user, user.opd_id))):
        raise PermissionDenied("Peran Anda tidak dapat membuat rencana aksi di sini.")
    sumber = {"jawaban": jawaban} if jawaban else {"hasil_nasional": hasil} if hasil else None
    sudah = RencanaAksi.objects.filter(**sumber).first() if sumber else None
    if sudah is not None:  # followed already (or a second click): show that action
        messages.info(request, "Rekomendasi ini sudah menjadi rencana aksi.")
        return redirect("tindak:aksi", pk=sudah.pk)
    indikator_qs = _indikator_pilihan(jawaban, hasil)
    initial = {}
    if jawaban is not None:
        initial = {"opd": jawaban.penilaian.opd_id, "indikator": jawaban.indikator_id}
    elif hasil is not None:
        pengampu = Pengampu.objects.filter(
            periode=hasil.putaran.penilaian.periode, indikator=hasil.indikator, butir__isnull=True
        ).first()
        initial = {"indikator": hasil.indikator_id, "opd": pengampu.opd_id if pengampu else None}
    elif user.peran == Peran.OPERATOR:
        initial = {"opd": user.opd_id}
    form = AksiForm(
        request.POST or None,
        initial=initial,
        opd_qs=access.aksi_opd_pilihan(user, nasional=hasil is not None).order_by("nama"),
        indikator_qs=indikator_qs,
        indikator_tetap=jawaban is not None or hasil is not None,
    )
    if jawaban is not None and user.peran == Peran.OPERATOR:
        form.fields["opd"].disabled = True
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        tahun = (
            jawaban.penilaian.periode.tahun
            if jawaban
            else hasil.putaran.penilaian.periode.tahun
            if hasil
            else timezone.localdate().year
        )
        try:
            aksi = services.aksi_buat(
                user=user,
                opd=d["opd"],
                uraian=d["uraian"],
                batas=d["batas"],
                tahun=tahun,
                indikator=d["indikator"],
                jawaban=jawaban,
                hasil_nasional=hasil,
            )
        except services.AksiDitolak as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, f"Rencana aksi dibuat untuk {aksi.opd.nama}.")
            return redirect("tindak:aksi", pk=aksi.pk)
    ctx = {"form": form, "jawaban": jawaban, "hasil": hasil}
    return render(request, "tindak/aksi/form.html", ctx)


@require_http_methods(["GET", "POST"])
@access.menu_required("tindak")
def aksi_ubah(request: HttpRequest, pk: int) -> HttpResponse:
    aksi = access.get_aksi_for_user(request.user, pk)
    if not access.is_tim_aksi(request.user):
        raise PermissionDenied("Hanya Admin atau evaluator yang dapat mengubah rencana aksi.")
    sumber = aksi.jawaban_id or aksi.hasil_nasional_id
    form = AksiForm(
        request.POST or None,
        initial={
            "uraian": aksi.uraian,
            "opd": aksi.opd_id,
            "batas": aksi.batas,
            "indikator": aksi.indikator_id,
        },
        opd_qs=access.aksi_opd_pilihan(
            request.user, nasional=bool(aksi.hasil_nasional_id)
        ).order_by("nama")
        | Opd.objects.filter(pk=aksi.opd_id),
        indikator_qs=Indikator.objects.filter(pk=aksi.indikator_id)
        if sumber
        else _indikator_pilihan(None, None) | Indikator.objects.filter(pk=aksi.indikator_id),
        indikator_tetap=bool(sumber),
    )
    if aksi.jawaban_id:  # an evaluator's recommendation stays with the OPD it was written to
        form.fields["opd"].disabled = True
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.aksi_ubah(
                aksi=aksi,
                user=request.user,
                uraian=d["uraian"],
                opd=d["opd"],
                batas=d["batas"],
                indikator=d["indikator"] if not sumber else aksi.indikator,
            )
        except services.AksiDitolak as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "Rencana aksi diperbarui.")
            return redirect("tindak:aksi", pk=aksi.pk)
    return render(
        request,
        "tindak/aksi/form.html",
        {"form": form, "aksi": aksi, "jawaban": None, "hasil": None},
    )


@require_GET
@access.menu_required("tindak")
def aksi(request: HttpRequest, pk: int) -> HttpResponse:
    row = access.get_aksi_for_user(request.user, pk)
    user = request.user
    boleh_kerja = access.may_work_aksi(user, row)
    hari_ini = timezone.localdate()
    ctx = {
        "aksi": row,
        "terlambat": aturan.terlambat(row.status, row.batas, hari_ini),
        "sisa": aturan.sisa_hari(row.batas, hari_ini),
        "lewat": -aturan.sisa_hari(row.batas, hari_ini),
        "terbuka": row.status in aturan.TERBUKA,
        "komentar": row.komentar.select_related("pengguna"),
        "langkah": aturan.langkah_boleh(row.status, tim=access.is_tim_aksi(user))
        if boleh_kerja
        else (),
        "boleh_kerja": boleh_kerja,
        "boleh_ubah": access.is_tim_aksi(user),
        "boleh_bukti": access.may_link_bukti(user, row) and row.status in aturan.TERBUKA,
        "pustaka": dokumen_selectors.pilihan_dokumen(row.opd_id)
        if access.may_link_bukti(user, row) and row.status in aturan.TERBUKA
        else [],
        "form_bukti": BuktiAksiForm(),
        "form_komentar": KomentarForm(),
        "bukti_max_mb": settings.BUKTI_MAX_BYTES // (1024 * 1024),
    }
    return render(request, "tindak/aksi/rinci.html", ctx)


@require_POST
@access.menu_required("tindak")
def aksi_langkah(request: HttpRequest, pk: int) -> HttpResponse:
    row = access.get_aksi_for_user(request.user, pk, write=True)
    ke = request.POST.get("ke", "")
    try:
        row = services.aksi_transisi(
            aksi=row,
            ke=ke,
            user=request.user,
            tim=access.is_tim_aksi(request.user),
            catatan=request.POST.get("catatan", ""),
        )
    except services.LangkahTidakSah as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"Status rencana aksi: {row.get_status_display()}.")
    return redirect("tindak:aksi", pk=pk)


@require_POST
@access.menu_required("tindak")
def aksi_komentar(request: HttpRequest, pk: int) -> HttpResponse:
    row = access.get_aksi_for_user(request.user, pk, write=True)
    form = KomentarForm(request.POST)
    if form.is_valid():
        services.aksi_komentar(aksi=row, user=request.user, teks=form.cleaned_data["teks"])
        messages.success(request, "Komentar ditambahkan.")
    else:
        messages.error(request, "Komentar kosong.")
    return redirect("tindak:aksi", pk=pk)


@require_POST
@access.menu_required("tindak")
def aksi_bukti(request: HttpRequest, pk: int) -> HttpResponse:
    row = access.get_aksi_for_user(request.user, pk, write=True)
    if not access.may_link_bukti(request.user, row):
        raise PermissionDenied(
            "Bukti penyelesaian ditautkan oleh operator OPD PIC dari pustaka dokumennya."
        )
    form = BuktiAksiForm(request.POST, request.FILES)
    if not form.is_valid():
        for e in form.non_field_errors() or ["Data bukti tidak valid."]:
            messages.error(request, e)
        return redirect("tindak:aksi", pk=pk)
    upload = form.cleaned_data.get("berkas")
    try:
        if upload is not None:
            if upload.size > settings.BUKTI_MAX_BYTES:
                raise services.AksiDitolak(
                    f"{upload.name}: berkas terlalu besar; batasnya "
                    f"{settings.BUKTI_MAX_BYTES // (1024 * 1024)} MB."
                )
            services.aksi_bukti(aksi=row, user=request.user, data=upload.read(), nama=upload.name)
        else:
            dokumen = access.get_dokumen_for_user(request.user, form.cleaned_data["dokumen"])
            versi = dokumen.versi.order_by("-nomor").first()
            services.aksi_bukti(aksi=row, user=request.user, versi=versi)
    except (services.AksiDitolak, berkas.BerkasDitolak) as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "Bukti penyelesaian ditautkan.")
    return redirect("tindak:aksi", pk=pk)
