"""Data for the load test: a period open for input, one operator per OPD, an evaluator, pimpinan.
Run inside the load-test database's settings by bench/load.py; prints the accounts as JSON."""

import json
import os
import sys
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "spbe_portal.settings")

import django

django.setup()

from django.core.management import call_command
from django.utils import timezone

from evaluasi.instrumen.selectors import instrumen_default
from evaluasi.penilaian import services as penilaian_services
from evaluasi.verifikasi import services as verifikasi_services
from opd.models import Opd, Pengguna, Peran

PASSWORD = "beban-uji-2026"


def main(operators: int) -> dict:
    call_command("muat_instrumen", verbosity=0)
    admin = Pengguna(username="load.admin", nama="Admin", peran=Peran.ADMIN)
    admin.set_password(PASSWORD)
    admin.save()
    opds = Opd.objects.bulk_create(
        Opd(kode=f"BBN-{i:03d}", nama=f"OPD Beban {i:03d}", jenis="Dinas", urutan=i)
        for i in range(1, operators + 1)
    )
    today = timezone.localdate()
    periode = penilaian_services.periode_create(
        data={
            "nama": "Evaluasi SPBE OPD – uji beban",
            "tahun": today.year,
            "instrumen": instrumen_default(),
            "mulai_pengisian": today - timedelta(days=10),
            "batas_pengisian": today + timedelta(days=30),
            "batas_verifikasi": today + timedelta(days=40),
            "tahun_tpp": today.year + 1,
        }
    )
    periode, _ = penilaian_services.periode_advance(periode=periode)
    accounts = {"password": PASSWORD, "operators": [], "periode": periode.pk}
    for opd in opds:
        user = Pengguna(
            username=f"load.op{opd.urutan:03d}",
            nama=f"Operator {opd.urutan}",
            peran=Peran.OPERATOR,
            opd=opd,
        )
        user.set_password(PASSWORD)
        user.save()
        accounts["operators"].append(
            {"username": user.username, "penilaian": periode.penilaian.get(opd=opd).pk}
        )
    for username, peran in (("load.evaluator", Peran.EVALUATOR), ("load.pimpinan", Peran.PIMPINAN)):
        user = Pengguna(username=username, nama=username, peran=peran)
        user.set_password(PASSWORD)
        user.save()
    evaluator = Pengguna.objects.get(username="load.evaluator")
    verifikasi_services.penugasan_add(periode=periode, evaluator=evaluator, opds=opds, user=admin)
    accounts["evaluator"], accounts["pimpinan"] = "load.evaluator", "load.pimpinan"
    return accounts


if __name__ == "__main__":
    print(json.dumps(main(int(sys.argv[1]) if len(sys.argv) > 1 else 50)))
