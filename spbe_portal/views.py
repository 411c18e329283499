"""Project-wide pages: the role-aware home page and the health check."""

from dataclasses import replace

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from arsitektur.permohonan import selectors as permohonan_selectors
from evaluasi import tugas
from evaluasi.aksi import selectors as aksi_selectors
from evaluasi.dokumen import selectors as dokumen_selectors
from evaluasi.instansi import selectors as instansi_selectors
from evaluasi.instansi import tugas as instansi_tugas
from evaluasi.konteks import periode_konteks
from jaringan.gangguan import selectors as gangguan_selectors
from opd import selectors
from opd.models import Peran
from spbe_portal.access import (
    aksi_queryset_for_user,
    gangguan_queryset_for_user,
    is_admin,
    opd_queryset_for_user,
    penilaian_queryset_for_user,
    permohonan_queryset_for_user,
    sesi_queryset_for_user,
)


@require_GET
@login_required
def beranda(request: HttpRequest) -> HttpResponse:
    """Tugas saya: each role starts from what it has to do in the period it is looking at."""
    user = request.user
    periode = periode_konteks(request).aktif
    if user.peran == Peran.PIMPINAN and periode is not None:
        # Leaders start where the figures are: latest results and the trend.
        return redirect("evaluasi:dashboard")
    base = penilaian_queryset_for_user(user)
    ctx = {
        "periode": periode,
        "aksi_tenggat": [],
        "sesi_dekat": tugas.sesi_dekat(sesi_queryset_for_user(user), user),
    }
    if user.peran != Peran.PIMPINAN:
        ctx["aksi_tenggat"] = aksi_selectors.tenggat_dekat(aksi_queryset_for_user(user))
    # The network and request agendas wait on Admins (Diskominfo) and the OPDs' operators.
    ctx["permohonan_tugas"] = ctx["gangguan_berlangsung"] = []
    if user.peran in (Peran.ADMIN, Peran.OPERATOR):
        ctx["permohonan_tugas"] = permohonan_selectors.tugas_permohonan(
            permohonan_queryset_for_user(user), peninjau=user.peran == Peran.ADMIN
        )
        ctx["gangguan_berlangsung"] = gangguan_selectors.masih_berlangsung(
            gangguan_queryset_for_user(user)
        )
    if user.peran == Peran.OPERATOR:
        ctx["tugas"] = tugas.tugas_operator(base, periode)
        ctx["dokumen_berakhir"] = (
            dokumen_selectors.dokumen_berakhir(opd_id=user.opd_id, hari_ini=timezone.localdate())
            if user.opd_id
            else []
        )
        ctx["diampu"] = instansi_selectors.ringkasan_pengampu(periode, user.opd_id)
        if ctx["diampu"]:
            ctx["tugas_nasional"] = [
                replace(
                    t,
                    url=reverse(
                        "evaluasi:instansi_butir", kwargs={"pk": periode.pk, "butir_pk": t.butir_id}
                    ),
                )
                for t in instansi_tugas.tugas_nasional(periode, user.opd_id)
            ]
    elif user.peran == Peran.EVALUATOR:
        ctx["tugas"] = tugas.tugas_evaluator(base, periode)
        ctx["instansi"] = instansi_selectors.ringkasan_asesor(periode)
    elif is_admin(user):
        ctx["monitor"] = tugas.monitor_siklus(periode)
        # The pemda's own documents are the Admins' to keep (opd_id None).
        ctx["dokumen_berakhir"] = dokumen_selectors.dokumen_berakhir(
            opd_id=None, hari_ini=timezone.localdate()
        )
        ctx["ada_instansi"] = instansi_selectors.penilaian_instansi(periode) is not None
        ctx["opd_counts"] = selectors.opd_counts(base=opd_queryset_for_user(user))
        ctx["pengguna_counts"] = selectors.pengguna_counts()
    return render(request, "beranda.html", ctx)


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """Database and broker reachability, for docker and load balancers. 503 if either is down."""
    checks = {"database": _check_database(), "broker": _check_broker()}
    healthy = all(value in ("ok", "in-process") for value in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "error", **checks}, status=200 if healthy else 503
    )


def _check_database() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # any driver error means "unreachable"; report, don't raise
        return f"error: {exc.__class__.__name__}"
    return "ok"


def _check_broker() -> str:
    if not settings.REDIS_URL:
        return "in-process"
    import redis

    try:
        client = redis.Redis.from_url(
            settings.REDIS_URL, socket_connect_timeout=2, socket_timeout=2
        )
        client.ping()
    except redis.RedisError as exc:
        return f"error: {exc.__class__.__name__}"
    return "ok"
