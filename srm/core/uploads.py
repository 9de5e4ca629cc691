"""An upload handler that enforces the size cap while the body streams in.

Django's own handlers keep a large file in a temporary file and a view then
reads it whole; this one sits first in ``FILE_UPLOAD_HANDLERS`` and, once a file
passes ``FILE_UPLOAD_MAX_BYTES``, passes no more of it on. The form or service
then sees an ``OversizedUpload`` (no content, ``oversized`` set) and answers with
a clear error instead of reading hundreds of megabytes.
"""

from __future__ import annotations

import io

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler


class OversizedUpload(UploadedFile):
    """A file cut off at the cap: its ``size`` is what arrived before the cut."""

    oversized = True

    def __init__(self, *, name, content_type, size, charset, content_type_extra):
        super().__init__(io.BytesIO(), name, content_type, size, charset, content_type_extra)


class BoundedUploadHandler(FileUploadHandler):
    def __init__(self, request=None):
        super().__init__(request)
        self.limit = settings.FILE_UPLOAD_MAX_BYTES
        self.received = 0
        self.exceeded = False

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.received = 0
        self.exceeded = False

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > self.limit:
            self.exceeded = True
            return None  # the handlers after this one never see more of the file
        return raw_data

    def file_complete(self, file_size):
        if not self.exceeded:
            return None  # the next handler's file stands
        return OversizedUpload(
            name=self.file_name,
            content_type=self.content_type,
            size=self.received,
            charset=self.charset,
            content_type_extra=self.content_type_extra,
        )
