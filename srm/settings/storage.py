"""Where private files live: signed audit checkpoints and supplier documents.

Neither is ever served by the web server. Embedded mode keeps them in private folders
under the project's private data dir (not MEDIA_ROOT); production puts them in any
S3-compatible bucket when ``S3_BUCKET`` is set, each under its own prefix, with no public
ACL and only signed (expiring, querystring) URLs. Downloads of documents go through a
view that asks the permission choke point (``suppliers.views.DocumentDownloadView``).
"""

from __future__ import annotations

from pathlib import Path

CHECKPOINT_PREFIX = "audit-checkpoints"
DOCUMENT_PREFIX = "documents"


def s3_storage(
    *,
    bucket: str,
    prefix: str,
    endpoint_url: str | None,
    access_key: str,
    secret_key: str,
    region: str | None,
) -> dict:
    """A django-storages S3 backend for one prefix of a private bucket."""
    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": bucket,
            "location": prefix,
            "endpoint_url": endpoint_url or None,
            "access_key": access_key or None,
            "secret_key": secret_key or None,
            "region_name": region or None,
            # No ACL header: objects stay private to the bucket owner (a canned
            # public-read would make every file world-readable).
            "default_acl": None,
            # Only signed, expiring URLs, never a plain public one.
            "querystring_auth": True,
            "querystring_expire": 300,
            "custom_domain": None,
            # Write-once: a name that exists gets a new one, nothing is overwritten.
            "file_overwrite": False,
            "signature_version": "s3v4",
            # MinIO and most S3-compatible servers answer on path-style addresses.
            "addressing_style": "path" if endpoint_url else None,
        },
    }


def local_private_storage(location: Path, *, read_only_files: bool) -> dict:
    return {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {
            "location": location,
            "base_url": "/nowhere/",  # never served
            "file_permissions_mode": 0o440 if read_only_files else 0o640,
            "directory_permissions_mode": 0o700,
        },
    }


def private_storages(env, *, private_dir: Path) -> dict:
    """The ``documents`` and ``audit_checkpoints`` aliases of ``STORAGES`` from the environment."""
    private_dir = Path(str(private_dir))
    bucket = env("S3_BUCKET", default="")
    if bucket:
        connection = {
            "bucket": bucket,
            "endpoint_url": env("S3_ENDPOINT_URL", default=""),
            "access_key": env("S3_ACCESS_KEY_ID", default=""),
            "secret_key": env("S3_SECRET_ACCESS_KEY", default=""),
            "region": env("S3_REGION", default=""),
        }
        return {
            "documents": s3_storage(prefix=DOCUMENT_PREFIX, **connection),
            "audit_checkpoints": s3_storage(prefix=CHECKPOINT_PREFIX, **connection),
        }
    return {
        "documents": local_private_storage(
            Path(str(env.path("DOCUMENTS_DIR", default=private_dir / "documents"))),
            read_only_files=False,
        ),
        "audit_checkpoints": local_private_storage(
            Path(str(env.path("AUDIT_CHECKPOINT_DIR", default=private_dir / "audit-checkpoints"))),
            read_only_files=True,
        ),
    }
