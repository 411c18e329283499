"""After the load test: what the database holds for each operator (saves and uploads)."""

import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "spbe_portal.settings")

import django

django.setup()

from django.db.models import Count, Sum

from evaluasi.models import Bukti, Jawaban

saves = dict(
    Jawaban.objects.values("penilaian__opd__pengguna__username")
    .annotate(n=Sum("versi"))
    .values_list("penilaian__opd__pengguna__username", "n")
)
uploads = dict(
    Bukti.objects.values("jawaban__penilaian__opd__pengguna__username")
    .annotate(n=Count("pk"))
    .values_list("jawaban__penilaian__opd__pengguna__username", "n")
)
print(json.dumps({"saves": saves, "uploads": uploads}))
