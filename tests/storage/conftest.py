"""A local S3 server (moto's server mode, a real HTTP endpoint) for the object-storage tests."""

import logging
import socket
import uuid

import boto3
import pytest

from spbe_portal.settings import private_s3_storage
from tests.evaluasi.conftest import final_a as final_a  # the report tests need it

KUNCI = {"aws_access_key_id": "uji", "aws_secret_access_key": "rahasia-uji"}
REGION = "us-east-1"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def s3_endpoint():
    from moto.server import ThreadedMotoServer

    logging.getLogger("werkzeug").setLevel(logging.ERROR)  # moto logs every request
    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    yield f"http://127.0.0.1:{port}"
    server.stop()


def s3_client(endpoint: str):
    return boto3.client("s3", endpoint_url=endpoint, region_name=REGION, **KUNCI)


def storage_entry(bucket: str, endpoint: str) -> dict:
    entry = private_s3_storage(bucket, endpoint_url=endpoint, location="private")
    entry["OPTIONS"].update(
        access_key=KUNCI["aws_access_key_id"],
        secret_key=KUNCI["aws_secret_access_key"],
        region_name=REGION,
    )
    return entry


@pytest.fixture
def s3(settings, s3_endpoint):
    """A fresh private bucket per test, set as the "private" storage; returns (client, bucket)."""
    bucket = f"spbe-uji-{uuid.uuid4().hex[:12]}"
    client = s3_client(s3_endpoint)
    client.create_bucket(Bucket=bucket)
    settings.AWS_STORAGE_BUCKET_NAME = bucket
    settings.STORAGES = {**settings.STORAGES, "private": storage_entry(bucket, s3_endpoint)}
    return client, bucket


def keys(client, bucket: str, prefix: str = "") -> list[str]:
    answer = client.list_objects_v2(Bucket=bucket, Prefix=prefix)
    return sorted(obj["Key"] for obj in answer.get("Contents", []))


def body(client, bucket: str, key: str) -> bytes:
    return client.get_object(Bucket=bucket, Key=key)["Body"].read()
