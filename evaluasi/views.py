"""Pages of the evaluation cycle: instrument browser and administration, the index
simulator, periods (admin), the operator's self-assessment with evidence and submission, and
the evaluator's verification (assignment, review, revision, finalize, reopen, timeline).
Dashboard, results and reports are in views_dasbor."""

from datetime import date

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from evaluasi import scoring, states
from evaluasi.forms import (
    AlasanForm,
    InstrumenImportForm,
    JawabanForm,
    KriteriaForm,
    PenugasanForm,
    PerbaikanForm,
    PeriodeForm,
    ReviuForm,
    SimulasiForm,
    TidakBerlakuForm,
    ValidasiBuktiForm,
)
from evaluasi.galat import BelumLengkap, GalatEvaluasi, IsianTidakLengkap, Konflik, Terkunci
from evaluasi.instrumen import selectors as instrumen_selectors
from evaluasi.instrumen import services as instrumen_services
from evaluasi.instrumen.spreadsheet import read_xlsx, write_xlsx
from evaluasi.models import Instrumen, KriteriaLevel, Periode, StatusPenilaian, StatusPeriode
from evaluasi.penilaian import berkas
from evaluasi.penilaian import selectors as penilaian_selectors
from evaluasi.penilaian import services as penilaian_services
from evaluasi.verifikasi import selectors as verifikasi_selectors
from evaluasi.verifikasi import services as verifikasi_services
from opd.models import Peran
from opd.spreadsheet import SpreadsheetError
from spbe_portal.access import (
    get_bukti_for_user,
    get_penilaian_for_user,
    is_admin,
    may_see_final,
    menu_required,
    penilaian_queryset_for_user,
    role_required,
)
from spbe_portal.files import send_private_file


@require_GET
@menu_required("evaluasi")
def beranda(request: HttpRequest) -> HttpResponse:
    user = request.user
    ctx = {
        "instrumen": instrumen_selectors.instrumen_default(),
        "periode": penilaian_selectors.periode_list() if is_admin(user) else None,
        "penilaian": penilaian_selectors.penilaian_for_operator(user)
        if user.peran == Peran.OPERATOR
        else None,
    }
    if user.peran == Peran.EVALUATOR:
        ctx.update(_antrian_context(request))
    return render(request, "evaluasi/beranda.html", ctx)


def _antrian_context(request: HttpRequest) -> dict:
    """The evaluator's queue, filtered by period, status and name."""
    daftar_periode, periode = penilaian_selectors.periode_pilihan(request.GET.get("periode", ""))
    status = request.GET.get("status", "")
    if status not in dict(StatusPenilaian.choices):
        status = ""
    antrian = verifikasi_selectors.antrian(
        base=penilaian_queryset_for_user(request.user),
        periode=periode,
        status=status,
        q=request.GET.get("q", "").strip(),
    )
    today = timezone.localdate()
    waiting = (StatusPenilaian.DIAJUKAN, StatusPenilaian.DIVERIFIKASI)
    rows = [
        {
            "penilaian": p,
            "menunggu": (today - timezone.localtime(p.diajukan_pada).date()).days
            if p.diajukan_pada and p.status in waiting
            else None,
        }
        for p in antrian
    ]
    return {
        "antrian": rows,
        "daftar_periode": daftar_periode,
        "periode_aktif": periode,
        "status_pilihan": StatusPenilaian.choices,
        "status_aktif": status,
        "q": request.GET.get("q", ""),
    }


def _get_instrumen(pk: int) -> Instrumen:
    # Instruments are shared reference data: every role may read every instrument.
    try:
        return Instrumen.objects.get(pk=pk)
    except Instrumen.DoesNotExist:
        raise Http404("Instrumen tidak ditemukan.") from None


@require_GET
@menu_required("instrumen")
def instrumen_daftar(request: HttpRequest) -> HttpResponse:
    ctx = {"daftar": instrumen_selectors.instrumen_list(), "boleh_kelola": is_admin(request.user)}
    return render(request, "evaluasi/instrumen_daftar.html", ctx)


@require_GET
@menu_required("instrumen")
def instrumen_detail(request: HttpRequest, pk: int) -> HttpResponse:
    instrumen = _get_instrumen(pk)
    ctx = {
        "instrumen": instrumen,
        "boleh_kelola": is_admin(request.user),
        **instrumen_selectors.instrumen_tree(instrumen),
    }
    return render(request, "evaluasi/instrumen_detail.html", ctx)


