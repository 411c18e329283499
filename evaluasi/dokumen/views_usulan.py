"""Starting a period from last year: propose (on demand; also when a period opens), confirm or
set aside one proposal, confirm all. Who may: spbe_portal.access."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from evaluasi.dokumen import usulan as usulan_services
from evaluasi.galat import Konflik, Terkunci
from evaluasi.models import Usulan
from spbe_portal.access import get_penilaian_for_user, get_usulan_for_user
from spbe_portal.konfirmasi import dikonfirmasi, halaman_konfirmasi


@login_required
@require_POST
def usulan_buat(request: HttpRequest, pk: int) -> HttpResponse:
    penilaian = get_penilaian_for_user(request.user, pk, write=True)
    try:
        usulan_services.ensure_boleh_usul(penilaian)
    except Terkunci as exc:
        raise PermissionDenied(str(exc)) from exc
    sumber = usulan_services.sumber_untuk(penilaian)
    jumlah = usulan_services.usulan_buat(
        penilaian=penilaian, peta_padanan=usulan_services.peta_untuk(penilaian)
    )
    if sumber is None:
        messages.info(request, "Belum ada hasil final tahun sebelumnya yang sudah dipublikasikan.")
    elif jumlah:
        messages.success(
            request,
            f"{jumlah} usulan dari {sumber.periode.tahun} siap diperiksa. Usulan belum dihitung "
            "sampai Anda mengonfirmasinya.",
        )
    else:
        messages.info(request, f"Tidak ada jawaban {sumber.periode.tahun} yang dapat diusulkan.")
    return redirect("evaluasi:penilaian_detail", pk=pk)


@login_required
@require_POST
def usulan_putuskan(request: HttpRequest, pk: int) -> HttpResponse:
    usulan = get_usulan_for_user(request.user, pk, write=True)
    aksi = request.POST.get("aksi")
    try:
        if aksi == "pakai":
            hasil = usulan_services.usulan_konfirmasi(usulan=usulan, user=request.user)
            _pesan(request, usulan, hasil)
        elif aksi == "abaikan":
            usulan_services.usulan_abaikan(usulan=usulan, user=request.user)
            messages.success(request, f"Usulan dari {usulan.dari_tahun} diabaikan.")
        else:
            messages.error(request, "Aksi tidak dikenal.")
    except Terkunci as exc:
        raise PermissionDenied(str(exc)) from exc
    except Konflik as exc:
        messages.error(request, str(exc))
    return redirect("evaluasi:jawaban", pk=usulan.penilaian_id, nomor=usulan.indikator.nomor)


def _pesan(request, usulan: Usulan, hasil) -> None:
    teks = f"Usulan dari {usulan.dari_tahun} dipakai"
    if hasil.ditautkan:
        teks += f"; {hasil.ditautkan} dokumen ditautkan"
    if hasil.sudah_ada:
        teks += f"; {hasil.sudah_ada} dokumen sudah tertaut"
    messages.success(request, teks + ".")
    if hasil.catatan:
        messages.warning(request, hasil.catatan)


@login_required
@require_POST
def usulan_semua(request: HttpRequest, pk: int) -> HttpResponse:
    penilaian = get_penilaian_for_user(request.user, pk, write=True)
    menunggu = list(
        Usulan.objects.filter(penilaian=penilaian, diterima__isnull=True)
        .select_related("indikator")
        .order_by("indikator__nomor")
    )
    kembali = reverse("evaluasi:penilaian_detail", kwargs={"pk": pk})
    if not dikonfirmasi(request):
        return halaman_konfirmasi(
            request,
            judul="Pakai semua usulan dari tahun lalu?",
            akibat=[
                f'{len(menunggu)} usulan dipakai: dokumennya ditautkan (ditandai "dari tahun") '
                "dan isian yang masih kosong diisi dari usulan.",
                "Isian yang sudah Anda tulis tahun ini tidak diganti.",
                "Nilai yang belum didukung bukti butir tahun ini tidak dipakai; "
                "penjelasannya tetap.",
            ],
            tombol="Pakai semua usulan",
            action=reverse("evaluasi:usulan_semua", kwargs={"pk": pk}),
            kembali=kembali,
            kembali_label="Kembali ke penilaian",
        )
    dipakai = 0
    for usulan in menunggu:
        try:
            usulan_services.usulan_konfirmasi(usulan=usulan, user=request.user)
        except Konflik:
            continue  # decided meanwhile (another tab)
        except Terkunci as exc:
            messages.error(request, f"Indikator {usulan.indikator.nomor}: {exc}")
            continue
        dipakai += 1
    messages.success(request, f"{dipakai} usulan dipakai.")
    return redirect(kembali)
