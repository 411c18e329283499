"""Proof that two web replicas share nothing but the database and object storage.

Starts a local S3 server (moto), makes a fresh database (PostgreSQL when DATABASE_URL is
postgres, else a SQLite file in a temp folder), migrates it, seeds one OPD with an operator,
an admin and a period open for input, then runs TWO gunicorn processes (A and B) on loopback
with the same environment (bucket set, tasks in-process, PRIVATE_ROOT an empty temp folder):

1. the operator logs in on A and on B;
2. uploads an evidence PDF through A and downloads it through B: byte-identical;
3. the admin requests the evidence archive (a report job) on A and downloads it on B: the ZIP
   holds the same bytes;
4. the object is in the bucket, and PRIVATE_ROOT is still empty on local disk.

    .venv/bin/python -m bench.dua_replika            # SQLite file
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python -m bench.dua_replika

Prints one line per step and "OK: ..." at the end; exits 1 on the first failed check.
tests/storage/test_dua_replika.py runs it.
"""

import io
import json
import logging
import os
import re
import socket
import sys
import tempfile
import time
import urllib.parse
import urllib.request
import uuid
import zipfile
from pathlib import Path

from bench.run import PASSWORD, database_url, manage, recreate, session, start_gunicorn

BUCKET = "spbe-dua-replika"
KUNCI = {"aws_access_key_id": "replika", "aws_secret_access_key": "replika-rahasia"}
PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)

SEED = """
import json
import logging
from datetime import timedelta
from django.urls import reverse
from django.utils import timezone
from evaluasi.instrumen.bundled import BUNDLED, load
from evaluasi.instrumen.services import instrumen_save, instrumen_set_default
from evaluasi.penilaian import services as ps
from opd.models import JenisOpd, Opd, Pengguna, Peran

opd = Opd.objects.create(kode="R-01", nama="Dinas Replika", singkatan="DR",
                         jenis=JenisOpd.DINAS, urutan=1)
for username, peran, unit in [("operator.replika", Peran.OPERATOR, opd),
                              ("admin.replika", Peran.ADMIN, None)]:
    user = Pengguna(username=username, nama=username, email=f"{username}@contoh.go.id",
                    peran=peran, opd=unit)
    user.set_password(PASSWORD)
    user.save()
data, errors = load(BUNDLED[0])
instrumen = instrumen_save(data=data)
instrumen_set_default(instrumen=instrumen)
today = timezone.localdate()
periode = ps.periode_create(data={
    "nama": "Evaluasi replika", "tahun": today.year, "instrumen": instrumen,
    "mulai_pengisian": today - timedelta(days=30), "batas_pengisian": today + timedelta(days=30),
    "batas_verifikasi": today + timedelta(days=60), "tahun_tpp": today.year + 1})
periode, _ = ps.periode_advance(periode=periode)
penilaian = periode.penilaian.get(opd=opd)
print(json.dumps({
    "unggah": reverse("evaluasi:bukti_unggah", kwargs={"pk": penilaian.pk, "nomor": 1}),
    "jawaban": reverse("evaluasi:jawaban", kwargs={"pk": penilaian.pk, "nomor": 1}),
    "detail": reverse("evaluasi:penilaian_detail", kwargs={"pk": penilaian.pk}),
    "bukti": reverse("evaluasi:bukti_unduh", args=[0]),
    "arsip": reverse("evaluasi:arsip_bukti_penilaian", kwargs={"pk": penilaian.pk}),
    "laporan": reverse("evaluasi:laporan_detail", args=[0]),
    "unduh": reverse("evaluasi:laporan_unduh", args=[0]),
}))
"""


class Gagal(Exception):
    pass


def check(condition: bool, what: str) -> None:
    if not condition:
        raise Gagal(what)
    print(f"  ok  {what}")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def csrf(opener, url: str) -> str:
    page = opener.open(url).read().decode()
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)


def post_file(opener, url: str, referer: str, name: str, data: bytes) -> str:
    token = csrf(opener, referer)
    boundary = uuid.uuid4().hex
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="csrfmiddlewaretoken"\r\n\r\n'
            f"{token}\r\n--{boundary}\r\n"
            f'Content-Disposition: form-data; name="berkas"; filename="{name}"\r\n'
            "Content-Type: application/pdf\r\n\r\n"
        ).encode()
        + data
        + f"\r\n--{boundary}--\r\n".encode()
    )
    request = urllib.request.Request(
        url,
        data=body,
        headers={"Content-Type": f"multipart/form-data; boundary={boundary}", "Referer": referer},
    )
    with opener.open(request) as response:
        return response.read().decode()


def post_form(opener, url: str, referer: str) -> str:
    data = urllib.parse.urlencode({"csrfmiddlewaretoken": csrf(opener, referer)}).encode()
    request = urllib.request.Request(url, data=data, headers={"Referer": referer})
    with opener.open(request) as response:
        return response.geturl()