@require_GET
@menu_required("instrumen")
def instrumen_ekspor(request: HttpRequest, pk: int) -> HttpResponse:
    instrumen = _get_instrumen(pk)
    content = write_xlsx(instrumen_selectors.instrumen_data(instrumen))
    response = HttpResponse(
        content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="instrumen-{instrumen.kode}.xlsx"'
    return response


@role_required(Peran.ADMIN)
@require_http_methods(["GET", "POST"])
def instrumen_impor(request: HttpRequest) -> HttpResponse:
    form = InstrumenImportForm(request.POST or None, request.FILES or None)
    ctx = {"form": form, "galat": []}
    if request.method == "POST" and form.is_valid():
        try:
            data, galat = read_xlsx(form.content, max_rows=settings.IMPORT_MAX_ROWS)
        except SpreadsheetError as exc:
            form.add_error("berkas", str(exc))
            return render(request, "evaluasi/instrumen_impor.html", ctx)
        if galat:
            ctx["galat"] = galat
            return render(request, "evaluasi/instrumen_impor.html", ctx)
        try:
            instrumen = instrumen_services.instrumen_save(data=data)
        except instrumen_services.InstrumenTerkunci as exc:
            form.add_error("berkas", str(exc))
            return render(request, "evaluasi/instrumen_impor.html", ctx)
        messages.success(request, f"Instrumen {instrumen.nama} tersimpan.")
        return redirect("evaluasi:instrumen_detail", pk=instrumen.pk)
    return render(request, "evaluasi/instrumen_impor.html", ctx)


@role_required(Peran.ADMIN)
@require_POST
def instrumen_salin(request: HttpRequest, pk: int) -> HttpResponse:
    instrumen = _get_instrumen(pk)
    versi = Instrumen.objects.filter(kode__startswith=f"{instrumen.kode}-v").count() + 2
    while Instrumen.objects.filter(kode=f"{instrumen.kode}-v{versi}").exists():
        versi += 1
    salinan = instrumen_services.instrumen_copy(
        instrumen=instrumen,
        data=instrumen_selectors.instrumen_data(instrumen),
        kode=f"{instrumen.kode}-v{versi}",
        nama=f"{instrumen.nama} (versi {versi})",
    )
    messages.success(request, f"Salinan {salinan.nama} dibuat dan dapat diubah.")
    return redirect("evaluasi:instrumen_detail", pk=salinan.pk)


@role_required(Peran.ADMIN)
@require_POST
def instrumen_bawaan(request: HttpRequest, pk: int) -> HttpResponse:
    instrumen = _get_instrumen(pk)
    instrumen_services.instrumen_set_default(instrumen=instrumen)
    messages.success(request, f"{instrumen.nama} menjadi instrumen bawaan.")
    return redirect("evaluasi:instrumen_detail", pk=instrumen.pk)


@role_required(Peran.ADMIN)
@require_http_methods(["GET", "POST"])
def kriteria_ubah(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        kriteria = KriteriaLevel.objects.select_related("indikator__instrumen").get(pk=pk)
    except KriteriaLevel.DoesNotExist:
        raise Http404("Kriteria tidak ditemukan.") from None
    instrumen = kriteria.indikator.instrumen
    if instrumen.terkunci:
        raise PermissionDenied(str(instrumen_services.InstrumenTerkunci(instrumen)))
    initial = {"nama": kriteria.nama, "deskripsi": kriteria.deskripsi, "bukti": kriteria.bukti}
    form = KriteriaForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        instrumen_services.kriteria_update(kriteria=kriteria, **form.cleaned_data)
        messages.success(
            request,
            f"Kriteria indikator {kriteria.indikator.nomor} level {kriteria.level} disimpan.",
        )
        url = reverse("evaluasi:instrumen_detail", kwargs={"pk": instrumen.pk})
        return redirect(f"{url}#indikator-{kriteria.indikator.nomor}")
    ctx = {"form": form, "kriteria": kriteria, "instrumen": instrumen}
    return render(request, "evaluasi/kriteria_form.html", ctx)


# --- Simulator ------------------------------------------------------------------------------


def _simulasi_context(request: HttpRequest) -> dict:
    pilihan = instrumen_selectors.instrumen_list().order_by("-bawaan", "nama")
    pk = request.POST.get("instrumen") or request.GET.get("instrumen")
    instrumen = None
    if pk and str(pk).isdigit():
        instrumen = pilihan.filter(pk=pk).first()
    instrumen = instrumen or instrumen_selectors.instrumen_default() or pilihan.first()
    if instrumen is None:
        return {"instrumen": None, "pilihan": pilihan}
    tree = instrumen_selectors.instrumen_tree(instrumen)
    definition = instrumen_selectors.scoring_def(instrumen)
    bound = request.method == "POST"
    data = request.POST.copy() if bound else None
    isi = data.get("isi", "") if data is not None else ""
    if isi in {"0", "1", "2", "3", "4", "5"}:
        # "Isi semua level n": every applicable indicator gets the same level.
        for n in definition.nomor:
            data[f"l_{n}"] = isi
    form = SimulasiForm(data, nomor=definition.nomor)
    ctx = {"instrumen": instrumen, "pilihan": pilihan, "form": form, **tree}
    if bound and form.is_valid():
        ctx["hasil"] = scoring.hitung(definition, form.levels, form.na)
        ctx["gap"] = scoring.analisis_gap(definition, form.levels, form.na)
        ctx["levels"] = form.levels
        ctx["na"] = form.na
    else:
        ctx["levels"] = dict.fromkeys(definition.nomor, 0)
        ctx["na"] = set()
    ctx["warna"] = {p.nama: p.warna for p in tree["predikat"]}
    ctx["nama_aspek"] = {a.nomor: a.nama for d in tree["domain"] for a in d["aspek"]}
    ctx["nama_domain"] = {
        d["domain"].nomor: d["domain"].nama for d in tree["domain"] if d["domain"]
    }
    ctx["nama_indikator"] = {
        i.nomor: i.nama for d in tree["domain"] for a in d["aspek"] for i in a.indikator.all()
    }
    return ctx


@menu_required("simulasi")
@require_http_methods(["GET", "POST"])
def simulasi(request: HttpRequest) -> HttpResponse:
    """The simulator page; a plain POST (no JavaScript) recomputes and re-renders it."""
    return render(request, "evaluasi/simulasi.html", _simulasi_context(request))


@menu_required("simulasi")
@require_POST
def simulasi_hitung(request: HttpRequest) -> HttpResponse:
    """htmx endpoint: only the result panel."""
    return render(request, "evaluasi/_simulasi_hasil.html", _simulasi_context(request))


# --- Periode (admin) ------------------------------------------------------------------------


def _get_periode(pk: int) -> Periode:
    try:
        return Periode.objects.select_related("instrumen").get(pk=pk)
    except Periode.DoesNotExist:
        raise Http404("Periode tidak ditemukan.") from None


@role_required(Peran.ADMIN)
@require_http_methods(["GET", "POST"])
def periode_tambah(request: HttpRequest) -> HttpResponse:
    tahun = timezone.localdate().year
    initial = {
        "nama": f"Evaluasi SPBE OPD – {tahun}",
        "tahun": tahun,
        "tahun_tpp": tahun + 1,
        "instrumen": instrumen_selectors.instrumen_default(),
        "mulai_pengisian": date(tahun, 1, 1),
        "batas_pengisian": date(tahun, 11, 30),
        "batas_verifikasi": date(tahun, 12, 20),
    }
    form = PeriodeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        periode = penilaian_services.periode_create(data=form.cleaned_data)
        messages.success(request, f"{periode.nama} dibuat dengan status Persiapan.")
        return redirect("evaluasi:periode_detail", pk=periode.pk)
    return render(request, "evaluasi/periode_form.html", {"form": form, "judul": "Periode baru"})


@role_required(Peran.ADMIN)
@require_http_methods(["GET", "POST"])
def periode_ubah(request: HttpRequest, pk: int) -> HttpResponse:
    periode = _get_periode(pk)
    form = PeriodeForm(request.POST or None, instance=periode)
    if request.method == "POST" and form.is_valid():
        try:
            penilaian_services.periode_update(periode=periode, data=form.cleaned_data)
        except states.TransisiTidakSah as exc:
            form.add_error("instrumen", str(exc))
        else:
            messages.success(request, "Perubahan periode disimpan.")
            return redirect("evaluasi:periode_detail", pk=periode.pk)
    ctx = {"form": form, "judul": f"Ubah {periode.nama}", "periode": periode}
    return render(request, "evaluasi/periode_form.html", ctx)


@require_GET
@role_required(Peran.ADMIN)
def periode_detail(request: HttpRequest, pk: int) -> HttpResponse:
    periode = _get_periode(pk)
    ctx = {
        "periode": periode,
        "daftar": penilaian_selectors.periode_penilaian(periode),
        "berikutnya": states.PERIODE_NEXT.get(periode.status),
        "berikutnya_label": dict(StatusPeriode.choices).get(
            states.PERIODE_NEXT.get(periode.status), ""
        ),
    }
    return render(request, "evaluasi/periode_detail.html", ctx)


@role_required(Peran.ADMIN)
@require_POST
def periode_lanjut(request: HttpRequest, pk: int) -> HttpResponse:
    periode = _get_periode(pk)
    try:
        # The expected status is checked under the row lock, not here: see periode_advance.
        periode, created = penilaian_services.periode_advance(
            periode=periode, dari=request.POST.get("dari", "")
        )
    except states.TransisiTidakSah as exc:
        messages.error(request, str(exc))
    else:
        extra = f" {created} penilaian OPD dibuat." if created else ""
        messages.success(request, f"Status periode menjadi {periode.get_status_display()}.{extra}")
    return redirect("evaluasi:periode_detail", pk=periode.pk)


@role_required(Peran.ADMIN)
@require_http_methods(["GET", "POST"])
def penilaian_tidak_berlaku(request: HttpRequest, pk: int) -> HttpResponse:
    penilaian = get_penilaian_for_user(request.user, pk)
    instrumen = penilaian.periode.instrumen
    current = [t.indikator for t in penilaian.tidak_berlaku.select_related("indikator")]
    form = TidakBerlakuForm(
        request.POST or None, instrumen=instrumen, initial={"indikator": current}
    )
    if request.method == "POST" and form.is_valid():
        try:
            penilaian_services.tidak_berlaku_set(
                penilaian=penilaian,
                indikator=list(form.cleaned_data["indikator"]),
                user=request.user,
                alasan=form.cleaned_data["alasan"],
            )
        except states.TransisiTidakSah as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request, f"Indikator tidak berlaku untuk {penilaian.opd.nama} disimpan."
            )
            return redirect("evaluasi:periode_detail", pk=penilaian.periode_id)
    return render(request, "evaluasi/tidak_berlaku.html", {"form": form, "penilaian": penilaian})


# --- Penilaian mandiri (operator) -----------------------------------------------------------


def _is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def _alasan_terkunci(penilaian, indikator=None) -> str | None:
    try:
        penilaian_services.ensure_operator_can_edit(penilaian, indikator)
    except Terkunci as exc:
        return str(exc)
    return None


@require_GET
@login_required
def penilaian_detail(request: HttpRequest, pk: int) -> HttpResponse:
    penilaian = get_penilaian_for_user(request.user, pk)
    periode = penilaian.periode
    user = request.user
    boleh_isi = user.peran == Peran.OPERATOR
    try:
        verifikasi_services.ensure_evaluator_can_review(penilaian)
        boleh_reviu = user.peran == Peran.EVALUATOR
    except Terkunci:
        boleh_reviu = False
    ctx = {
        "penilaian": penilaian,
        "periode": periode,
        "terkunci": _alasan_terkunci(penilaian),
        "boleh_isi": boleh_isi,
        "boleh_reviu": boleh_reviu,
        "evaluator": user.peran == Peran.EVALUATOR,
        "lihat_final": may_see_final(user, periode),
        "sisa_hari": (periode.batas_pengisian - timezone.localdate()).days,
        "lewat_hari": (timezone.localdate() - periode.batas_pengisian).days,
        **penilaian_selectors.penilaian_overview(penilaian),
    }
    return render(request, "evaluasi/penilaian_detail.html", ctx)


def _jawaban_context(request, penilaian, nomor: int, form=None, **extra) -> dict:
    page = penilaian_selectors.jawaban_page(
        penilaian, nomor, lihat_final=may_see_final(request.user, penilaian.periode)
    )
    jawaban = page["jawaban"]
    if form is None:
        initial = {"versi": jawaban.versi if jawaban else 0}
        if jawaban:
            initial.update(
                level=jawaban.level, penjelasan=jawaban.penjelasan, tautan=jawaban.tautan
            )
        form = JawabanForm(initial=initial)
    terkunci = _alasan_terkunci(penilaian, page["indikator"])
    if page["tidak_berlaku"]:
        terkunci = "Indikator ini ditandai tidak berlaku untuk OPD Anda; tidak perlu diisi."
    return {
        "penilaian": penilaian,
        "form": form,
        "terkunci": terkunci,
        "boleh_isi": request.user.peran == Peran.OPERATOR and not terkunci,
        "lihat_final": may_see_final(request.user, penilaian.periode),
        "level_terpilih": form["level"].value(),
        "batas_mb": settings.BUKTI_MAX_BYTES // (1024 * 1024),
        **page,
        **extra,
    }


@login_required
@require_http_methods(["GET", "POST"])
def jawaban(request: HttpRequest, pk: int, nomor: int) -> HttpResponse:
    """One indicator: the level, explanation and links (saved here) and the evidence files."""
    if request.method == "GET":
        penilaian = get_penilaian_for_user(request.user, pk)
        return render(request, "evaluasi/jawaban.html", _jawaban_context(request, penilaian, nomor))

    penilaian = get_penilaian_for_user(request.user, pk, write=True)
    template = "evaluasi/_jawaban_form.html" if _is_htmx(request) else "evaluasi/jawaban.html"
    indikator = penilaian_selectors.indikator_for(penilaian, nomor)
    form = JawabanForm(request.POST)
    if not form.is_valid():
        ctx = _jawaban_context(request, penilaian, nomor, form=form)
        return render(request, template, ctx, status=422 if _is_htmx(request) else 200)
    try:
        penilaian_services.jawaban_save(
            penilaian=penilaian,
            indikator=indikator,
            user=request.user,
            level=form.cleaned_data["level"],
            penjelasan=form.cleaned_data["penjelasan"],
            tautan=form.cleaned_data["tautan"],
            versi=form.cleaned_data["versi"],
        )
    except Terkunci as exc:
        if not _is_htmx(request):
            raise PermissionDenied(str(exc)) from exc
        ctx = _jawaban_context(request, penilaian, nomor, form=form, galat=str(exc))
        return render(request, template, ctx, status=403)
    except Konflik as exc:
        # Keep what this user typed, but move the form to the newest version: saving again
        # is then a deliberate overwrite, and the newer values are shown next to it.
        data = request.POST.copy()
        data["versi"] = exc.jawaban.versi
        ctx = _jawaban_context(
            request, penilaian, nomor, form=JawabanForm(data), konflik=exc.jawaban
        )
        ctx["form"].is_valid()
        return render(request, template, ctx, status=409)
    if _is_htmx(request):
        ctx = _jawaban_context(request, penilaian, nomor, tersimpan=timezone.now())
        return render(request, template, ctx)
    messages.success(request, f"Indikator {nomor} tersimpan.")
    return redirect("evaluasi:jawaban", pk=penilaian.pk, nomor=nomor)


@login_required
@require_POST
def bukti_unggah(request: HttpRequest, pk: int, nomor: int) -> HttpResponse:
    penilaian = get_penilaian_for_user(request.user, pk, write=True)
    indikator = penilaian_selectors.indikator_for(penilaian, nomor)
    files = request.FILES.getlist("berkas")
    if not files:
        messages.error(request, "Pilih berkas yang akan diunggah.")
    for upload in files:
        if upload.size > settings.BUKTI_MAX_BYTES:
            messages.error(
                request,
                f"{upload.name}: berkas terlalu besar; batasnya "
                f"{settings.BUKTI_MAX_BYTES // (1024 * 1024)} MB.",
            )
            continue
        try:
            penilaian_services.bukti_upload(
                penilaian=penilaian,
                indikator=indikator,
                user=request.user,
                data=upload.read(),
                nama=upload.name,
            )
        except Terkunci as exc:
            raise PermissionDenied(str(exc)) from exc
        except berkas.BerkasDitolak as exc:
            messages.error(request, f"{upload.name}: {exc}")
        else:
            messages.success(request, f"{upload.name} diunggah.")
    return redirect(f"{reverse('evaluasi:jawaban', kwargs={'pk': pk, 'nomor': nomor})}#bukti")


@require_GET
@login_required
@xframe_options_sameorigin  # the inline preview is shown in an iframe of our own page
def bukti_unduh(request: HttpRequest, pk: int) -> HttpResponse:
    bukti = get_bukti_for_user(request.user, pk)
    inline = request.GET.get("pratinjau") == "1" and bukti.bisa_pratinjau
    nama = berkas.download_name(bukti.nama_asli, bukti.jenis)
    return send_private_file(bukti.path, content_type=bukti.jenis, filename=nama, inline=inline)


def _bukti_action(request: HttpRequest, pk: int, action) -> HttpResponse:
    bukti = get_bukti_for_user(request.user, pk, write=True)
    try:
        action(bukti=bukti, user=request.user)
    except Terkunci as exc:
        raise PermissionDenied(str(exc)) from exc
    except berkas.BerkasDitolak as exc:
        messages.error(request, str(exc))
    jawaban = bukti.jawaban
    url = reverse(
        "evaluasi:jawaban", kwargs={"pk": jawaban.penilaian_id, "nomor": jawaban.indikator.nomor}
    )
    return redirect(f"{url}#bukti")


@login_required
@require_POST
def bukti_hapus(request: HttpRequest, pk: int) -> HttpResponse:
    return _bukti_action(request, pk, penilaian_services.bukti_remove)


@login_required
@require_POST
def bukti_pulihkan(request: HttpRequest, pk: int) -> HttpResponse:
    return _bukti_action(request, pk, penilaian_services.bukti_restore)


@login_required
@require_POST
def penilaian_ajukan(request: HttpRequest, pk: int) -> HttpResponse:
    penilaian = get_penilaian_for_user(request.user, pk, write=True)
    try:
        penilaian_services.penilaian_submit(penilaian=penilaian, user=request.user)
    except Terkunci as exc:
        raise PermissionDenied(str(exc)) from exc
    except (BelumLengkap, states.TransisiTidakSah) as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            "Penilaian mandiri diajukan. Evaluator akan diberi tahu lewat email; "
            "unduh tanda terima untuk arsip Anda.",
        )
    return redirect("evaluasi:penilaian_detail", pk=penilaian.pk)


