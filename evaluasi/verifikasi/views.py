"""Pages of the verification: the evaluator's queue, assignment of evaluators, the review of
each indicator, evidence validation, revision requests, finalise and reopen."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from evaluasi import states
from evaluasi.aksi import selectors as aksi_selectors
from evaluasi.galat import BelumLengkap, GalatEvaluasi, IsianTidakLengkap, Konflik, Terkunci
from evaluasi.konteks import periode_konteks
from evaluasi.models import AlasanRevisi, Periode, StatusPenilaian
from evaluasi.penilaian import selectors as penilaian_selectors
from evaluasi.verifikasi import selectors as verifikasi_selectors
from evaluasi.verifikasi import services as verifikasi_services
from evaluasi.verifikasi.forms import (
    AlasanForm,
    PenugasanForm,
    PerbaikanForm,
    ReviuButirForm,
    ReviuForm,
    ValidasiBuktiForm,
)
from opd.models import Peran
from spbe_portal import paging
from spbe_portal.access import (
    get_bukti_for_user,
    get_penilaian_for_user,
    may_request_arsip,
    may_see_final,
    penilaian_queryset_for_user,
    role_required,
)
from spbe_portal.htmx import is_htmx, redirect_htmx
from spbe_portal.konfirmasi import dikonfirmasi, halaman_konfirmasi


def antrian_context(request: HttpRequest) -> dict:
    """The evaluator's queue, filtered by period, status and name."""
    konteks = periode_konteks(request)
    daftar_periode, periode = konteks.daftar, konteks.aktif
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


PENUGASAN_PER_HALAMAN = 50  # OPD rows per page of the assignment page


@role_required(Peran.ADMIN)
@require_http_methods(["GET", "POST"])
def penugasan(request: HttpRequest, pk: int) -> HttpResponse:
    """Assign evaluators to OPDs for a period: the OPDs ticked on a page (searched by name or
    code, or only those without an evaluator), all that match, or copy last year's."""
    periode = penilaian_selectors.periode_get(pk)
    q = request.GET.get("q", "").strip()
    belum = request.GET.get("belum") == "1"
    # The POST goes to this URL with its query string, so the redirect keeps the page.
    kembali = (
        f"{reverse('evaluasi:penugasan', kwargs={'pk': periode.pk})}?{request.GET.urlencode()}"
    )
    form = PenugasanForm(request.POST or None, opds=verifikasi_selectors.opd_penugasan(periode))
    if request.method == "POST":
        aksi = request.POST.get("aksi")
        if aksi == "hapus":
            nomor = request.POST.get("penugasan", "")
            deleted = 0
            if nomor.isascii() and nomor.isdigit():
                deleted, _ = periode.penugasan.filter(pk=int(nomor)).delete()
            if deleted:
                messages.success(request, "Penugasan dihapus.")
            else:
                messages.error(request, "Penugasan tidak ditemukan di periode ini.")
            return redirect(kembali)
        if aksi == "salin":
            sebelumnya = Periode.objects.filter(tahun__lt=periode.tahun).order_by("-tahun").first()
            if sebelumnya is None:
                messages.error(request, "Tidak ada periode sebelumnya untuk disalin.")
            else:
                n = verifikasi_services.penugasan_copy(
                    dari=sebelumnya, ke=periode, user=request.user
                )
                messages.success(request, f"{n} penugasan disalin dari {sebelumnya.nama}.")
            return redirect(kembali)
        if form.is_valid():
            opds = list(form.cleaned_data["opd"])
            if form.cleaned_data["semua_cocok"]:
                opds += verifikasi_selectors.opd_penugasan(periode, q=q, belum=belum)
            if form.cleaned_data["tanpa_evaluator"]:
                opds += verifikasi_selectors.opd_tanpa_evaluator(periode)
            n = verifikasi_services.penugasan_add(
                periode=periode,
                evaluator=form.cleaned_data["evaluator"],
                opds=list(dict.fromkeys(opds)),
                user=request.user,
            )
            messages.success(
                request, f"{n} penugasan baru untuk {form.cleaned_data['evaluator'].nama}."
            )
            return redirect(kembali)
    page = paging.potong(
        verifikasi_selectors.opd_penugasan(periode, q=q, belum=belum),
        paging.nomor(request),
        PENUGASAN_PER_HALAMAN,
    )
    ctx = {
        "periode": periode,
        "form": form,
        "page": page,
        "baris": verifikasi_selectors.penugasan_baris(periode, page.object_list),
        "tanpa_evaluator": verifikasi_selectors.opd_penugasan(periode, belum=True).count(),
        "dipilih": set(request.POST.getlist("opd")),  # ticks kept when the form comes back
        "q": q,
        "belum": belum,
        "querystring": paging.querystring(request),
    }
    return render(request, "evaluasi/penugasan.html", ctx)


