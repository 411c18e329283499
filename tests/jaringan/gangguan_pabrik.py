"""Disruptions for the gangguan tests (kept here, not in tests/factories.py)."""

from datetime import timedelta

from django.utils import timezone

from jaringan.models import Gangguan


def buat_gangguan(opd, pelapor, *, mulai=None, selesai="auto", **kwargs) -> Gangguan:
    mulai = mulai or timezone.now() - timedelta(hours=3)
    if selesai == "auto":
        selesai = mulai + timedelta(hours=1)
    return Gangguan.objects.create(
        opd=opd,
        pelapor=pelapor,
        mulai=mulai,
        selesai=selesai,
        layanan=kwargs.pop("layanan", "Internet kantor"),
        penyebab=kwargs.pop("penyebab", "isp"),
        **kwargs,
    )
