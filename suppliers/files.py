"""What a document upload must be before it is kept (issue 18, SPEC §3 certificates).

The type is decided by the bytes (``filetype``; CSV by a text sniff, since no magic number
names it), never by the name or the browser's content type; the name loses any folder
part and every character outside a small safe set; the size is capped
(``DOCUMENT_MAX_BYTES``); the SHA-256 of the content is computed while reading.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# Extension -> content type of what may be kept; the name's extension must agree.
ALLOWED_TYPES = {
    "pdf": "application/pdf",
    "png": "image/png",
    "jpg": "image/jpeg",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "csv": "text/csv",
}
EXTENSION_ALIASES = {"jpeg": "jpg"}
SNIFF_BYTES = 8192
NAME_MAX_CHARS = 120
_UNSAFE = re.compile(r"[^A-Za-z0-9._ -]+")


@dataclass(frozen=True)
class CheckedFile:
    name: str
    extension: str
    content_type: str
    size: int
    sha256: str


def allowed_list() -> str:
    return "PDF, PNG, JPEG, XLSX, DOCX, CSV"


def sanitise_name(raw: str) -> str:
    """A name safe to store and to send back in Content-Disposition.

    A name with a folder part ("../../x.pdf", "C:\\x.pdf") or a control character is
    refused, not repaired: it says something is wrong with the client."""
    raw = (raw or "").strip()
    if not raw:
        raise ValidationError({"file": _("The file has no name.")})
    if "/" in raw or "\\" in raw or raw in (".", "..") or any(ord(c) < 32 for c in raw):
        raise ValidationError(
            {"file": _("The file name may not contain a folder path or control characters.")}
        )
    name = unicodedata.normalize("NFKD", raw).encode("ascii", "ignore").decode()
    name = " ".join(_UNSAFE.sub("_", name).split()).strip(" .")
    stem, dot, extension = name.rpartition(".")
    if not dot:
        stem, extension = name, ""
    stem = stem[: NAME_MAX_CHARS - len(extension) - 1] or "document"
    return f"{stem}.{extension.lower()}" if extension else stem


def _looks_like_text(head: bytes) -> bool:
    if b"\x00" in head:
        return False
    try:
        text = head.decode("utf-8-sig")
    except UnicodeDecodeError:
        # The sniff may have cut a multi-byte character at its end.
        try:
            text = head[:-3].decode("utf-8-sig")
        except UnicodeDecodeError:
            return False
    if text.lstrip().startswith("<"):
        return False  # markup (HTML, SVG, XML) is not a CSV, whatever its name says
    return all(c.isprintable() or c in "\t\r\n" for c in text)


def sniff(head: bytes) -> str | None:
    """The allowed extension the content is, or ``None``."""
    kind = filetype.guess(head)
    if kind is not None:
        extension = EXTENSION_ALIASES.get(kind.extension, kind.extension)
        return extension if extension in ALLOWED_TYPES else None
    return "csv" if head and _looks_like_text(head) else None


def check_upload(upload) -> CheckedFile:
    """Check an uploaded file (Django ``UploadedFile`` or any file with a name); raise
    ``ValidationError({"file": ...})`` saying what is wrong, else describe it."""
    limit = settings.DOCUMENT_MAX_BYTES
    if upload is None:
        raise ValidationError({"file": _("Choose a file.")})
    if getattr(upload, "oversized", False) or (upload.size or 0) > limit:
        raise ValidationError(
            {"file": _("The file is larger than %(mb)s MB.") % {"mb": limit // (1024 * 1024)}}
        )
    name = sanitise_name(getattr(upload, "name", ""))
    digest, size, head = hashlib.sha256(), 0, b""
    upload.seek(0)
    for chunk in upload.chunks():
        size += len(chunk)
        if size > limit:
            raise ValidationError(
                {"file": _("The file is larger than %(mb)s MB.") % {"mb": limit // (1024 * 1024)}}
            )
        if len(head) < SNIFF_BYTES:
            head += chunk[: SNIFF_BYTES - len(head)]
        digest.update(chunk)
    upload.seek(0)
    if size == 0:
        raise ValidationError({"file": _("The file is empty.")})
    extension = sniff(head)
    if extension is None:
        raise ValidationError(
            {
                "file": _("This kind of file is not accepted; allowed: %(list)s.")
                % {"list": allowed_list()}
            }
        )
    named = name.rpartition(".")[2].lower() if "." in name else ""
    if EXTENSION_ALIASES.get(named, named) != extension:
        raise ValidationError(
            {
                "file": _("The file's content is %(kind)s but its name does not end in .%(ext)s.")
                % {"kind": extension.upper(), "ext": extension}
            }
        )
    return CheckedFile(name, extension, ALLOWED_TYPES[extension], size, digest.hexdigest())
