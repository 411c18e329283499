"""Failed-login throttling behind a reverse proxy: the client address comes from
X-Forwarded-For as configured by AXES_PROXY_COUNT (spbe_portal/klien.py)."""

import pytest
from django.test import RequestFactory
from django.urls import reverse

from spbe_portal.klien import alamat_klien
from tests.factories import PASSWORD

PROXY = "10.0.0.2"  # the reverse proxy: every request reaches Django from this address
ATTACKER = "203.0.113.7"
COLLEAGUE = "198.51.100.20"


def _login(client, password, *, forwarded_for=None, remote_addr=PROXY):
    headers = {"REMOTE_ADDR": remote_addr}
    if forwarded_for is not None:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded_for
    return client.post(
        reverse("akun:masuk"), {"username": "operator.a", "password": password}, **headers
    )


@pytest.mark.django_db
def test_behind_one_proxy_failures_lock_the_sender_not_everyone(client, operator_a, settings):
    settings.AXES_IPWARE_PROXY_COUNT = 1
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(client, "salah", forwarded_for=ATTACKER)

    attacker = _login(client, PASSWORD, forwarded_for=ATTACKER)
    colleague = _login(client, PASSWORD, forwarded_for=COLLEAGUE)

    assert attacker.status_code == 429
    assert colleague.status_code == 302


@pytest.mark.django_db
def test_a_spoofed_left_most_address_does_not_escape_the_lock(client, operator_a, settings):
    settings.AXES_IPWARE_PROXY_COUNT = 1
    # The attacker sends its own X-Forwarded-For, a new address each time; the proxy appends
    # the address it really saw, so only the right-most entry is the proxy's word.
    for i in range(settings.AXES_FAILURE_LIMIT):
        _login(client, "salah", forwarded_for=f"192.0.2.{i}, {ATTACKER}")

    attacker = _login(client, PASSWORD, forwarded_for=f"192.0.2.99, {ATTACKER}")
    colleague = _login(client, PASSWORD, forwarded_for=COLLEAGUE)

    assert attacker.status_code == 429
    assert colleague.status_code == 302


@pytest.mark.django_db
def test_without_proxy_count_the_header_is_ignored(client, operator_a, settings):
    settings.AXES_IPWARE_PROXY_COUNT = 0
    # Anyone can send X-Forwarded-For; without a configured proxy it must not pick the bucket.
    for i in range(settings.AXES_FAILURE_LIMIT):
        _login(client, "salah", forwarded_for=f"192.0.2.{i}", remote_addr=ATTACKER)

    attacker = _login(client, PASSWORD, forwarded_for="192.0.2.99", remote_addr=ATTACKER)
    colleague = _login(client, PASSWORD, remote_addr=COLLEAGUE)

    assert attacker.status_code == 429
    assert colleague.status_code == 302


@pytest.mark.parametrize(
    ("count", "forwarded_for", "expected"),
    [
        (0, "192.0.2.1", PROXY),
        (1, ATTACKER, ATTACKER),
        (1, f"192.0.2.1, {ATTACKER}", ATTACKER),
        (1, f" 192.0.2.1 ,{ATTACKER} ", ATTACKER),
        (2, f"192.0.2.1, {ATTACKER}, 10.0.0.1", ATTACKER),
        (1, "2001:db8::7", "2001:db8::7"),
        # Fewer entries than proxies: the request did not pass every proxy; trust only the peer.
        (2, ATTACKER, PROXY),
        (1, None, PROXY),
        (1, "", PROXY),
        # What the trusted proxy wrote is not an address: the peer, never the garbage.
        (1, "unknown", PROXY),
        (1, f"{ATTACKER}, not-an-ip", PROXY),
    ],
)
def test_client_address_is_the_entry_the_outermost_trusted_proxy_wrote(
    settings, count, forwarded_for, expected
):
    settings.AXES_IPWARE_PROXY_COUNT = count
    headers = {"REMOTE_ADDR": PROXY}
    if forwarded_for is not None:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded_for
    request = RequestFactory().post("/akun/masuk/", **headers)

    assert alamat_klien(request) == expected