def get(opener, url: str) -> bytes:
    with opener.open(url) as response:
        return response.read()


def local_files(root: Path) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


def run(work: Path) -> None:
    import boto3
    from moto.server import ThreadedMotoServer

    logging.getLogger("werkzeug").setLevel(logging.ERROR)  # moto logs every request
    s3_port = free_port()
    moto = ThreadedMotoServer(ip_address="127.0.0.1", port=s3_port, verbose=False)
    moto.start()
    servers = []
    base = os.environ.get("DATABASE_URL", "")
    db_name = f"spbe_dua_replika_{uuid.uuid4().hex[:8]}"
    try:
        endpoint = f"http://127.0.0.1:{s3_port}"
        s3 = boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1", **KUNCI)
        s3.create_bucket(Bucket=BUCKET)
        if base.startswith("postgres"):
            recreate(base, db_name)
            db_url = database_url(base, db_name)
        else:
            db_url = f"sqlite:///{work / 'bersama.sqlite3'}"
        private = work / "private"
        private.mkdir()
        env = {
            **os.environ,
            "DATABASE_URL": db_url,
            "DEBUG": "1",
            "SECRET_KEY": "dua-replika-" + "x" * 40,
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "PRIVATE_ROOT": str(private),
            "MEDIA_ROOT": str(work / "media"),
            "AWS_STORAGE_BUCKET_NAME": BUCKET,
            "AWS_S3_ENDPOINT_URL": endpoint,
            "AWS_ACCESS_KEY_ID": KUNCI["aws_access_key_id"],
            "AWS_SECRET_ACCESS_KEY": KUNCI["aws_secret_access_key"],
            "AWS_S3_REGION_NAME": "us-east-1",
            "AXES_ENABLED": "0",
            "LOG_LEVEL": "WARNING",
        }
        env.pop("REDIS_URL", None)  # tasks run in-process, as in the embedded default
        started = time.monotonic()
        manage(env, "migrate", "--noinput", "-v0")
        print(f"migrated in {time.monotonic() - started:.1f} s")
        seed = SEED.replace("PASSWORD", repr(PASSWORD))
        urls = json.loads(manage(env, "shell", "-c", seed).strip().splitlines()[-1])
        print(f"seeded in {time.monotonic() - started:.1f} s")
        print(f"database {db_url.split('@')[-1]}, bucket {BUCKET} at {endpoint}")

        ports = free_port(), free_port()
        servers.extend(start_gunicorn(env, port, "--workers", "1") for port in ports)
        a, b = (f"http://127.0.0.1:{port}" for port in ports)
        print(f"replica A {a}, replica B {b}")

        operator_a, operator_b = session(a, "operator.replika"), session(b, "operator.replika")
        evidence = PDF + f"% replika {uuid.uuid4().hex}\n".encode()
        page = post_file(
            operator_a, a + urls["unggah"], a + urls["jawaban"], "Bukti A.pdf", evidence
        )
        check("Bukti A.pdf diunggah." in page, "evidence uploaded through A")
        link = urls["bukti"].replace("/0/", r"/(\d+)/")
        bukti_pk = re.search(link, page).group(1)
        download = get(operator_b, b + urls["bukti"].replace("/0/", f"/{bukti_pk}/"))
        check(download == evidence, "the same evidence downloaded through B, byte-identical")

        admin_a, admin_b = session(a, "admin.replika"), session(b, "admin.replika")
        detail = post_form(admin_a, a + urls["arsip"], a + urls["detail"])
        job = re.search(urls["laporan"].replace("/0/", r"/(\d+)/"), detail).group(1)
        archive = get(admin_b, b + urls["unduh"].replace("/0/", f"/{job}/"))
        with zipfile.ZipFile(io.BytesIO(archive)) as zipped:
            pdfs = [zipped.read(n) for n in zipped.namelist() if n.endswith(".pdf")]
        check(pdfs == [evidence], "report job requested on A, its ZIP served by B")

        stored = s3.list_objects_v2(Bucket=BUCKET).get("Contents", [])
        check(len(stored) >= 2, f"{len(stored)} objects in the bucket (evidence and report)")
        check(local_files(private) == [], "PRIVATE_ROOT is empty: nothing stored on local disk")
        print("OK: two replicas share only the database and the object storage")
    finally:
        for server in servers:
            server.terminate()
        for server in servers:
            server.wait(timeout=30)
        moto.stop()
        if base.startswith("postgres"):
            import psycopg

            parsed = urllib.parse.urlparse(base)
            with psycopg.connect(
                dbname="postgres",
                autocommit=True,
                host=parsed.hostname or "127.0.0.1",
                port=parsed.port or 5432,
                user=parsed.username or "postgres",
                password=parsed.password,
            ) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{db_name}" WITH (FORCE)')


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="spbe-dua-replika-") as work:
        try:
            run(Path(work))
        except Gagal as exc:
            print(f"GAGAL: {exc}")
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