def _reviu_simpan(request, penilaian, indikator, form: ReviuForm) -> None:
    """Save a validated review form (the per-indicator page and a grid row)."""
    verifikasi_services.reviu_save(
        penilaian=penilaian,
        indikator=indikator,
        user=request.user,
        level_final=form.cleaned_data["level_final"],
        metode=form.cleaned_data["metode"],
        catatan=form.cleaned_data["catatan"],
        rekomendasi=form.cleaned_data["rekomendasi"],
        versi_reviu=form.cleaned_data["versi_reviu"],
        alasan_penyesuaian=form.cleaned_data.get("alasan_penyesuaian", ""),
    )


def _alasan_terkunci_reviu(penilaian) -> str | None:
    """Why the verification of this penilaian cannot change now, or None."""
    return states.alasan_tidak_bisa_mereviu(
        periode_status=penilaian.periode.status, penilaian_status=penilaian.status
    )


def _reviu_context(request, penilaian, nomor: int, form=None, **extra) -> dict:
    page = verifikasi_selectors.reviu_page(
        penilaian, nomor, lihat_final=may_see_final(request.user, penilaian.periode)
    )
    jawaban, indikator = page["jawaban"], page["indikator"]
    butir = penilaian_selectors.butir_halaman(penilaian, indikator, jawaban, lihat_putusan=True)
    if form is None:
        initial = {"versi_reviu": jawaban.versi_reviu if jawaban else 0}
        if jawaban:
            initial.update(
                level_final=jawaban.level_final or jawaban.level,
                metode=jawaban.metode or "dokumen",
                catatan=jawaban.catatan_evaluator,
                rekomendasi=jawaban.rekomendasi,
                alasan_penyesuaian=jawaban.alasan_penyesuaian,
            )
            if butir["punya_butir"] and not jawaban.alasan_penyesuaian:
                initial["level_final"] = None  # computed from the items, not overridden
        form = ReviuForm(initial=initial, indikator=indikator, punya_butir=butir["punya_butir"])
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
        "alasan_revisi": AlasanRevisi.choices,
        # The OPD's open follow-up from earlier years on this indicator (SPEC §14).
        "aksi_terbuka": aksi_selectors.aksi_terbuka(penilaian).get(page["indikator"].id, []),
        **butir,
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
    template = "evaluasi/_reviu_form.html" if is_htmx(request) else "evaluasi/reviu.html"
    indikator = penilaian_selectors.indikator_for(penilaian, nomor)
    punya_butir = indikator.butir.exists()
    form = ReviuForm(request.POST, indikator=indikator, punya_butir=punya_butir)
    if not form.is_valid():
        ctx = _reviu_context(request, penilaian, nomor, form=form)
        return render(request, template, ctx, status=422 if is_htmx(request) else 200)
    try:
        _reviu_simpan(request, penilaian, indikator, form)
    except IsianTidakLengkap as exc:
        form.add_error(None, str(exc))
        ctx = _reviu_context(request, penilaian, nomor, form=form, galat=str(exc))
        return render(request, template, ctx, status=422 if is_htmx(request) else 200)
    except Terkunci as exc:
        if not is_htmx(request):
            raise PermissionDenied(str(exc)) from exc
        ctx = _reviu_context(request, penilaian, nomor, form=form, galat=str(exc))
        return render(request, template, ctx, status=403)
    except Konflik as exc:
        data = request.POST.copy()
        data["versi_reviu"] = exc.jawaban.versi_reviu
        form = ReviuForm(data, indikator=indikator, punya_butir=punya_butir)
        ctx = _reviu_context(request, penilaian, nomor, form=form, konflik=exc.jawaban)
        ctx["form"].is_valid()
        return render(request, template, ctx, status=409)
    penilaian.refresh_from_db()
    berikutnya = (
        request.POST.get("lanjut") and penilaian_selectors.indikator_tetangga(penilaian, nomor)[1]
    )
    if berikutnya:  # Simpan & lanjut
        messages.success(request, f"Verifikasi indikator {nomor} tersimpan.")
        return redirect_htmx(
            request, reverse("evaluasi:reviu", kwargs={"pk": penilaian.pk, "nomor": berikutnya})
        )
    if is_htmx(request):
        return render(
            request, template, _reviu_context(request, penilaian, nomor, tersimpan=timezone.now())
        )
    messages.success(request, f"Verifikasi indikator {nomor} tersimpan.")
    return redirect("evaluasi:reviu", pk=penilaian.pk, nomor=nomor)


