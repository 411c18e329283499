"""Pages of the disruption log (SPEC §15) under /jaringan/gangguan/: the log, logging and
editing a disruption, its page with history, "Tandai selesai", deleting (with confirmation),
and the monthly recap with its .xlsx export. Scope and rights: spbe_portal.access
(`access/gangguan.py`); writes: `services`; the recap's arithmetic: `aturan`."""

import uuid

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from jaringan.bulan import baca_bulan
from jaringan.gangguan import aturan, ekspor, selectors, services
from jaringan.gangguan.forms import GangguanForm, SaringForm, SelesaiForm
from jaringan.gangguan.model import Gangguan, Penyebab
from jaringan.models import Koneksi
from opd.models import Opd, Peran
from spbe_portal import access
from spbe_portal.konfirmasi import dikonfirmasi, halaman_konfirmasi

PER_HALAMAN = 25
# The fields whose changes the history on a disruption's page lists.
DILACAK = (
    "opd_id",
    "mulai",
    "selesai",
    "layanan",
    "penyebab",
    "penyebab_lain",
    "tindakan",
    "koneksi_id",
    "nama_pelapor",
)


def _bulan(request: HttpRequest, *, bawaan: bool) -> tuple[int, int] | None:
    """The month asked for (?bulan=2026-11); without one, this month when `bawaan`."""
    dibaca = baca_bulan(request.GET.get("bulan"))
    if dibaca is None and bawaan:
        hari_ini = timezone.localdate()
        return hari_ini.year, hari_ini.month
    return dibaca


@require_GET
@access.menu_required("jaringan")
def gangguan_daftar(request: HttpRequest) -> HttpResponse:
    user = request.user
    base = access.gangguan_queryset_for_user(user)
    semua_opd = user.peran != Peran.OPERATOR
    opd_qs = Opd.objects.filter(pk__in=base.values("opd_id")).order_by("urutan", "nama")
    form = SaringForm(request.GET or None, opd_qs=opd_qs)
    data = form.cleaned_data if form.is_valid() else {}
    bulan = _bulan(request, bawaan=False)
    qs = selectors.daftar_gangguan(
        base,
        bulan=bulan,
        opd_id=data["opd"].pk if semua_opd and data.get("opd") else None,
        penyebab=data.get("penyebab") or "",
        berlangsung=bool(data.get("berlangsung")),
    )
    page = Paginator(qs, PER_HALAMAN).get_page(request.GET.get("halaman"))
    sekarang = timezone.now()
    for g in page:
        g.jam = aturan.jam(aturan.durasi(g.mulai, g.selesai, sekarang=sekarang))
    query = request.GET.copy()
    query.pop("halaman", None)
    ctx = {
        "page": page,
        "querystring": query.urlencode(),
        "pilihan_bulan": selectors.pilihan_bulan(timezone.localdate()),
        "pilihan_opd": opd_qs if semua_opd else None,
        "pilihan_penyebab": Penyebab.choices,
        "f_bulan": f"{bulan[0]:04d}-{bulan[1]:02d}" if bulan else "",
        "f_opd": data["opd"].pk if data.get("opd") else 0,
        "f_penyebab": data.get("penyebab") or "",
        "f_berlangsung": bool(data.get("berlangsung")),
        "boleh_catat": access.may_log_gangguan(user),
    }
    return render(request, "jaringan/gangguan/daftar.html", ctx)


def _form(request: HttpRequest, gangguan: Gangguan | None = None, **kwargs) -> GangguanForm:
    opd_qs = access.gangguan_opd_pilihan(request.user)
    if gangguan is not None:  # an Admin editing an inactive OPD's disruption keeps its OPD
        opd_qs = Opd.objects.filter(Q(pk__in=opd_qs) | Q(pk=gangguan.opd_id))
    return GangguanForm(
        request.POST if request.method == "POST" else None,
        opd_qs=opd_qs,
        koneksi_qs=Koneksi.objects.filter(opd__in=opd_qs),
        **kwargs,
    )