@require_GET
@login_required
def penilaian_tanda_terima(request: HttpRequest, pk: int) -> HttpResponse:
    """PDF receipt of a submission: what was submitted, when and by whom."""
    penilaian = get_penilaian_for_user(request.user, pk)
    if penilaian.diajukan_pada is None:
        raise PermissionDenied("Tanda terima tersedia setelah penilaian diajukan.")
    ctx = {
        "penilaian": penilaian,
        "pemda": settings.PEMDA_NAMA,
        "dicetak": timezone.now(),
        **penilaian_selectors.penilaian_overview(penilaian),
        "bukti": penilaian_selectors.penilaian_bukti(penilaian),
    }
    html = render_to_string("evaluasi/tanda_terima.html", ctx, request=request)
    import weasyprint  # heavy (Pango, fonts): loaded only when a PDF is asked for

    pdf = weasyprint.HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf()
    response = HttpResponse(pdf, content_type="application/pdf")
    tahun = penilaian.periode.tahun
    response["Content-Disposition"] = (
        f'attachment; filename="tanda-terima-{penilaian.opd.kode}-{tahun}.pdf"'
    )
    return response


# --- Verification (evaluator) and its administration ----------------------------------------


@role_required(Peran.ADMIN)
@require_http_methods(["GET", "POST"])
def penugasan(request: HttpRequest, pk: int) -> HttpResponse:
    """Assign evaluators to OPDs for a period: several OPDs at once, or copy last year's."""
    periode = _get_periode(pk)
    form = PenugasanForm(request.POST or None)
    if request.method == "POST":
        aksi = request.POST.get("aksi")
        if aksi == "hapus":
            deleted, _ = periode.penugasan.filter(pk=request.POST.get("penugasan") or 0).delete()
            messages.success(
                request, "Penugasan dihapus." if deleted else "Penugasan tidak ditemukan."
            )
            return redirect("evaluasi:penugasan", pk=periode.pk)
        if aksi == "salin":
            sebelumnya = Periode.objects.filter(tahun__lt=periode.tahun).order_by("-tahun").first()
            if sebelumnya is None:
                messages.error(request, "Tidak ada periode sebelumnya untuk disalin.")
            else:
                n = verifikasi_services.penugasan_copy(
                    dari=sebelumnya, ke=periode, user=request.user
                )
                messages.success(request, f"{n} penugasan disalin dari {sebelumnya.nama}.")
            return redirect("evaluasi:penugasan", pk=periode.pk)
        if form.is_valid():
            n = verifikasi_services.penugasan_add(
                periode=periode,
                evaluator=form.cleaned_data["evaluator"],
                opds=list(form.cleaned_data["opd"]),
                user=request.user,
            )
            messages.success(
                request, f"{n} penugasan baru untuk {form.cleaned_data['evaluator'].nama}."
            )
            return redirect("evaluasi:penugasan", pk=periode.pk)
    ctx = {"periode": periode, "form": form, **verifikasi_selectors.penugasan_matrix(periode)}
    return render(request, "evaluasi/penugasan.html", ctx)


