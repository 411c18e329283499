"""Reads of architecture data, including the public landing page's (public fields only)."""

from collections import Counter

from django.db.models import Count, Q

from arsitektur.models import (
    Aplikasi,
    DomainArsitektur,
    StatusArsitektur,
    StatusDomain,
    StatusInformasi,
)
from opd.models import Opd


def matrix(periode, opds) -> dict:
    """Status of every architecture domain of every OPD in a period, with counts per domain."""
    statuses = {
        (s.opd_id, s.domain): s for s in StatusDomain.objects.filter(periode=periode, opd__in=opds)
    }
    opds = list(
        opds.select_related("profil_arsitektur").annotate(
            jumlah_aplikasi=Count("aplikasi", filter=Q(aplikasi__aktif=True), distinct=True),
            jumlah_talenta=Count("talenta", distinct=True),
        )
    )
    rows, counts = [], {d: Counter() for d in DomainArsitektur.values}
    for opd in opds:
        cells = []
        for domain in DomainArsitektur.values:
            s = statuses.get((opd.pk, domain))
            status = s.status if s else StatusArsitektur.BELUM
            counts[domain][status] += 1
            cells.append({"domain": domain, "status": status, "row": s})
        rows.append({"opd": opd, "cells": cells})
    return {
        "rows": rows,
        "domains": DomainArsitektur.choices,
        "counts": [(label, counts[value]) for value, label in DomainArsitektur.choices],
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


def publik(q: str = "") -> dict:
    """The public landing page: OPDs with their active applications' public fields only.

    `.values()` on Aplikasi.PUBLIC_FIELDS means no private field is ever loaded, so none can
    be rendered by mistake.
    """
    apps = (
        Aplikasi.objects.filter(aktif=True)
        .values("opd_id", *Aplikasi.PUBLIC_FIELDS)
        .order_by("nama")
    )
    if q:
        apps = apps.filter(
            Q(nama__icontains=q) | Q(deskripsi__icontains=q) | Q(opd__nama__icontains=q)
        )
    by_opd: dict[int, list] = {}
    for app in apps:
        by_opd.setdefault(app["opd_id"], []).append(app)
    opds = (
        Opd.objects.filter(aktif=True)
        .select_related("profil_arsitektur")
        .order_by("urutan", "nama")
    )
    if q:
        opds = opds.filter(
            Q(pk__in=by_opd.keys()) | Q(nama__icontains=q) | Q(singkatan__icontains=q)
        )
    rows = []
    for opd in opds:
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
    return {
        "rows": rows,
        "jumlah_aplikasi": sum(len(r["aplikasi"]) for r in rows),
        "ringkasan": sorted(Counter(r["status"] for r in rows).items()),
    }
