"""The production stack as docker-compose.yml and deploy/nginx.conf.template describe it.

CI has no docker compose, so the files are read as data: nginx in front of at least two web
replicas that share no volume, a worker, exactly one beat, PostgreSQL, Redis and an S3 store,
every service with a health check, and an nginx that compresses and forwards the client.
"""

import re
from pathlib import Path

import pytest
import yaml
from django.conf import settings

ROOT = Path(__file__).resolve().parent.parent
COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))
SERVICES = COMPOSE["services"]
NGINX = (ROOT / "deploy" / "nginx.conf.template").read_text(encoding="utf-8")
NGINX_DIRECTIVES = re.sub(r"#.*", "", NGINX)  # comments say nothing to nginx
AWS = [
    "AWS_STORAGE_BUCKET_NAME",
    "AWS_S3_ENDPOINT_URL",
    "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY",
    "AWS_S3_REGION_NAME",
]


def _command(service: dict) -> str:
    command = service.get("command", "")
    return " ".join(command) if isinstance(command, list) else command


def _portal(name: str) -> bool:
    return SERVICES[name].get("image") == "spbe-portal:latest"


def _web() -> list[str]:
    # The image's own CMD (gunicorn): portal services without a command of their own.
    return [name for name in SERVICES if _portal(name) and not _command(SERVICES[name])]


def _upstream_servers() -> list[str]:
    block = re.search(r"upstream portal \{(.*?)\}", NGINX_DIRECTIVES, re.S).group(1)
    return re.findall(r"^\s*server\s+([\w-]+):8000\b", block, re.M)


def _default(value: str) -> str:
    return re.fullmatch(r"\$\{\w+:-([^}]*)\}", value).group(1)


def test_the_stack_has_every_engine():
    assert {"nginx", "worker", "beat", "db", "redis", "s3", "s3-bucket", "migrate"} <= set(SERVICES)
    assert SERVICES["db"]["image"].startswith("postgres:")
    assert SERVICES["redis"]["image"].startswith("redis:")
    assert SERVICES["s3"]["image"].startswith("minio/minio:")


def test_nginx_balances_at_least_two_web_replicas_and_exactly_those():
    web = _web()

    assert len(web) >= 2
    assert sorted(_upstream_servers()) == sorted(web)
    for name in web:
        assert SERVICES["nginx"]["depends_on"][name]["condition"] == "service_healthy"
        # Only nginx reaches gunicorn: a published port would let clients forge X-Forwarded-For.
        assert "ports" not in SERVICES[name]


def test_exactly_one_beat_and_a_worker():
    beats = [name for name in SERVICES if " beat" in _command(SERVICES[name])]
    workers = [name for name in SERVICES if " worker" in _command(SERVICES[name])]

    assert beats == ["beat"]
    assert SERVICES["beat"].get("deploy", {}).get("replicas", 1) == 1
    assert "scale" not in SERVICES["beat"]
    assert workers == ["worker"]


def test_every_service_has_a_health_check():
    missing = [
        name
        for name, service in SERVICES.items()
        if not service.get("healthcheck", {}).get("test") or service["healthcheck"].get("disable")
    ]

    assert missing == []


def test_web_worker_and_beat_share_nothing_but_the_database_redis_and_the_bucket():
    portal = [name for name in SERVICES if _portal(name)]

    assert {
        name: SERVICES[name].get("volumes") for name in portal if "volumes" in SERVICES[name]
    } == {}
    for name in portal:
        env = SERVICES[name]["environment"]
        assert [var for var in AWS if var not in env] == [], name
        assert env["DATABASE_URL"].endswith("@db:5432/spbe") and env["REDIS_URL"].startswith(
            "redis://redis:"
        )
        assert env["AWS_S3_ENDPOINT_URL"] == "${AWS_S3_ENDPOINT_URL:-http://s3:9000}"


def test_dependencies_exist_and_the_bucket_is_made_private_before_the_portal_starts():
    for name, service in SERVICES.items():
        assert set(service.get("depends_on", {})) <= set(SERVICES), name
    for name in SERVICES:
        if _portal(name):
            assert SERVICES[name]["depends_on"]["s3-bucket"] == {
                "condition": "service_completed_successfully"
            }
    script = "\n".join(SERVICES["s3-bucket"]["command"])
    assert 'mc anonymous set none "s3/$$BUCKET"' in script
    assert SERVICES["s3-bucket"]["restart"] == "no"


def test_nginx_compresses_text_and_forwards_the_client():
    assert re.search(r"^gzip on;", NGINX_DIRECTIVES, re.M)
    types = re.search(r"^gzip_types ([^;]+);", NGINX_DIRECTIVES, re.M).group(1).split()
    assert {"text/css", "application/javascript", "application/json", "image/svg+xml"} <= set(types)
    for header in (
        "proxy_set_header Host $host;",
        "proxy_set_header X-Forwarded-Proto $scheme;",
        "proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;",
    ):
        assert header in NGINX_DIRECTIVES
    assert SERVICES["web1"]["environment"]["AXES_PROXY_COUNT"] == "${AXES_PROXY_COUNT:-1}"


def test_nginx_body_limit_is_the_portals_upload_limit():
    assert re.search(r"client_max_body_size \$\{REQUEST_MAX_MB\}m;", NGINX_DIRECTIVES)
    nginx_mb = _default(SERVICES["nginx"]["environment"]["REQUEST_MAX_MB"])
    for name in _web():
        assert _default(SERVICES[name]["environment"]["REQUEST_MAX_MB"]) == nginx_mb
    assert int(nginx_mb) * 1024 * 1024 == settings.REQUEST_MAX_BYTES
    # The image renders only variables it has; nginx's own ($host...) must stay lowercase.
    assert set(re.findall(r"\$\{(\w+)\}", NGINX)) == {"REQUEST_MAX_MB"}


@pytest.mark.parametrize("prefix", ["OIDC_", "AWS_", "MINIO_ROOT_"])
def test_env_example_names_the_new_settings(prefix):
    example = (ROOT / ".env.example").read_text(encoding="utf-8")

    assert re.search(rf"^#? ?{prefix}\w+=", example, re.M)


def test_env_example_sets_every_variable_the_compose_file_requires():
    text = (ROOT / "docker-compose.yml").read_text(encoding="utf-8")
    required = set(re.findall(r"\$\{(\w+):\?", text))
    example = (ROOT / ".env.example").read_text(encoding="utf-8")
    defined = set(re.findall(r"^(\w+)=", example, re.M))

    assert required and required <= defined
