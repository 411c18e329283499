"""Pages of the penilaian instansi: the pengampu map (Admin), the overview with progress per
pengampu OPD and the values side by side, an indicator with the Koordinator's settlement,
and one item — answered by its pengampu, verified by the asesor team, chosen by the
Koordinator. Who may do what is decided in spbe_portal.access."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from evaluasi.dokumen import selectors as dokumen_selectors
from evaluasi.galat import GalatEvaluasi, Konflik, Terkunci
from evaluasi.instansi import peta
from evaluasi.instansi import selectors as instansi_selectors
from evaluasi.instansi import services as instansi_services
from evaluasi.instansi.forms import (
    CatatanForm,
    EksternalForm,
    ImporPetaForm,
    NilaiInstansiForm,
    PengampuMassalForm,
)
from evaluasi.models import (
    AlasanRevisi,
    Butir,
    Indikator,
    IsianButir,
    IsianEksternal,
    NilaiInstansi,
    Pengampu,
    Periode,
)
from evaluasi.penilaian import berkas
from evaluasi.penilaian import selectors as penilaian_selectors
from evaluasi.penilaian.unggahan import simpan_unggahan
from evaluasi.verifikasi.forms import ReviuButirForm
from opd.models import Opd, Peran
from opd.spreadsheet import SpreadsheetError
from spbe_portal.access import (
    ensure_butir_instansi,
    ensure_indikator_instansi,
    get_berkas_instansi_for_user,
    get_dokumen_for_user,
    get_instansi_for_user,
    is_admin,
    may_request_arsip,
    may_see_nilai_instansi,
    role_required,
)
from spbe_portal.files import send_private_file
from spbe_portal.xlsx import XLSX_CONTENT_TYPE

# --- Pengampu map (Admin) -------------------------------------------------------------------


def _sasaran_dari(request: HttpRequest, periode: Periode) -> list[tuple[Indikator, Butir | None]]:
    """The ticked targets ("i:<id>" an indicator, "b:<id>" an item) of this period's
    instrument; anything else is ignored."""
    ind_ids, butir_ids = set(), set()
    for value in request.POST.getlist("sasaran"):
        jenis, _, pk = value.partition(":")
        if pk.isascii() and pk.isdigit():
            (ind_ids if jenis == "i" else butir_ids if jenis == "b" else set()).add(int(pk))
    indikator = Indikator.objects.filter(instrumen=periode.instrumen, pk__in=ind_ids)
    items = Butir.objects.filter(
        indikator__instrumen=periode.instrumen, pk__in=butir_ids
    ).select_related("indikator")
    return [(i, None) for i in indikator] + [(b.indikator, b) for b in items]


def _id_dari(value: str | None) -> int:
    """A row id posted in a form field; anything but plain digits is 0 (matches no row)."""
    return int(value) if value and value.isascii() and value.isdigit() else 0


@role_required(Peran.ADMIN)
@require_http_methods(["GET", "POST"])
def pengampu(request: HttpRequest, pk: int) -> HttpResponse:
    """Who holds which evidence this period: add one OPD to many indicators or items, remove,
    copy last year's map, or round-trip it through a workbook."""
    periode = penilaian_selectors.periode_get(pk)
    form = PengampuMassalForm(request.POST if request.POST.get("aksi") == "tambah" else None)
    impor = ImporPetaForm()
    galat: list[str] = []
    if request.method == "POST":
        aksi = request.POST.get("aksi")
        try:
            if aksi == "hapus":
                row = Pengampu.objects.filter(
                    periode=periode, pk=_id_dari(request.POST.get("pengampu"))
                ).first()
                if row is None:
                    messages.error(request, "Pengampu tidak ditemukan.")
                else:
                    instansi_services.pengampu_lepas(pengampu=row, user=request.user)
                    messages.success(
                        request, f"{row.opd.nama} dilepas dari {row.butir or row.indikator}."
                    )
                return redirect("evaluasi:pengampu", pk=periode.pk)
            if aksi == "salin":
                sebelumnya = (
                    Periode.objects.filter(tahun__lt=periode.tahun).order_by("-tahun").first()
                )
                if sebelumnya is None:
                    messages.error(request, "Tidak ada periode sebelumnya untuk disalin.")
                else:
                    n, lewat = instansi_services.pengampu_salin(
                        dari=sebelumnya, ke=periode, user=request.user
                    )
                    pesan = f"{n} pengampu disalin dari {sebelumnya.nama}."
                    if lewat:
                        pesan += (
                            f" {lewat} dilewati (tidak ada padanannya di instrumen ini "
                            "atau OPD-nya tidak aktif)."
                        )
                    messages.success(request, pesan)
                return redirect("evaluasi:pengampu", pk=periode.pk)
            if aksi == "impor":
                impor = ImporPetaForm(request.POST, request.FILES)
                if impor.is_valid():
                    galat = _impor_peta(request, periode, impor.cleaned_data["berkas"])
                    if galat is None:
                        return redirect("evaluasi:pengampu", pk=periode.pk)
            elif aksi == "tambah" and form.is_valid():
                sasaran = _sasaran_dari(request, periode)
                if not sasaran:
                    form.add_error(None, "Centang minimal satu indikator atau butir.")
                else:
                    n = instansi_services.pengampu_tambah_massal(
                        periode=periode,
                        sasaran=sasaran,
                        opd=form.cleaned_data["opd"],
                        user=request.user,
                    )
                    messages.success(
                        request,
                        f"{form.cleaned_data['opd'].nama} ditambahkan sebagai pengampu "
                        f"{n} indikator/butir.",
                    )
                    return redirect("evaluasi:pengampu", pk=periode.pk)
        except GalatEvaluasi as exc:
            messages.error(request, str(exc))
            return redirect("evaluasi:pengampu", pk=periode.pk)
    ctx = {
        "periode": periode,
        "form": form,
        "impor": impor,
        "galat_impor": galat or [],
        "baris": instansi_selectors.peta_halaman(periode),
        "ada_sebelumnya": Periode.objects.filter(tahun__lt=periode.tahun).exists(),
    }
    return render(request, "evaluasi/instansi/pengampu.html", ctx)