def _reviu_context(request, penilaian, nomor: int, form=None, **extra) -> dict:
    page = verifikasi_selectors.reviu_page(
        penilaian, nomor, lihat_final=may_see_final(request.user, penilaian.periode)
    )
    jawaban = page["jawaban"]
    if form is None:
        initial = {"versi_reviu": jawaban.versi_reviu if jawaban else 0}
        if jawaban:
            initial.update(
                level_final=jawaban.level_final or jawaban.level,
                metode=jawaban.metode or "dokumen",
                catatan=jawaban.catatan_evaluator,
                rekomendasi=jawaban.rekomendasi,
            )
        form = ReviuForm(initial=initial)
    try:
        verifikasi_services.ensure_evaluator_can_review(penilaian)
        terkunci = None
    except Terkunci as exc:
        terkunci = str(exc)
    if page["tidak_berlaku"]:
        terkunci = "Indikator ini tidak berlaku untuk OPD ini."
    return {
        "penilaian": penilaian,
        "form": form,
        "terkunci": terkunci,
        "boleh_reviu": request.user.peran == Peran.EVALUATOR and not terkunci,
        "level_final_terpilih": form["level_final"].value(),
        **page,
        **extra,
    }


@login_required
@require_http_methods(["GET", "POST"])
def reviu(request: HttpRequest, pk: int, nomor: int) -> HttpResponse:
    """Verify one indicator: the operator's answer and evidence beside the criteria."""
    if request.method == "GET":
        penilaian = get_penilaian_for_user(request.user, pk)
        if request.user.peran not in (Peran.EVALUATOR, Peran.ADMIN):
            raise PermissionDenied("Halaman verifikasi hanya untuk evaluator dan Admin.")
        return render(request, "evaluasi/reviu.html", _reviu_context(request, penilaian, nomor))

    penilaian = get_penilaian_for_user(request.user, pk, review=True)
    template = "evaluasi/_reviu_form.html" if _is_htmx(request) else "evaluasi/reviu.html"
    indikator = penilaian_selectors.indikator_for(penilaian, nomor)
    form = ReviuForm(request.POST)
    if not form.is_valid():
        ctx = _reviu_context(request, penilaian, nomor, form=form)
        return render(request, template, ctx, status=422 if _is_htmx(request) else 200)
    try:
        verifikasi_services.reviu_save(
            penilaian=penilaian,
            indikator=indikator,
            user=request.user,
            level_final=form.cleaned_data["level_final"],
            metode=form.cleaned_data["metode"],
            catatan=form.cleaned_data["catatan"],
            rekomendasi=form.cleaned_data["rekomendasi"],
            versi_reviu=form.cleaned_data["versi_reviu"],
        )
    except Terkunci as exc:
        if not _is_htmx(request):
            raise PermissionDenied(str(exc)) from exc
        ctx = _reviu_context(request, penilaian, nomor, form=form, galat=str(exc))
        return render(request, template, ctx, status=403)
    except Konflik as exc:
        data = request.POST.copy()
        data["versi_reviu"] = exc.jawaban.versi_reviu
        ctx = _reviu_context(request, penilaian, nomor, form=ReviuForm(data), konflik=exc.jawaban)
        ctx["form"].is_valid()
        return render(request, template, ctx, status=409)
    penilaian.refresh_from_db()
    if _is_htmx(request):
        return render(
            request, template, _reviu_context(request, penilaian, nomor, tersimpan=timezone.now())
        )
    messages.success(request, f"Verifikasi indikator {nomor} tersimpan.")
    return redirect("evaluasi:reviu", pk=penilaian.pk, nomor=nomor)


