"""Form posts with bytes that are not UTF-8 keep every field; the damaged ones are flagged.

Werkzeug drops a whole urlencoded form when one byte sequence is not UTF-8, which would lose
every answer in that post and the CSRF token with it. This middleware re-encodes such a body
with U+FFFD in place of the undecodable bytes, so the rest of the post is saved and the
damaged answer gets "this answer could not be read" next to its field.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable
from typing import Any
from urllib.parse import unquote_to_bytes, urlencode

WSGIApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]
FORM = "application/x-www-form-urlencoded"


def _is_utf8(body: bytes) -> bool:
    try:
        for part in body.split(b"&"):
            unquote_to_bytes(part.replace(b"+", b" ")).decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _decode(part: bytes) -> str:
    return unquote_to_bytes(part.replace(b"+", b" ")).decode("utf-8", "replace")


def _repaired(body: bytes) -> bytes:
    pairs = []
    for part in body.split(b"&"):
        if part:
            name, _, value = part.partition(b"=")
            pairs.append((_decode(name), _decode(value)))
    return urlencode(pairs).encode("ascii")


class RepairUtf8Form:
    def __init__(self, app: WSGIApp, max_length: int) -> None:
        self.app = app
        self.max_length = max_length

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        content_type = environ.get("CONTENT_TYPE", "").split(";")[0].strip().lower()
        try:
            length = int(environ.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if environ.get("REQUEST_METHOD") == "POST" and content_type == FORM \
                and 0 < length <= self.max_length:
            body = environ["wsgi.input"].read(length)
            if not _is_utf8(body):
                body = _repaired(body)
                environ["CONTENT_LENGTH"] = str(len(body))
            environ["wsgi.input"] = io.BytesIO(body)
        return self.app(environ, start_response)
