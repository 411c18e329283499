"""/healthz reports database and broker reachability."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_healthz_reports_database_and_broker(client, settings):
    response = client.get(reverse("healthz"))

    assert response.status_code == 200
    body = response.json()
    assert body["database"] == "ok"
    # In CI REDIS_URL points at the real Redis, which must answer; locally tasks run in-process.
    assert body["broker"] == ("ok" if settings.REDIS_URL else "in-process")


def test_healthz_is_503_when_the_broker_is_unreachable(client, settings):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"  # nothing listens on port 1

    response = client.get(reverse("healthz"))

    assert response.status_code == 503
    assert response.json()["broker"].startswith("error:")