@login_required
@require_POST
def bukti_validasi(request: HttpRequest, pk: int) -> HttpResponse:
    bukti = get_bukti_for_user(request.user, pk, review=True)
    form = ValidasiBuktiForm(request.POST)
    jawaban = bukti.jawaban
    url = reverse(
        "evaluasi:reviu", kwargs={"pk": jawaban.penilaian_id, "nomor": jawaban.indikator.nomor}
    )
    if not form.is_valid():
        messages.error(request, "Pilih valid atau tidak valid.")
        return redirect(f"{url}#bukti")
    try:
        verifikasi_services.bukti_validate(
            bukti=bukti,
            user=request.user,
            valid=form.cleaned_data["valid"],
            alasan=form.cleaned_data["alasan"],
        )
    except IsianTidakLengkap as exc:  # a reason is needed for "tidak valid"
        messages.error(request, str(exc))
    except Terkunci as exc:
        raise PermissionDenied(str(exc)) from exc
    return redirect(f"{url}#bukti")


@login_required
@require_http_methods(["GET", "POST"])
def perbaikan(request: HttpRequest, pk: int) -> HttpResponse:
    """Send chosen indicators back to the operator with a note (Minta perbaikan)."""
    penilaian = get_penilaian_for_user(request.user, pk, review=True)
    indikator_qs = penilaian.periode.instrumen.indikator.order_by("nomor").exclude(
        pk__in=penilaian.tidak_berlaku.values("indikator")
    )
    form = PerbaikanForm(request.POST or None, indikator_qs=indikator_qs)
    if request.method == "POST" and form.is_valid():
        try:
            verifikasi_services.perbaikan_request(
                penilaian=penilaian,
                user=request.user,
                indikator=list(form.cleaned_data["indikator"]),
                catatan=form.cleaned_data["catatan"],
            )
        except IsianTidakLengkap as exc:
            form.add_error(None, str(exc))
        except Terkunci as exc:
            raise PermissionDenied(str(exc)) from exc
        else:
            messages.success(request, "Permintaan perbaikan dikirim ke operator OPD.")
            return redirect("evaluasi:penilaian_detail", pk=penilaian.pk)
    return render(request, "evaluasi/perbaikan.html", {"form": form, "penilaian": penilaian})


