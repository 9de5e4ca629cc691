"""A JSON parser with a size and a nesting limit.

DRF reads a JSON body from the request stream itself, past Django's
``DATA_UPLOAD_MAX_MEMORY_SIZE``, and Python's ``json`` answers thousands of
nested arrays with a RecursionError (a 500). This parser reads at most the
limit, counts the nesting before decoding, and answers both with 4xx.
"""

import codecs
import json
import re

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, status
from rest_framework.parsers import JSONParser

# A string (with its escapes) or one bracket: strings are skipped whole, so a
# bracket inside a string does not count.
_TOKENS = re.compile(rb'"(?:[^"\\]|\\.)*"|[\[\]{}]', re.DOTALL)


class RequestTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = _("The request body is too large.")
    default_code = "request_too_large"


def nesting_depth(body: bytes) -> int:
    """The deepest nesting of arrays and objects in a JSON text."""
    if body.count(b"[") + body.count(b"{") <= 1:
        return body.count(b"[") + body.count(b"{")
    depth = deepest = 0
    for match in _TOKENS.finditer(body):
        token = match.group()
        if token in (b"[", b"{"):
            depth += 1
            deepest = max(deepest, depth)
        elif token in (b"]", b"}"):
            depth -= 1
    return deepest


class BoundedJSONParser(JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        parser_context = parser_context or {}
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        body = stream.read(limit + 1) if stream is not None else b""
        if limit is not None and len(body) > limit:
            raise RequestTooLarge()
        max_depth = settings.API_JSON_MAX_DEPTH
        if nesting_depth(body) > max_depth:
            raise exceptions.ParseError(
                _("JSON nested deeper than %(max)s levels.") % {"max": max_depth}
            )
        encoding = parser_context.get("encoding", settings.DEFAULT_CHARSET)
        try:
            text = codecs.decode(body, encoding)
            return json.loads(text, parse_constant=self._refuse_constant)
        except (ValueError, RecursionError) as exc:
            raise exceptions.ParseError(
                _("JSON parse error - %(error)s") % {"error": exc}
            ) from None

    @staticmethod
    def _refuse_constant(name):
        raise ValueError(f"{name} is not valid JSON")