def _impor_peta(request, periode, upload) -> list[str] | None:
    """Read and apply a map workbook; the row errors (nothing written) or None when done."""
    if upload.size > settings.IMPORT_MAX_BYTES:
        return [f"Berkas terlalu besar; batasnya {settings.IMPORT_MAX_BYTES // (1024 * 1024)} MB."]
    try:
        rows, galat = peta.peta_baca(upload.read(), periode)
    except SpreadsheetError as exc:
        return [str(exc)]
    if galat:
        return galat
    added, removed = peta.pengampu_impor(periode=periode, rows=rows, user=request.user)
    messages.success(
        request,
        f"Peta pengampu diimpor dari {upload.name}: {len(rows)} baris, "
        f"{added} pengampu ditambahkan, {removed} dilepas.",
    )
    return None


@role_required(Peran.ADMIN)
@require_GET
def pengampu_ekspor(request: HttpRequest, pk: int) -> HttpResponse:
    periode = penilaian_selectors.periode_get(pk)
    response = HttpResponse(peta.peta_xlsx(periode), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="pengampu-{periode.tahun}.xlsx"'
    return response


# --- Penilaian instansi ---------------------------------------------------------------------


@login_required
@require_GET
def instansi(request: HttpRequest, pk: int) -> HttpResponse:
    """The overview: for the Koordinator, asesor and Pimpinan every indicator with its values
    (mandiri, internal, nasional) and the progress per pengampu OPD; for an operator the items
    their OPD holds."""
    penilaian = get_instansi_for_user(request.user, pk)
    periode = penilaian.periode
    keadaan = instansi_selectors.keadaan_instansi(penilaian)
    ctx = {"penilaian": penilaian, "periode": periode, "keadaan": keadaan}
    if request.user.peran == Peran.OPERATOR:
        opd_id = request.user.opd_id
        ctx["milik"] = [
            {
                "indikator": row.indikator,
                "butir": [
                    {"row": b, "isian": next((i for i in b.isian if i.opd_id == opd_id), None)}
                    for b in row.butir
                    if opd_id in b.pengampu
                ],
            }
            for row in keadaan.indikator
        ]
        ctx["milik"] = [m for m in ctx["milik"] if m["butir"]]
        for m in ctx["milik"]:
            m["berkas"] = sum(1 for x in m["butir"] if x["isian"] and x["isian"].berkas_hidup)
            m["revisi"] = sum(
                1
                for x in m["butir"]
                if getattr(x["row"].reviu, "putusan", "") == "revisi"
                or getattr(x["row"].nasional, "putusan", "") == "revisi"
            )
        ctx["eksternal"] = [
            {
                "row": row,
                "laporan": next((r for r in row.laporan_eksternal if r.opd_id == opd_id), None),
            }
            for row in keadaan.indikator
            if row.indikator.eksternal and opd_id in row.pengampu
        ]
        return render(request, "evaluasi/instansi/operator.html", ctx)
    nama_opd = dict(Opd.objects.values_list("pk", "nama"))
    ctx.update(
        lihat_nilai=may_see_nilai_instansi(request.user),
        boleh_arsip=may_request_arsip(request.user, instansi=True),
        kemajuan=instansi_selectors.kemajuan_pengampu(keadaan, nama_opd),
        nama_opd=nama_opd,
        terlambat=timezone.localdate() > periode.batas_pengisian,
        indeks_kolom=[(k, keadaan.indeks(k)) for k in ("mandiri", "internal", "nasional")],
        perlu_dipilih=sum(1 for b in keadaan.butir_rows() if b.perlu_dipilih),
        masuk_paket=sum(1 for b in keadaan.butir_rows() if b.masuk_paket),
        jumlah_butir=sum(1 for _ in keadaan.butir_rows()),
    )
    return render(request, "evaluasi/instansi/beranda.html", ctx)


def _row_indikator(keadaan, nomor: int):
    for row in keadaan.indikator:
        if row.indikator.nomor == nomor:
            return row
    raise Http404("Indikator tidak ditemukan.")


@login_required
@require_http_methods(["GET", "POST"])
def instansi_indikator(request: HttpRequest, pk: int, nomor: int) -> HttpResponse:
    """One indicator of the pemda: its items with their status and answers, the pengampu's
    reports of an external index, and the Koordinator's settled value with its note. An
    operator holding an externally valued indicator reports its value here."""
    penilaian = get_instansi_for_user(request.user, pk)
    try:
        indikator = Indikator.objects.get(instrumen=penilaian.periode.instrumen_id, nomor=nomor)
    except Indikator.DoesNotExist:
        raise Http404("Indikator tidak ditemukan.") from None
    ensure_indikator_instansi(request.user, penilaian, indikator)
    if request.user.peran == Peran.OPERATOR:
        return _laporan_eksternal(request, penilaian, indikator)
    keadaan = instansi_selectors.keadaan_instansi(penilaian, indikator)
    row = _row_indikator(keadaan, nomor)
    ditetapkan = row.ditetapkan
    # Until the value is settled, the newest report of an external index proposes it.
    usul = next((r for r in row.laporan_eksternal if r.nilai is not None), None)
    awal = {
        "nilai": ditetapkan.nilai if ditetapkan else getattr(usul, "nilai", None),
        "catatan": ditetapkan.catatan
        if ditetapkan
        else (
            f"{usul.sumber} ({usul.tanggal:%d-%m-%Y}), dilaporkan {usul.opd.nama}." if usul else ""
        ),
        "versi": ditetapkan.versi if ditetapkan else 0,
    }
    form = NilaiInstansiForm(request.POST or None, initial=awal)
    if request.method == "POST":
        if not is_admin(request.user):
            raise PermissionDenied("Hanya Koordinator (Admin) yang dapat menetapkan nilai.")
        if form.is_valid():
            hapus = request.POST.get("aksi") == "hapus"
            try:
                instansi_services.nilai_tetapkan(
                    penilaian=penilaian,
                    indikator=row.indikator,
                    nilai=None if hapus else form.cleaned_data["nilai"],
                    catatan=form.cleaned_data["catatan"],
                    user=request.user,
                    versi=form.cleaned_data["versi"],
                )
            except GalatEvaluasi as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(
                    request,
                    "Penetapan nilai dicabut; nilai hasil verifikasi berlaku lagi."
                    if hapus
                    else f"Nilai instansi {row.indikator.nama} ditetapkan.",
                )
                return redirect("evaluasi:instansi_indikator", pk=pk, nomor=nomor)
    ctx = {
        "penilaian": penilaian,
        "periode": penilaian.periode,
        "row": row,
        "form": form,
        "nama_opd": dict(Opd.objects.values_list("pk", "nama")),
        "koordinator": is_admin(request.user),
    }
    return render(request, "evaluasi/instansi/indikator.html", ctx)


def _laporan_eksternal(request: HttpRequest, penilaian, indikator) -> HttpResponse:
    """The pengampu's report of an external index: value, date and source, or not out yet."""
    milik = IsianEksternal.objects.filter(
        penilaian=penilaian, indikator=indikator, opd_id=request.user.opd_id
    ).first()
    awal = {
        "nilai": getattr(milik, "nilai", None),
        "tanggal": getattr(milik, "tanggal", None),
        "sumber": getattr(milik, "sumber", ""),
        "belum_tersedia": getattr(milik, "belum_tersedia", False),
        "versi": getattr(milik, "versi", 0),
    }
    form = EksternalForm(request.POST or None, initial=awal)
    if request.method == "POST":
        ensure_indikator_instansi(request.user, penilaian, indikator, isi=True)
        if form.is_valid():
            try:
                instansi_services.eksternal_simpan(
                    penilaian=penilaian,
                    indikator=indikator,
                    opd_id=request.user.opd_id,
                    user=request.user,
                    **form.cleaned_data,
                )
            except Terkunci as exc:
                raise PermissionDenied(str(exc)) from exc
            except GalatEvaluasi as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, f"Nilai {indikator.sumber_eksternal} dilaporkan.")
                return redirect(
                    "evaluasi:instansi_indikator", pk=penilaian.periode_id, nomor=indikator.nomor
                )
    ctx = {
        "penilaian": penilaian,
        "periode": penilaian.periode,
        "indikator": indikator,
        "milik": milik,
        "form": form,
        "ditetapkan": NilaiInstansi.objects.filter(
            penilaian=penilaian, indikator=indikator
        ).first(),
    }
    return render(request, "evaluasi/instansi/eksternal.html", ctx)


