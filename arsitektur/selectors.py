"""Reads of architecture data, including the public landing page's (public fields only)."""

from collections import Counter

from django.db.models import Count, Exists, OuterRef, Q

from arsitektur.models import (
    Aplikasi,
    DomainArsitektur,
    StatusArsitektur,
    StatusDomain,
    StatusInformasi,
)
from opd.models import Opd
from spbe_portal import paging


def matrix(periode, opds, *, q: str = "", halaman=None, per_halaman: int = 50) -> dict:
    """One page of OPDs (of `opds`, searched by `q`) with the status of every architecture
    domain in a period; the counts per domain cover all of `opds`, counted in SQL."""
    total = opds.count()
    # A domain without a row is "belum": counted as what is left after ok and na.
    tercatat = Counter()
    for domain, status, n in (
        StatusDomain.objects.filter(periode=periode, opd__in=opds)
        .exclude(status=StatusArsitektur.BELUM)
        .order_by()
        .values_list("domain", "status")
        .annotate(n=Count("pk"))
    ):
        tercatat[domain, status] = n
    counts = []
    for value, label in DomainArsitektur.choices:
        ok, na = tercatat[value, StatusArsitektur.OK], tercatat[value, StatusArsitektur.NA]
        counts.append((label, {"ok": ok, "na": na, "belum": total - ok - na}))
    page = paging.potong(
        opds.filter(paging.cari_opd(q)).order_by("urutan", "nama"), halaman, per_halaman
    )
    ids = [o.pk for o in page.object_list]
    # The per-OPD counts only for the page's OPDs, so they cost the same at any size.
    opd_rows = {
        o.pk: o
        for o in Opd.objects.filter(pk__in=ids)
        .select_related("profil_arsitektur")
        .annotate(
            jumlah_aplikasi=Count("aplikasi", filter=Q(aplikasi__aktif=True), distinct=True),
            jumlah_talenta=Count("talenta", distinct=True),
        )
    }
    statuses = {
        (s.opd_id, s.domain): s for s in StatusDomain.objects.filter(periode=periode, opd__in=ids)
    }
    rows = []
    for pk in ids:
        cells = []
        for domain in DomainArsitektur.values:
            s = statuses.get((pk, domain))
            status = s.status if s else StatusArsitektur.BELUM
            cells.append({"domain": domain, "status": status, "row": s})
        rows.append({"opd": opd_rows[pk], "cells": cells})
    return {
        "rows": rows,
        "page": page,
        "jumlah_opd": total,
        "domains": DomainArsitektur.choices,
        "counts": counts,
    }


def opd_detail(opd, periode) -> dict:
    current = (
        {s.domain: s for s in StatusDomain.objects.filter(periode=periode, opd=opd)}
        if periode
        else {}
    )
    return {
        "status": [
            {"domain": value, "label": label, "row": current.get(value)}
            for value, label in DomainArsitektur.choices
        ],
        "aplikasi": list(opd.aplikasi.select_related("dokumen").order_by("-aktif", "nama")),
        "talenta": list(opd.talenta.select_related("sertifikat").order_by("nama")),
    }


def publik(q: str = "", *, halaman=None, per_halaman: int = 20) -> dict:
    """The public landing page: one page of active OPDs with their active applications'
    public fields only; the totals and the status summary are counted in SQL.

    `.values()` on Aplikasi.PUBLIC_FIELDS means no private field is ever loaded, so none can
    be rendered by mistake.
    """
    apps = Aplikasi.objects.filter(aktif=True, opd__aktif=True)
    opds = Opd.objects.filter(aktif=True)
    if q:
        apps = apps.filter(
            Q(nama__icontains=q) | Q(deskripsi__icontains=q) | Q(opd__nama__icontains=q)
        )
        opds = opds.filter(Exists(apps.filter(opd=OuterRef("pk"))) | paging.cari_opd(q))
    page = paging.potong(
        opds.select_related("profil_arsitektur").order_by("urutan", "nama"),
        halaman,
        per_halaman,
    )
    by_opd: dict[int, list] = {}
    for app in (
        apps.filter(opd__in=[o.pk for o in page.object_list])
        .values("opd_id", *Aplikasi.PUBLIC_FIELDS)
        .order_by("nama")
    ):
        by_opd.setdefault(app["opd_id"], []).append(app)
    rows = []
    for opd in page.object_list:
        profil = getattr(opd, "profil_arsitektur", None)
        status = (
            profil.get_status_informasi_display()
            if profil
            else StatusInformasi.BELUM_KONFIRMASI.label
        )
        rows.append(
            {
                "nama": opd.nama,
                "singkatan": opd.singkatan,
                "status": status,
                "aplikasi": by_opd.get(opd.pk, []),
            }
        )
    ringkasan = Counter()
    for status, n in (
        opds.order_by().values_list("profil_arsitektur__status_informasi").annotate(n=Count("pk"))
    ):
        label = dict(StatusInformasi.choices).get(status or StatusInformasi.BELUM_KONFIRMASI)
        ringkasan[label or status] += n
    return {
        "page": page,
        "rows": rows,
        "jumlah_aplikasi": apps.count(),
        "ringkasan": sorted(ringkasan.items()),
    }