@login_required
@require_POST
def finalkan(request: HttpRequest, pk: int) -> HttpResponse:
    penilaian = get_penilaian_for_user(request.user, pk, review=True)
    try:
        penilaian = verifikasi_services.reviu_finalize(penilaian=penilaian, user=request.user)
    except Terkunci as exc:
        raise PermissionDenied(str(exc)) from exc
    except BelumLengkap as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            f"Penilaian difinalkan: Indeks Final {penilaian.indeks_final:.2f} "
            f"({penilaian.predikat_final}). Berita acara tercatat.".replace(".", ",", 1),
        )
    return redirect("evaluasi:penilaian_detail", pk=penilaian.pk)


@role_required(Peran.ADMIN)
@require_http_methods(["GET", "POST"])
def buka_kembali(request: HttpRequest, pk: int) -> HttpResponse:
    penilaian = get_penilaian_for_user(request.user, pk)
    form = AlasanForm(request.POST or None, tombol="Buka kembali")
    if request.method == "POST" and form.is_valid():
        try:
            verifikasi_services.penilaian_reopen(
                penilaian=penilaian, user=request.user, alasan=form.cleaned_data["alasan"]
            )
        except GalatEvaluasi as exc:  # not final, already published, or no reason
            messages.error(request, str(exc))
        else:
            messages.success(request, "Penilaian dibuka kembali untuk verifikasi; alasan tercatat.")
        return redirect("evaluasi:penilaian_detail", pk=penilaian.pk)
    return render(request, "evaluasi/buka_kembali.html", {"form": form, "penilaian": penilaian})


@require_GET
@login_required
def penilaian_riwayat(request: HttpRequest, pk: int) -> HttpResponse:
    """The per-penilaian timeline: every change and every berita acara."""
    penilaian = get_penilaian_for_user(request.user, pk)
    lihat_final = may_see_final(request.user, penilaian.periode)
    ctx = {
        "penilaian": penilaian,
        "lihat_final": lihat_final,
        **penilaian_selectors.penilaian_timeline(penilaian, lihat_final=lihat_final),
    }
    return render(request, "evaluasi/riwayat.html", ctx)