def _butir_row(penilaian, butir):
    keadaan = instansi_selectors.keadaan_instansi(penilaian, butir.indikator)
    row = _row_indikator(keadaan, butir.indikator.nomor)
    return row, next(b for b in row.butir if b.butir.pk == butir.pk)


@login_required
@require_http_methods(["GET", "POST"])
def instansi_butir(request: HttpRequest, pk: int, butir_pk: int) -> HttpResponse:
    """One item: the pengampu answer and upload; the asesor judges; the Koordinator chooses
    which answers go forward."""
    penilaian = get_instansi_for_user(request.user, pk)
    butir = instansi_selectors.butir_instansi_for(penilaian, butir_pk)
    ensure_butir_instansi(request.user, penilaian, butir)
    user = request.user
    if request.method == "POST":
        aksi = request.POST.get("aksi", "")
        if user.peran == Peran.PIMPINAN:
            raise PermissionDenied("Pimpinan hanya dapat membaca penilaian instansi.")
        if aksi not in AKSI_BUTIR:
            return HttpResponseBadRequest("Aksi tidak dikenal.")
        try:
            _butir_aksi(request, penilaian, butir, aksi)
        except Terkunci as exc:
            raise PermissionDenied(str(exc)) from exc
        except (GalatEvaluasi, berkas.BerkasDitolak) as exc:
            messages.error(request, str(exc))
        return redirect("evaluasi:instansi_butir", pk=pk, butir_pk=butir.pk)
    row_indikator, row = _butir_row(penilaian, butir)
    milik = next((i for i in row.isian if i.opd_id == user.opd_id), None)
    # A pengampu sees its own answer only; the asesor and the Koordinator see every OPD's.
    isian_tampil = ([milik] if milik else []) if user.peran == Peran.OPERATOR else row.isian
    for isian in isian_tampil:  # a document older than the item allows is flagged (SPEC §13)
        dokumen_selectors.tandai(
            isian.berkas_hidup,
            acuan=penilaian.periode.batas_pengisian,
            kedaluwarsa_bulan=butir.kedaluwarsa_bulan,
        )
    ctx = {
        "penilaian": penilaian,
        "periode": penilaian.periode,
        "butir": butir,
        "row": row,
        "row_indikator": row_indikator,
        "isian_tampil": isian_tampil,
        "milik": milik,
        "pengampu": user.peran == Peran.OPERATOR,
        "pustaka": dokumen_selectors.pilihan_dokumen(user.opd_id)
        if user.peran == Peran.OPERATOR
        else [],
        "catatan_form": CatatanForm(
            initial={
                "catatan": milik.catatan if milik else "",
                "versi": milik.versi if milik else 0,
            }
        ),
        "alasan_revisi": AlasanRevisi.choices,
        "asesor": user.peran == Peran.EVALUATOR,
        "koordinator": is_admin(user),
        "nama_opd": dict(
            Opd.objects.filter(pk__in=row.pengampu | {i.opd_id for i in row.isian}).values_list(
                "pk", "nama"
            )
        ),
        "maks_mb": settings.BUKTI_MAX_BYTES // (1024 * 1024),
    }
    return render(request, "evaluasi/instansi/butir.html", ctx)


