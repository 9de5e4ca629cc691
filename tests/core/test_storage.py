"""Private storage (issue 18): folders outside the web root by default, any S3-compatible
bucket when S3_BUCKET is set; the S3 path is tried against a real S3 server on loopback
(moto's ThreadedMotoServer)."""

from __future__ import annotations

import socket
from pathlib import Path

import environ
import pytest
import yaml
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import storages

from srm.settings.storage import private_storages

ROOT = Path(__file__).resolve().parents[2]


def _env(**values):
    """An ``environ.Env`` that reads only ``values`` (the real environment is left alone)."""
    env = environ.Env()
    env.ENVIRON = {k: str(v) for k, v in values.items()}
    return env


def test_embedded_default_is_private_folders_outside_the_web_root(tmp_path):
    configured = private_storages(_env(), private_dir=tmp_path)
    for alias, folder in (("documents", "documents"), ("audit_checkpoints", "audit-checkpoints")):
        options = configured[alias]["OPTIONS"]
        assert configured[alias]["BACKEND"] == "django.core.files.storage.FileSystemStorage"
        assert Path(options["location"]) == tmp_path / folder
        assert options["base_url"] == "/nowhere/"
        assert options["directory_permissions_mode"] == 0o700
        assert not str(options["location"]).startswith(str(settings.MEDIA_ROOT))
    assert configured["audit_checkpoints"]["OPTIONS"]["file_permissions_mode"] == 0o440


def test_the_running_settings_name_both_aliases():
    assert {"documents", "audit_checkpoints"} <= set(settings.STORAGES)


def test_a_bucket_gives_private_prefixed_s3_storages():
    configured = private_storages(
        _env(
            S3_BUCKET="b",
            S3_ENDPOINT_URL="http://minio:9000",
            S3_ACCESS_KEY_ID="k",
            S3_SECRET_ACCESS_KEY="s",
            S3_REGION="eu-west-1",
        ),
        private_dir=Path("/unused"),
    )
    documents, checkpoints = configured["documents"], configured["audit_checkpoints"]
    assert documents["BACKEND"] == checkpoints["BACKEND"] == "storages.backends.s3.S3Storage"
    assert documents["OPTIONS"]["location"] == "documents"
    assert checkpoints["OPTIONS"]["location"] == "audit-checkpoints"
    for options in (documents["OPTIONS"], checkpoints["OPTIONS"]):
        assert options["bucket_name"] == "b" and options["endpoint_url"] == "http://minio:9000"
        assert options["default_acl"] is None  # no public ACL
        assert options["querystring_auth"] is True  # no querystring-less public URL
        assert options["custom_domain"] is None
        assert options["file_overwrite"] is False


def test_compose_runs_minio_wired_to_the_s3_settings():
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    services = compose["services"]
    assert services["minio"]["image"].startswith("minio/")
    assert services["minio"]["healthcheck"]["test"]
    for name in ("web", "worker", "beat"):
        environment = services[name]["environment"]
        for key in ("S3_BUCKET", "S3_ENDPOINT_URL", "S3_ACCESS_KEY_ID", "S3_SECRET_ACCESS_KEY"):
            assert environment[key], (name, key)
        assert "minio:9000" in environment["S3_ENDPOINT_URL"]
        assert "minio-bucket" in services[name]["depends_on"]
    assert "--with-lock" in services["minio-bucket"]["command"][0]


@pytest.fixture(scope="module")
def s3_server():
    moto_server = pytest.importorskip("moto.server", reason="moto[server] is not installed")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = moto_server.ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.stop()


@pytest.fixture
def s3_storages(s3_server, settings):
    import boto3

    env = _env(
        S3_BUCKET="srm-private",
        S3_ENDPOINT_URL=s3_server,
        S3_ACCESS_KEY_ID="testing",
        S3_SECRET_ACCESS_KEY="testing",
        S3_REGION="us-east-1",
    )
    client = boto3.client(
        "s3",
        endpoint_url=s3_server,
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
        region_name="us-east-1",
    )
    if "srm-private" not in [b["Name"] for b in client.list_buckets()["Buckets"]]:
        client.create_bucket(Bucket="srm-private")
    settings.STORAGES = {**settings.STORAGES, **private_storages(env, private_dir=Path("/unused"))}
    return client


def test_s3_upload_download_and_private_url(s3_storages):
    storage = storages["documents"]
    name = storage.save("suppliers/1/report.pdf", ContentFile(b"%PDF-1.4 hello"))
    key = f"documents/{name}"
    assert s3_storages.get_object(Bucket="srm-private", Key=key)["Body"].read() == b"%PDF-1.4 hello"
    with storage.open(name) as stored:
        assert stored.read() == b"%PDF-1.4 hello"
    # Write-once: the same name again is stored under a new name.
    again = storage.save("suppliers/1/report.pdf", ContentFile(b"%PDF-1.4 other"))
    assert again != name
    url = storage.url(name)
    assert "Signature=" in url or "X-Amz-Signature=" in url
    grants = s3_storages.get_object_acl(Bucket="srm-private", Key=key)["Grants"]
    assert not any("AllUsers" in str(g.get("Grantee", {})) for g in grants)


@pytest.mark.django_db
def test_s3_checkpoint_write_and_read(s3_storages):
    from srm.audit.checkpoints import checkpoint_names, checkpoint_write, checkpoints

    written = checkpoint_write(reason="test")
    keys = [o["Key"] for o in s3_storages.list_objects_v2(Bucket="srm-private")["Contents"]]
    assert f"audit-checkpoints/{written.name}" in keys
    assert written.name in checkpoint_names()
    assert checkpoints(latest_only=True)[-1].hash == written.hash