@login_required
@require_POST
def reviu_butir(request: HttpRequest, pk: int, nomor: int, butir: int) -> HttpResponse:
    """The verdict on one item (htmx: the items card and the figures it changes come back)."""
    penilaian = get_penilaian_for_user(request.user, pk, review=True)
    alasan = _alasan_terkunci_reviu(penilaian)
    if alasan:  # refused before reading the form: a draft or a closed period
        raise PermissionDenied(alasan)
    indikator = penilaian_selectors.indikator_for(penilaian, nomor)
    item = penilaian_selectors.butir_for(indikator, str(butir))
    form = ReviuButirForm(request.POST)
    galat = None
    if not form.is_valid():
        galat = " ".join(e for errors in form.errors.values() for e in errors)
    else:
        try:
            verifikasi_services.reviu_butir_save(
                penilaian=penilaian,
                indikator=indikator,
                butir=item,
                user=request.user,
                **form.cleaned_data,
            )
        except (IsianTidakLengkap, Konflik) as exc:
            galat = str(exc)
        except Terkunci as exc:
            raise PermissionDenied(str(exc)) from exc
    if is_htmx(request):
        penilaian.refresh_from_db()
        ctx = _reviu_context(request, penilaian, nomor, galat_butir=galat, butir_galat=item.pk)
        status = 200 if galat is None else 422
        return render(request, "evaluasi/_butir_reviu.html", {**ctx, "oob": True}, status=status)
    if galat:
        messages.error(request, f"{item.kode}: {galat}")
    url = reverse("evaluasi:reviu", kwargs={"pk": penilaian.pk, "nomor": nomor})
    return redirect(f"{url}#butir-{item.pk}")


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
    # Items marked "revisi" propose their indicators and a note listing them.
    revisi = verifikasi_selectors.butir_revisi(penilaian)
    initial = {
        "indikator": sorted({r.jawaban.indikator_id for r in revisi}),
        "catatan": "\n".join(
            f"{r.butir.kode}: {r.alasan_tampil}" + (f" — {r.catatan}" if r.catatan else "")
            for r in revisi
        ),
    }
    form = PerbaikanForm(request.POST or None, indikator_qs=indikator_qs, initial=initial)
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
    alasan = _alasan_terkunci_reviu(penilaian)
    if alasan:  # refused before any confirmation: nothing to confirm
        raise PermissionDenied(alasan)
    if not dikonfirmasi(request):
        hasil = verifikasi_selectors.penilaian_hasil_final(penilaian)
        belum = verifikasi_selectors.keterangan_belum_final(penilaian)
        akibat = [
            f"Indeks Final {hasil.indeks:.2f} ({hasil.predikat}) dibekukan; berita acara "
            "dicatat atas nama Anda.".replace(".", ",", 1),
            "Operator melihat hasil final setelah periode dipublikasikan.",
            "Setelah final, hanya Admin yang dapat membukanya kembali, dengan alasan.",
        ]
        if belum:
            akibat.insert(0, f"Finalisasi akan ditolak: {belum}.")
        return halaman_konfirmasi(
            request,
            judul=f"Finalkan verifikasi — {penilaian.opd.nama}",
            akibat=akibat,
            tombol="Ya, finalkan",
            action=reverse("evaluasi:finalkan", kwargs={"pk": penilaian.pk}),
            kembali=reverse("evaluasi:penilaian_detail", kwargs={"pk": penilaian.pk}),
            kembali_label=penilaian.opd.singkatan or penilaian.opd.nama,
        )
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


