"""The review as a PDF (WeasyPrint). The only resources the renderer may load are our
own static files: ``StaticFilesFetcher`` refuses every other URL (other hosts, other
schemes, ``file:`` paths, ``data:``), so a value that reaches the HTML cannot make the
server fetch anything."""

from __future__ import annotations

import logging
import mimetypes
import posixpath
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders

# A base URL nothing resolves to: relative and root-relative links in the review HTML
# become URLs under it, and only its static prefix is served.
BASE_URL = "https://review.srm.invalid/"


class RefusedResource(ValueError):
    """A URL outside our static files."""


def static_path_for(url: str) -> Path:
    """The file of our static dirs behind ``url``, or ``RefusedResource``."""
    parts = urlsplit(url)
    base = urlsplit(BASE_URL)
    if (parts.scheme, parts.netloc) != (base.scheme, base.netloc):
        raise RefusedResource(f"refused: {url} is not one of our static files")
    path = unquote(parts.path)
    prefix = "/" + settings.STATIC_URL.strip("/") + "/"
    if not path.startswith(prefix):
        raise RefusedResource(f"refused: {url} is not under {settings.STATIC_URL}")
    relative = path[len(prefix) :]
    normalised = posixpath.normpath(relative)
    if normalised.startswith(("..", "/")) or ".." in normalised.split("/") or "\x00" in relative:
        raise RefusedResource(f"refused: {url} leaves the static files")
    found = finders.find(normalised)
    if not found:
        raise RefusedResource(f"refused: no static file {normalised}")
    return Path(found)


def _fetcher_class():
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StaticFilesFetcher(URLFetcher):
        """Serves our static files to WeasyPrint and refuses everything else."""

        def fetch(self, url, headers=None):
            path = static_path_for(url)
            content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            return URLFetcherResponse(
                url, body=path.read_bytes(), headers={"Content-Type": content_type}
            )

    return StaticFilesFetcher


def static_files_fetcher():
    return _fetcher_class()()


def pdf_document(html: str):
    """The laid-out document (pages of boxes) of ``html``."""
    from weasyprint import HTML

    return HTML(string=html, base_url=BASE_URL, url_fetcher=static_files_fetcher()).render()


def pdf_bytes(html: str) -> bytes:
    return pdf_document(html).write_pdf()


# WeasyPrint reports every layout step at INFO; the server log needs its warnings only
# (a refused resource is one).
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)
