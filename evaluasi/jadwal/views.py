"""Pages of the interview and visit schedule (SPEC §14) under /tindak-lanjut/jadwal/: the
list, one session, scheduling and changing (Admin; evaluators for their assigned OPDs),
cancelling, the invitation, the berita acara (form and PDF) and the .ics download. Scope
and rights come from `spbe_portal.access` (jadwal.py); the writes from `services`."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from evaluasi.jadwal import aturan, selectors, services, undangan
from evaluasi.jadwal.forms import BatalForm, BeritaAcaraForm, SesiForm, TindakLanjutFormSet
from evaluasi.konteks import periode_konteks
from evaluasi.models import Indikator, JenisSesi, Periode, StatusSesi
from opd.models import Opd
from spbe_portal.access import (
    get_sesi_for_user,
    may_change_sesi,
    may_schedule_sesi,
    may_write_berita_acara,
    menu_required,
    opd_jadwal_for_user,
    periode_jadwal_for_user,
    sesi_queryset_for_user,
)


def _id(value: str | None) -> int:
    """An id from the query string; anything but plain digits is 0 (no filter)."""
    return int(value) if value and value.isascii() and value.isdigit() else 0


@require_GET
@menu_required("tindak")
def jadwal(request: HttpRequest) -> HttpResponse:
    base = sesi_queryset_for_user(request.user)
    if "periode" in request.GET:
        periode_id = _id(request.GET.get("periode"))
    else:  # first visit: the period the header is set to
        aktif = periode_konteks(request).aktif
        periode_id = aktif.pk if aktif else 0
    opd_id = _id(request.GET.get("opd"))
    jenis = request.GET.get("jenis", "")
    jenis = jenis if jenis in JenisSesi.values else ""
    ctx = {
        **selectors.daftar_sesi(base, periode_id=periode_id, opd_id=opd_id, jenis=jenis),
        "pilihan_periode": Periode.objects.order_by("-tahun"),
        "pilihan_opd": Opd.objects.filter(pk__in=base.values("opd_id")).order_by("urutan", "nama"),
        "pilihan_jenis": JenisSesi.choices,
        "f_periode": periode_id,
        "f_opd": opd_id,
        "f_jenis": jenis,
        "boleh_jadwalkan": may_schedule_sesi(request.user),
        "Status": StatusSesi,
    }
    return render(request, "tindak/jadwal/daftar.html", ctx)


def _simpan(request: HttpRequest, form: SesiForm, sesi=None):
    """Save a valid form; the refusal (rule, or an OPD not assigned to this evaluator in that
    period) becomes a form error. Returns the session or None."""
    data = form.data_sesi()
    if not opd_jadwal_for_user(request.user, data.periode).filter(pk=data.opd.pk).exists():
        form.add_error("opd", "OPD ini tidak ditugaskan kepada Anda pada periode tersebut.")
        return None
    try:
        return services.sesi_simpan(
            user=request.user,
            data=data,
            sesi=sesi,
            kirim_undangan=form.cleaned_data["kirim_undangan"],
        )
    except services.SesiTidakSah as exc:
        form.add_error(None, str(exc))
        return None


def _form(request: HttpRequest, **kwargs) -> SesiForm:
    return SesiForm(
        request.POST or None,
        opd_qs=opd_jadwal_for_user(request.user),
        periode_qs=periode_jadwal_for_user(request.user),
        **kwargs,
    )


@require_http_methods(["GET", "POST"])
@menu_required("tindak")
def jadwal_tambah(request: HttpRequest) -> HttpResponse:
    if not may_schedule_sesi(request.user):
        raise PermissionDenied("Jadwal disusun oleh Admin atau evaluator OPD yang ditugaskan.")
    aktif = periode_konteks(request).aktif
    form = _form(request, initial={"periode": aktif.pk if aktif else None, "kirim_undangan": True})
    if request.method == "POST" and form.is_valid():
        sesi = _simpan(request, form)
        if sesi is not None:
            messages.success(request, _pesan_simpan(sesi, baru=True))
            return redirect("tindak:jadwal_detail", pk=sesi.pk)
    return render(request, "tindak/jadwal/form.html", {"form": form, "sesi": None})


def _pesan_simpan(sesi, *, baru: bool) -> str:
    kata = "dijadwalkan" if baru else "disimpan"
    if sesi.undangan_urutan == sesi.urutan:
        return f"Sesi {kata}; undangan (.ics) masuk antrean surel."
    return f"Sesi {kata}. Undangan belum dikirim."


@require_http_methods(["GET", "POST"])
@menu_required("tindak")
def jadwal_ubah(request: HttpRequest, pk: int) -> HttpResponse:
    sesi = get_sesi_for_user(request.user, pk, write=True)
    if sesi.status != StatusSesi.DIJADWALKAN:
        messages.error(request, "Hanya sesi yang masih dijadwalkan yang dapat diubah.")
        return redirect("tindak:jadwal_detail", pk=sesi.pk)
    form = _form(request, initial=SesiForm.awal(sesi))
    if request.method == "POST" and form.is_valid():
        disimpan = _simpan(request, form, sesi)
        if disimpan is not None:
            messages.success(request, _pesan_simpan(disimpan, baru=False))
            return redirect("tindak:jadwal_detail", pk=sesi.pk)
    return render(request, "tindak/jadwal/form.html", {"form": form, "sesi": sesi})


@require_GET
@menu_required("tindak")
def jadwal_detail(request: HttpRequest, pk: int) -> HttpResponse:
    sesi = get_sesi_for_user(request.user, pk)
    user = request.user
    ctx = {
        "sesi": sesi,
        **selectors.sesi_rinci(sesi),
        "boleh_ubah": may_change_sesi(user, sesi),
        "boleh_ba": may_write_berita_acara(user, sesi)
        and aturan.boleh_berita_acara(sesi.status, sesi.mulai, timezone.now()),
        "undangan_terkirim": sesi.undangan_urutan == sesi.urutan,
        "Status": StatusSesi,
        "batal_form": BatalForm(),
    }
    return render(request, "tindak/jadwal/detail.html", ctx)


@require_POST
@menu_required("tindak")
def jadwal_batal(request: HttpRequest, pk: int) -> HttpResponse:
    sesi = get_sesi_for_user(request.user, pk, write=True)
    form = BatalForm(request.POST)
    alasan = form.cleaned_data["alasan"] if form.is_valid() else ""
    try:
        services.sesi_transisi(sesi=sesi, ke=StatusSesi.BATAL, user=request.user, alasan=alasan)
    except services.LangkahTidakSah as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "Sesi dibatalkan; pemberitahuan pembatalan masuk antrean surel.")
    return redirect("tindak:jadwal_detail", pk=sesi.pk)


@require_POST
@menu_required("tindak")
def jadwal_undangan(request: HttpRequest, pk: int) -> HttpResponse:
    sesi = get_sesi_for_user(request.user, pk, write=True)
    try:
        jumlah = services.undangan_kirim(sesi=sesi, user=request.user)
    except services.SesiTidakSah as exc:
        messages.info(request, str(exc))
    else:
        messages.success(request, f"Undangan masuk antrean surel untuk {jumlah} penerima.")
    return redirect("tindak:jadwal_detail", pk=sesi.pk)


@require_http_methods(["GET", "POST"])
@menu_required("tindak")
def jadwal_berita_acara(request: HttpRequest, pk: int) -> HttpResponse:
    sesi = get_sesi_for_user(request.user, pk, berita_acara=True)
    boleh = aturan.boleh_berita_acara(sesi.status, sesi.mulai, timezone.now())
    pilihan = {
        "opd_qs": Opd.objects.filter(aktif=True).order_by("urutan", "nama"),
        "indikator_qs": Indikator.objects.filter(instrumen_id=sesi.periode.instrumen_id).order_by(
            "nomor"
        ),
    }
    post = request.POST if request.method == "POST" else None
    form = BeritaAcaraForm(post, initial={"ringkasan": sesi.ringkasan})
    formset = TindakLanjutFormSet(
        post,
        prefix="tl",
        form_kwargs=pilihan,
        initial=[{"opd": sesi.opd_id}] * 3,
    )
    if post is not None:
        if not boleh:
            messages.error(request, "Berita acara diisi setelah sesi dimulai.")
            return redirect("tindak:jadwal_detail", pk=sesi.pk)
        if form.is_valid() and formset.is_valid():
            tindak = [
                services.TindakLanjut(
                    uraian=f.cleaned_data["uraian"].strip(),
                    opd=f.cleaned_data["opd"],
                    batas=f.cleaned_data["batas"],
                    indikator=f.cleaned_data["indikator"],
                )
                for f in formset
                if (f.cleaned_data.get("uraian") or "").strip()
            ]
            try:
                baru = services.berita_acara_simpan(
                    sesi=sesi,
                    user=request.user,
                    ringkasan=form.cleaned_data["ringkasan"],
                    tindak_lanjut=tindak,
                )
            except services.SesiTidakSah as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(
                    request,
                    f"Berita acara disimpan; {len(baru)} tindak lanjut menjadi rencana aksi.",
                )
                return redirect("tindak:jadwal_detail", pk=sesi.pk)
    ctx = {"sesi": sesi, "form": form, "formset": formset, "boleh": boleh, "Status": StatusSesi}
    ctx.update(selectors.sesi_rinci(sesi))
    return render(request, "tindak/jadwal/berita_acara.html", ctx)


@require_GET
@menu_required("tindak")
def jadwal_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The berita acara as a signed document; before it is written, the same page with empty
    lines to take to the meeting. It carries no score, so no publication guard is needed."""
    sesi = get_sesi_for_user(request.user, pk)
    rinci = selectors.sesi_rinci(sesi)
    singkat = sesi.opd.singkatan or sesi.opd.nama
    ctx = {
        "sesi": sesi,
        **rinci,
        # One numbered attendance list: evaluators, the OPD's operators, the others typed.
        "hadir": [(u.nama or u.username, "Evaluator") for u in rinci["evaluator"]]
        + [(u.nama or u.username, f"Operator {singkat}") for u in rinci["operator"]]
        + [(p.nama, p.jabatan) for p in rinci["peserta"]],
        # The berita acara is signed by whoever wrote it, else the first evaluator.
        "penanda": sesi.ba_oleh or (rinci["evaluator"][0] if rinci["evaluator"] else None),
        "pemda": settings.PEMDA_NAMA,
        "kota": settings.PEMDA_KOTA,
        "mulai": timezone.localtime(sesi.mulai),
        "selesai": timezone.localtime(sesi.selesai),
        "Status": StatusSesi,
    }
    html = render_to_string("tindak/jadwal/berita_acara_pdf.html", ctx, request=request)
    import weasyprint  # heavy (Pango, fonts): loaded only when a PDF is asked for

    pdf = weasyprint.HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf()
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="berita-acara-sesi-{sesi.opd.kode}-{sesi.pk}.pdf"'
    )
    return response


@require_GET
@menu_required("tindak")
def jadwal_ics(request: HttpRequest, pk: int) -> HttpResponse:
    sesi = get_sesi_for_user(request.user, pk)
    response = HttpResponse(undangan.tulis_ics(sesi), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{undangan.nama_berkas(sesi)}"'
    return response
