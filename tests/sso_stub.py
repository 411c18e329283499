"""A small OpenID Connect provider for the SSO tests: authorize, token, userinfo, JWKS, logout.

It runs in a thread on 127.0.0.1 and signs RS256 id_tokens with a key made for the test run.
The test sets who logs in (`klaim`) and how the provider misbehaves (`rusak`).
"""

import base64
import hashlib
import json
import secrets
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlencode, urlparse

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

CLIENT_ID = "portal-spbe"
CLIENT_SECRET = "rahasia-stub"
KID = "kunci-uji"


def _kunci():
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


class StubOidc:
    def __init__(self):
        self.kunci = _kunci()
        self.kunci_lain = _kunci()  # signs the tampered tokens
        self.klaim: dict = {}
        # "tanda_tangan", "nonce", "kedaluwarsa", "aud", "sub_userinfo": one way to misbehave.
        self.rusak = ""
        self.kode: dict[str, dict] = {}
        self.token_diminta = 0
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()

    def settings(self) -> dict:
        return {
            "OIDC_RP_CLIENT_ID": CLIENT_ID,
            "OIDC_RP_CLIENT_SECRET": CLIENT_SECRET,
            "OIDC_OP_AUTHORIZATION_ENDPOINT": f"{self.url}/authorize",
            "OIDC_OP_TOKEN_ENDPOINT": f"{self.url}/token",
            "OIDC_OP_USER_ENDPOINT": f"{self.url}/userinfo",
            "OIDC_OP_JWKS_ENDPOINT": f"{self.url}/jwks",
            "OIDC_OP_ISSUER": self.url,
        }

    def _id_token(self, data: dict) -> str:
        now = int(time.time())
        claims = {
            "iss": self.url,
            "sub": self.klaim["sub"],
            "aud": CLIENT_ID,
            "iat": now,
            "exp": now + 300,
            "nonce": data["nonce"],
        }
        if self.rusak == "nonce":
            claims["nonce"] = "nonce-lain"
        if self.rusak == "kedaluwarsa":
            claims["iat"], claims["exp"] = now - 3600, now - 1800
        if self.rusak == "aud":
            claims["aud"] = "aplikasi-lain"
        key = self.kunci_lain if self.rusak == "tanda_tangan" else self.kunci
        return jwt.encode(claims, key, algorithm="RS256", headers={"kid": KID})

    def _handler(self):
        stub = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _json(self, status: int, body: dict) -> None:
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self):
                url = urlparse(self.path)
                query = {k: v[0] for k, v in parse_qs(url.query).items()}
                if url.path == "/authorize":
                    kode = secrets.token_urlsafe(16)
                    stub.kode[kode] = query
                    back = {"code": kode, "state": query["state"]}
                    self.send_response(302)
                    self.send_header("Location", f"{query['redirect_uri']}?{urlencode(back)}")
                    self.end_headers()
                elif url.path == "/userinfo":
                    if self.headers.get("Authorization") != "Bearer akses-stub":
                        self._json(401, {"error": "invalid_token"})
                        return
                    klaim = dict(stub.klaim)
                    if stub.rusak == "sub_userinfo":
                        klaim["sub"] = "orang-lain"
                    self._json(200, klaim)
                elif url.path == "/jwks":
                    jwk = RSAAlgorithm.to_jwk(stub.kunci.public_key(), as_dict=True)
                    self._json(200, {"keys": [{**jwk, "kid": KID, "alg": "RS256", "use": "sig"}]})
                else:
                    self._json(404, {})

            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0))).decode()
                form = {k: v[0] for k, v in parse_qs(body).items()}
                if urlparse(self.path).path != "/token":
                    self._json(404, {})
                    return
                stub.token_diminta += 1
                data = stub.kode.pop(form.get("code", ""), None)
                verifier = form.get("code_verifier", "")
                challenge = (
                    base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest())
                    .rstrip(b"=")
                    .decode()
                )
                if (
                    data is None
                    or form.get("client_secret") != CLIENT_SECRET
                    or form.get("redirect_uri") != data["redirect_uri"]
                    or challenge != data.get("code_challenge")
                ):
                    self._json(400, {"error": "invalid_grant"})
                    return
                self._json(
                    200,
                    {
                        "access_token": "akses-stub",
                        "token_type": "Bearer",
                        "expires_in": 300,
                        "id_token": stub._id_token(data),
                    },
                )

        return Handler