def _grid_context(request, penilaian) -> dict:
    alasan = _alasan_terkunci_reviu(penilaian)
    return {
        "penilaian": penilaian,
        "boleh_reviu": alasan is None and request.user.peran == Peran.EVALUATOR,
        "terkunci": alasan,
        "metode_pilihan": ReviuForm.base_fields["metode"].choices,
        "lihat_final": may_see_final(request.user, penilaian.periode),
    }


@login_required
@require_GET
def reviu_grid(request: HttpRequest, pk: int) -> HttpResponse:
    """Every indicator of one penilaian on one page: the evaluator decides row by row, each row
    saved on its own (htmx) with the same version guard as the per-indicator page."""
    penilaian = get_penilaian_for_user(request.user, pk)
    if request.user.peran not in (Peran.EVALUATOR, Peran.ADMIN):
        raise PermissionDenied("Halaman verifikasi hanya untuk evaluator dan Admin.")
    ctx = _grid_context(request, penilaian)
    ctx["baris"] = verifikasi_selectors.reviu_grid(penilaian)
    ctx["boleh_arsip"] = may_request_arsip(request.user)
    return render(request, "evaluasi/reviu_grid.html", ctx)


@login_required
@require_POST
def reviu_baris(request: HttpRequest, pk: int, nomor: int) -> HttpResponse:
    """Save one row of the review grid; answers the row again (htmx) or goes back to the grid."""
    penilaian = get_penilaian_for_user(request.user, pk, review=True)
    alasan = _alasan_terkunci_reviu(penilaian)
    if alasan:  # refused before reading the row: a draft or a closed period
        raise PermissionDenied(alasan)
    indikator = penilaian_selectors.indikator_for(penilaian, nomor)
    form = ReviuForm(request.POST, indikator=indikator, punya_butir=indikator.butir.exists())
    extra, status = {}, 200
    if form.is_valid():
        try:
            _reviu_simpan(request, penilaian, indikator, form)
        except Terkunci as exc:
            raise PermissionDenied(str(exc)) from exc
        except IsianTidakLengkap as exc:
            extra, status = {"galat": str(exc)}, 422
        except Konflik as exc:
            extra, status = {"konflik": exc.jawaban}, 409
        else:
            extra = {"tersimpan": timezone.now()}
    else:
        extra, status = {"galat": " ".join(e for errs in form.errors.values() for e in errs)}, 422
    if not is_htmx(request):
        if status == 200:
            messages.success(request, f"Verifikasi indikator {nomor} tersimpan.")
        else:
            sebab = extra.get("galat") or "diubah evaluator lain sejak halaman dibuka"
            messages.error(request, f"Indikator {nomor} belum tersimpan: {sebab}.")
        return redirect(f"{reverse('evaluasi:reviu_grid', kwargs={'pk': pk})}#baris-{nomor}")
    penilaian.refresh_from_db()
    ctx = _grid_context(request, penilaian)
    (row,) = verifikasi_selectors.reviu_grid(penilaian, nomor)
    ctx.update(row=row, **extra)
    if status != 200:
        # Keep what was typed in the row.
        fields = ("level_final", "metode", "catatan", "rekomendasi")
        ctx["isian"] = {name: request.POST.get(name, "") for name in fields}
    return render(request, "evaluasi/_reviu_baris.html", ctx, status=status)
