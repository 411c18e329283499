"""MRTG traffic pages (issue 18, item 3): the overview of every link the user reads, a
link's month (chart, days, summary), and the upload of a log for one of an OPD's links."""

from calendar import monthrange
from datetime import date

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from jaringan.bulan import baca_bulan
from jaringan.mrtg import aturan, grafik, selectors, services
from jaringan.mrtg.forms import UnggahMrtgForm
from spbe_portal import access
from spbe_portal.files import send_private_file


def _angka_get(request: HttpRequest, kunci: str, bawaan: int) -> int:
    try:
        return int(request.GET.get(kunci, bawaan))
    except ValueError:
        return bawaan


@require_GET
@access.menu_required("jaringan")
def ringkasan(request: HttpRequest) -> HttpResponse:
    tahun = _angka_get(request, "tahun", timezone.localdate().year)
    koneksi = list(
        access.koneksi_mrtg_queryset(request.user)
        .filter(tahun=tahun)
        .select_related("opd")
        .order_by("opd__urutan", "opd__nama", "nama")
    )
    terakhir = selectors.bulan_terakhir([k.pk for k in koneksi])
    baris = []
    for k in koneksi:
        bulan, r = terakhir.get(k.pk, (None, None))
        baris.append({"koneksi": k, "bulan": bulan, "r": _tampil(r, k.bandwidth_mbps)})
    return render(
        request,
        "jaringan/mrtg/ringkasan.html",
        {
            "baris": baris,
            "tahun": tahun,
            "pilihan_tahun": range(timezone.localdate().year, timezone.localdate().year - 5, -1),
            "opd_unggah": _opd_unggah(request),
        },
    )


def _opd_unggah(request: HttpRequest):
    """Where the upload button leads: an operator's own OPD (Admins upload from a link)."""
    user = request.user
    if user.opd_id and access.may_upload_mrtg(user, user.opd_id):
        return user.opd_id
    return None


def _tampil(r: aturan.Ringkasan | None, bandwidth) -> dict | None:
    """A summary in Mbit/s with utilisation, for the templates."""
    if r is None:
        return None
    util_avg = aturan.utilisasi(max(r.avg_in, r.avg_out), bandwidth)
    util_max = aturan.utilisasi(max(r.max_in, r.max_out), bandwidth)
    return {
        "hari": r.hari,
        "jam": aturan.jam(r.detik),
        "avg_in": aturan.angka(aturan.mbps(r.avg_in)),
        "avg_out": aturan.angka(aturan.mbps(r.avg_out)),
        "max_in": aturan.angka(aturan.mbps(r.max_in)),
        "max_out": aturan.angka(aturan.mbps(r.max_out)),
        "util_avg": aturan.persen(util_avg),
        "util_max": aturan.persen(util_max),
        "padat_avg": aturan.padat(util_avg),
        "padat_max": aturan.padat(util_max),
    }


def _bulan_dipilih(request: HttpRequest, tersedia: list[date]) -> date | None:
    dibaca = baca_bulan(request.GET.get("bulan"))
    if dibaca is None:
        return tersedia[0] if tersedia else None
    return date(dibaca[0], dibaca[1], 1)


@require_GET
@access.menu_required("jaringan")
def trafik(request: HttpRequest, pk: int) -> HttpResponse:
    koneksi = access.get_koneksi_mrtg(request.user, pk)
    tersedia = selectors.bulan_tersedia(koneksi)
    bulan = _bulan_dipilih(request, tersedia)
    rows = selectors.harian_bulan(koneksi, bulan) if bulan else []
    harian = selectors.sebagai_harian(rows)
    gambar = None
    if bulan and harian:
        gambar = grafik.buat(
            monthrange(bulan.year, bulan.month)[1],
            {
                h.tanggal.day: tuple(
                    aturan.mbps(v) for v in (h.avg_in, h.avg_out, h.max_in, h.max_out)
                )
                for h in harian
            },
            koneksi.bandwidth_mbps,
        )
    hari = [
        {
            "tanggal": h.tanggal,
            "avg_in": aturan.angka(aturan.mbps(h.avg_in)),
            "avg_out": aturan.angka(aturan.mbps(h.avg_out)),
            "max_in": aturan.angka(aturan.mbps(h.max_in)),
            "max_out": aturan.angka(aturan.mbps(h.max_out)),
            "jam": aturan.jam(h.detik),
            "penuh": h.detik >= 86_400,
        }
        for h in harian
    ]
    return render(
        request,
        "jaringan/mrtg/trafik.html",
        {
            "koneksi": koneksi,
            "bulan": bulan,
            "tersedia": tersedia,
            "grafik": gambar,
            "hari": hari,
            "ringkasan": _tampil(aturan.ringkas(harian), koneksi.bandwidth_mbps),
            "unggahan": selectors.unggahan(koneksi),
            "boleh_unggah": access.may_upload_mrtg(request.user, koneksi.opd_id),
            "ambang": aturan.AMBANG_PADAT,
        },
    )


@require_http_methods(["GET", "POST"])
@access.menu_required("jaringan")
def unggah(request: HttpRequest, pk: int) -> HttpResponse:
    opd = access.get_opd_for_mrtg_unggah(request.user, pk)
    awal = {"koneksi": request.GET.get("koneksi")}
    if request.method == "POST":
        form = UnggahMrtgForm(request.POST, request.FILES, opd=opd)
    else:
        form = UnggahMrtgForm(opd=opd, initial=awal)
    if request.method == "POST" and form.is_valid():
        koneksi = form.cleaned_data["koneksi"]
        try:
            hasil = services.unggah_simpan(
                koneksi=koneksi,
                data=form.content,
                nama=form.cleaned_data["berkas"].name,
                user=request.user,
            )
        except services.UnggahDitolak as exc:
            form.add_error("berkas", str(exc))
        else:
            u = hasil.unggah
            if not hasil.baru:
                messages.info(
                    request,
                    f"Berkas yang sama sudah diunggah untuk {koneksi.nama} pada "
                    f"{timezone.localtime(u.diunggah):%d-%m-%Y %H:%M}; tidak ada yang berubah.",
                )
            else:
                messages.success(
                    request,
                    f"Log {u.nama_asli} tersimpan: "
                    f"{aturan.kalimat(hasil.ringkasan, u.mulai, u.selesai)}. "
                    f"{u.hari_dipakai} hari memakai data berkas ini.",
                )
                for teks in hasil.catatan:
                    messages.warning(request, teks)
            url = reverse("jaringan:mrtg_trafik", args=[koneksi.pk])
            return redirect(f"{url}?bulan={u.selesai:%Y-%m}")
    return render(
        request,
        "jaringan/mrtg/unggah.html",
        {"opd": opd, "form": form, "ada_koneksi": form.fields["koneksi"].queryset.exists()},
    )


@require_GET
@access.menu_required("jaringan")
def unduh(request: HttpRequest, pk: int) -> HttpResponse:
    """The original log as uploaded, for whoever reads the link's traffic."""
    unggah = access.get_unggah_mrtg(request.user, pk)
    return send_private_file(
        unggah.path,
        content_type="text/plain; charset=utf-8",
        filename=unggah.nama_asli,
        inline=False,
    )