@require_http_methods(["GET", "POST"])
@access.menu_required("jaringan")
def gangguan_tambah(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not access.may_log_gangguan(user):
        raise PermissionDenied("Gangguan dicatat oleh Admin atau operator OPD.")
    form = _form(
        request,
        initial={
            "opd": user.opd_id if user.peran == Peran.OPERATOR else None,
            "mulai": timezone.localtime().replace(second=0, microsecond=0),
            "kunci": uuid.uuid4(),
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            gangguan, baru = services.gangguan_catat(
                data=form.data_gangguan(), user=user, kunci=form.cleaned_data["kunci"]
            )
        except services.GangguanTidakSah as exc:
            form.add_error(None, str(exc))
        else:
            if baru:
                messages.success(request, "Gangguan dicatat.")
            else:
                messages.info(request, "Gangguan ini sudah tercatat; tidak dibuat dua kali.")
            return redirect("jaringan:gangguan_detail", pk=gangguan.pk)
    return render(request, "jaringan/gangguan/form.html", {"form": form, "gangguan": None})


@require_http_methods(["GET", "POST"])
@access.menu_required("jaringan")
def gangguan_ubah(request: HttpRequest, pk: int) -> HttpResponse:
    gangguan = access.get_gangguan_for_user(request.user, pk, write=True)
    form = _form(request, gangguan, initial=GangguanForm.awal(gangguan))
    if request.method == "POST" and form.is_valid():
        try:
            services.gangguan_ubah(gangguan=gangguan, data=form.data_gangguan(), user=request.user)
        except services.GangguanTidakSah as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "Perubahan disimpan.")
            return redirect("jaringan:gangguan_detail", pk=gangguan.pk)
    return render(request, "jaringan/gangguan/form.html", {"form": form, "gangguan": gangguan})


def _riwayat(gangguan: Gangguan) -> list[dict]:
    """The row's history, newest first, each with the fields it changed (one query)."""
    entries = list(
        gangguan.history.select_related("history_user").order_by("-history_date", "-history_id")
    )
    label = {f.attname: f.verbose_name for f in Gangguan._meta.concrete_fields}
    hasil = []
    for i, entry in enumerate(entries):
        before = entries[i + 1] if i + 1 < len(entries) else None
        diubah = (
            [label[f] for f in DILACAK if getattr(entry, f) != getattr(before, f)]
            if before is not None
            else []
        )
        hasil.append({"entry": entry, "diubah": diubah})
    return hasil


def _rinci(request: HttpRequest, gangguan: Gangguan, selesai_form=None, status=200):
    sekarang = timezone.now()
    boleh_ubah = access.may_change_jaringan_opd(request.user, gangguan.opd_id)
    if selesai_form is None and boleh_ubah and gangguan.selesai is None:
        selesai_form = SelesaiForm(
            initial={
                "selesai": timezone.localtime(sekarang).replace(second=0, microsecond=0),
                "tindakan": gangguan.tindakan,
            }
        )
    ctx = {
        "gangguan": gangguan,
        "jam": aturan.jam(aturan.durasi(gangguan.mulai, gangguan.selesai, sekarang=sekarang)),
        "boleh_ubah": boleh_ubah,
        "selesai_form": selesai_form,
        "riwayat": _riwayat(gangguan),
    }
    return render(request, "jaringan/gangguan/rinci.html", ctx, status=status)


@require_GET
@access.menu_required("jaringan")
def gangguan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _rinci(request, access.get_gangguan_for_user(request.user, pk))


@require_POST
@access.menu_required("jaringan")
def gangguan_selesai(request: HttpRequest, pk: int) -> HttpResponse:
    gangguan = access.get_gangguan_for_user(request.user, pk, write=True)
    if gangguan.selesai is not None:
        messages.info(request, "Gangguan ini sudah ditandai selesai.")
        return redirect("jaringan:gangguan_detail", pk=gangguan.pk)
    form = SelesaiForm(request.POST, mulai=gangguan.mulai)
    if not form.is_valid():
        return _rinci(request, gangguan, selesai_form=form, status=200)
    try:
        services.gangguan_tandai_selesai(
            gangguan=gangguan,
            selesai=form.cleaned_data["selesai"],
            tindakan=form.cleaned_data["tindakan"],
            user=request.user,
        )
    except services.GangguanTidakSah as exc:
        messages.info(request, str(exc))
    else:
        messages.success(request, "Gangguan ditandai selesai.")
    return redirect("jaringan:gangguan_detail", pk=gangguan.pk)


@require_POST
@access.menu_required("jaringan")
def gangguan_hapus(request: HttpRequest, pk: int) -> HttpResponse:
    gangguan = access.get_gangguan_for_user(request.user, pk, write=True)
    if not dikonfirmasi(request):
        mulai = timezone.localtime(gangguan.mulai)
        return halaman_konfirmasi(
            request,
            judul="Hapus catatan gangguan?",
            akibat=[
                f"Gangguan {gangguan.layanan} ({gangguan.opd.nama}, mulai "
                f"{mulai:%d-%m-%Y %H:%M}) dihapus dari log dan rekap bulanan.",
                "Isinya tetap tersimpan di Log aktivitas bersama nama Anda.",
            ],
            tombol="Ya, hapus",
            action=reverse("jaringan:gangguan_hapus", args=[gangguan.pk]),
            kembali=reverse("jaringan:gangguan_detail", args=[gangguan.pk]),
            kembali_label="Gangguan",
            bahaya=True,
        )
    services.gangguan_hapus(gangguan=gangguan, user=request.user)
    messages.success(request, "Catatan gangguan dihapus.")
    return redirect("jaringan:gangguan")


@require_GET
@access.menu_required("jaringan")
def gangguan_rekap(request: HttpRequest) -> HttpResponse:
    tahun, bulan = _bulan(request, bawaan=True)
    base = access.gangguan_queryset_for_user(request.user)
    rekap = selectors.rekap_bulan(base, tahun, bulan)
    teratas = rekap.per_opd[0] if rekap.per_opd else None
    # The ranking puts the most frequent first; the longest total outage may be another OPD.
    terlama = max(rekap.per_opd, key=lambda b: (b.jam, -b.peringkat), default=None)
    ctx = {
        "rekap": rekap,
        "f_bulan": f"{tahun:04d}-{bulan:02d}",
        "pilihan_bulan": selectors.pilihan_bulan(timezone.localdate()),
        "semua_opd": request.user.peran != Peran.OPERATOR,
        "teratas": teratas,
        "terlama": terlama if terlama is not teratas else None,
        "maks_jam": max((b.jam for b in rekap.per_opd), default=0),
    }
    return render(request, "jaringan/gangguan/rekap.html", ctx)


@require_GET
@access.menu_required("jaringan")
def gangguan_rekap_xlsx(request: HttpRequest) -> HttpResponse:
    tahun, bulan = _bulan(request, bawaan=True)
    rekap = selectors.rekap_bulan(access.gangguan_queryset_for_user(request.user), tahun, bulan)
    response = HttpResponse(ekspor.rekap_xlsx(rekap), content_type=ekspor.XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = (
        f'attachment; filename="gangguan-jaringan-{tahun:04d}-{bulan:02d}.xlsx"'
    )
    return response