AKSI_BUTIR = ("unggah", "tautkan", "catatan", "reviu", "pilih", "sisihkan", "batal_pilih")


def _butir_aksi(request: HttpRequest, penilaian, butir, aksi: str) -> None:
    user = request.user
    if aksi == "unggah":
        ensure_butir_instansi(user, penilaian, butir, isi=True)
        simpan_unggahan(
            request,
            lambda data, nama: instansi_services.berkas_unggah(
                penilaian=penilaian,
                butir=butir,
                opd_id=user.opd_id,
                user=user,
                data=data,
                nama=nama,
                rahasia=request.POST.get("rahasia") == "1",
            ),
        )
    elif aksi == "tautkan":
        ensure_butir_instansi(user, penilaian, butir, isi=True)
        dokumen = get_dokumen_for_user(user, _id_dari(request.POST.get("dokumen")))
        instansi_services.berkas_tautkan(
            penilaian=penilaian, butir=butir, opd_id=user.opd_id, user=user, dokumen=dokumen
        )
        messages.success(request, f"{dokumen.judul} ditautkan dari pustaka.")
    elif aksi == "catatan":
        ensure_butir_instansi(user, penilaian, butir, isi=True)
        form = CatatanForm(request.POST)
        if not form.is_valid():
            raise Konflik(
                "Keterangan tidak tersimpan: "
                + "; ".join(e for errs in form.errors.values() for e in errs),
                None,
            )
        instansi_services.isian_catatan(
            penilaian=penilaian,
            butir=butir,
            opd_id=user.opd_id,
            user=user,
            catatan=form.cleaned_data["catatan"],
            versi=form.cleaned_data["versi"],
        )
        messages.success(request, "Keterangan disimpan.")
    elif aksi == "reviu":
        ensure_butir_instansi(user, penilaian, butir, reviu=True)
        form = ReviuButirForm(request.POST)
        if not form.is_valid():
            raise Konflik("; ".join(e for errs in form.errors.values() for e in errs), None)
        instansi_services.reviu_instansi_simpan(
            penilaian=penilaian,
            butir=butir,
            user=user,
            berkas_terlihat=request.POST.get("berkas_terlihat", ""),
            **form.cleaned_data,
        )
        messages.success(request, f"Butir {butir.kode}: {form.cleaned_data['putusan']}.")
    elif aksi in ("pilih", "sisihkan", "batal_pilih"):
        ensure_butir_instansi(user, penilaian, butir, koordinator=True)
        isian = (
            IsianButir.objects.filter(
                penilaian=penilaian, butir=butir, pk=_id_dari(request.POST.get("isian"))
            )
            .select_related("opd")
            .first()
        )
        if isian is None:
            raise Http404("Isian tidak ditemukan.")
        dipilih = {"pilih": True, "sisihkan": False, "batal_pilih": None}[aksi]
        instansi_services.isian_pilih(isian=isian, dipilih=dipilih, user=user)
        kata = {True: "dipilih untuk dikirim", False: "disisihkan", None: "belum diputuskan"}
        messages.success(request, f"Isian {isian.opd.nama}: {kata[dipilih]}.")


@login_required
@require_GET
def instansi_berkas_unduh(request: HttpRequest, pk: int) -> HttpResponse:
    row = get_berkas_instansi_for_user(request.user, pk)
    nama = berkas.download_name(row.nama_asli, row.jenis)
    inline = request.GET.get("pratinjau") == "1" and row.bisa_pratinjau
    return send_private_file(row.path, content_type=row.jenis, filename=nama, inline=inline)


@login_required
@require_POST
def instansi_berkas_hapus(request: HttpRequest, pk: int) -> HttpResponse:
    row = get_berkas_instansi_for_user(request.user, pk, write=True)
    try:
        instansi_services.berkas_hapus(berkas_row=row, user=request.user)
    except Terkunci as exc:
        raise PermissionDenied(str(exc)) from exc
    messages.success(request, f"{row.nama_asli} dihapus.")
    return redirect(
        reverse(
            "evaluasi:instansi_butir",
            kwargs={"pk": row.isian.penilaian.periode_id, "butir_pk": row.isian.butir_id},
        )
    )
