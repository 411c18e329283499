"""Load test users (driven headless by bench/load.py): operators saving answers and uploading
small files, evaluators reviewing, pimpinan opening the dashboard. Each operator owns one OPD,
so every save is expected to succeed; what each operator believes it saved is written to
LOAD_RESULTS for bench/load.py to compare with the database."""

import itertools
import json
import os
import random
import re

from locust import HttpUser, between, task

ACCOUNTS = json.loads(os.environ.get("LOAD_ACCOUNTS", "{}") or "{}")
RESULTS = os.environ.get("LOAD_RESULTS", "load-results.jsonl")
PDF = b"%PDF-1.4\n% uji beban\n"
_operators = itertools.count()


def login(user: HttpUser, username: str) -> None:
    page = user.client.get("/akun/masuk/", name="login page").text
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    user.client.post(
        "/akun/masuk/",
        {"csrfmiddlewaretoken": token, "username": username, "password": ACCOUNTS["password"]},
        name="login",
    )


def csrf(user: HttpUser) -> dict:
    return {"X-CSRFToken": user.client.cookies.get("csrftoken", "")}


class Operator(HttpUser):
    weight = 3
    wait_time = between(0.5, 2)

    def on_start(self):
        account = ACCOUNTS["operators"][next(_operators) % len(ACCOUNTS["operators"])]
        self.username, self.penilaian = account["username"], account["penilaian"]
        self.versi: dict[int, int] = {}
        self.saves = self.uploads = 0
        login(self, self.username)

    @task(4)
    def save_answer(self):
        nomor = random.randint(1, 47)
        data = {
            "level": random.randint(1, 5),
            "penjelasan": f"Uji beban {self.username} indikator {nomor} #{self.versi.get(nomor, 0) + 1}",
            "tautan": "",
            "versi": self.versi.get(nomor, 0),
        }
        with self.client.post(
            f"/evaluasi/penilaian/{self.penilaian}/indikator/{nomor}/",
            data,
            headers={"HX-Request": "true", **csrf(self)},
            name="save answer",
            catch_response=True,
        ) as response:
            if response.status_code == 200 and "Tersimpan pukul" in response.text:
                self.versi[nomor] = self.versi.get(nomor, 0) + 1
                self.saves += 1
                response.success()
            else:
                response.failure(f"save: {response.status_code}")

    @task(1)
    def upload(self):
        nomor = random.randint(1, 47)
        content = PDF + f"% {self.username} {self.uploads} {random.random()}\n".encode()
        with self.client.post(
            f"/evaluasi/penilaian/{self.penilaian}/indikator/{nomor}/bukti/",
            files={"berkas": (f"bukti-{self.uploads}.pdf", content, "application/pdf")},
            headers=csrf(self),
            name="upload evidence",
            catch_response=True,
        ) as response:
            if response.status_code == 200 and "diunggah." in response.text:
                self.uploads += 1
                response.success()
            else:
                response.failure(f"upload: {response.status_code}")

    @task(2)
    def overview(self):
        self.client.get(f"/evaluasi/penilaian/{self.penilaian}/", name="operator overview")

    def on_stop(self):
        with open(RESULTS, "a", encoding="utf-8") as handle:
            handle.write(
                json.dumps(
                    {"username": self.username, "saves": self.saves, "uploads": self.uploads}
                )
                + "\n"
            )


class Evaluator(HttpUser):
    weight = 1
    wait_time = between(1, 3)

    def on_start(self):
        login(self, ACCOUNTS["evaluator"])

    @task
    def review(self):
        self.client.get("/evaluasi/", name="evaluator queue")
        account = random.choice(ACCOUNTS["operators"])
        self.client.get(
            f"/evaluasi/penilaian/{account['penilaian']}/reviu/{random.randint(1, 47)}/",
            name="review page",
        )


class Pimpinan(HttpUser):
    weight = 1
    wait_time = between(1, 3)

    def on_start(self):
        login(self, ACCOUNTS["pimpinan"])

    @task
    def dashboard(self):
        self.client.get(f"/evaluasi/dashboard/?periode={ACCOUNTS['periode']}", name="dashboard")
