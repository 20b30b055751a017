"""Decoding bytes into text: encodings, byte-order marks, UTF-16 without a mark, binary files, lone surrogates."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from helpers.load.documents import LoadError

if TYPE_CHECKING:  # pandas is imported where a DataFrame is made
    pass

# File signatures of common binary formats, for a clearer message than "binary file".
_SIGNATURES = (
    (b"%PDF-", "a PDF document"), (b"\x89PNG\r\n\x1a\n", "a PNG image"), (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"), (b"\xff\xd8\xff", "a JPEG image"), (b"PK\x03\x04", "a ZIP archive (or .docx/.xlsx)"),
    (b"\x1f\x8b", "a gzip archive"), (b"\x7fELF", "an executable"), (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"SQLite format 3\x00", "an SQLite database"), (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Office document"),
)
_SIGNATURE_BYTES = tuple(sig for sig, _ in _SIGNATURES)  # one `startswith` for all (a line of a JSON file is tested too)
_TEXT_CONTROLS = frozenset(b"\t\n\r\x0c\x0b\x1b")


def decode(data: bytes) -> tuple[str, str | None]:
    """Decode bytes as UTF-8 (BOM kept), else UTF-16 by BOM, else cp1252 or latin-1 with a warning.

    Raises LoadError for binary data.
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "decoded as UTF-16 (byte-order mark)"
        except UnicodeDecodeError as e:
            raise LoadError(f"UTF-16 byte-order mark but undecodable bytes: {e}") from e
    utf16 = _utf16_without_bom(data)
    if utf16 is not None:
        return utf16
    what = looks_binary(data)
    if what:
        raise LoadError(f"binary file ({what}), not text; not loaded")
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError as e:
        where = f"byte {e.start}"
    for enc in ("cp1252", "latin-1"):
        try:
            return data.decode(enc), f"not UTF-8 (first bad {where}); decoded as {enc}"
        except UnicodeDecodeError:
            continue
    raise LoadError("undecodable bytes")  # latin-1 decodes anything; kept for clarity


def _utf16_without_bom(data: bytes, sample: int = 4096) -> tuple[str, str] | None:
    """UTF-16 text without a byte-order mark (every other byte NUL), decoded; else None."""
    head = data[:sample]
    if len(head) < 8 or len(data) % 2 or b"\x00" not in head:  # UTF-16 of text is half NUL bytes
        return None
    for enc, zeros in (("utf-16-le", head[1::2]), ("utf-16-be", head[0::2])):
        if zeros.count(0) >= 0.9 * len(zeros):
            try:
                text = data.decode(enc)
            except UnicodeDecodeError:
                return None
            if sum(1 for ch in text[:sample] if ord(ch) < 32 and ch not in "\t\n\r\x0c") <= len(text[:sample]) * 0.05:
                return text, f"decoded as {enc.upper()} (no byte-order mark)"
            return None
    return None


_CONTROL_BYTES = bytes(b for b in [*range(32), 127] if b not in _TEXT_CONTROLS)


def looks_binary(data: bytes, sample: int = 8192) -> str | None:
    """What kind of binary file `data` is (e.g. "a PDF document"), or None for text."""
    if data.startswith(_SIGNATURE_BYTES):
        return next(what for sig, what in _SIGNATURES if data.startswith(sig))
    head = data[:sample]
    if not head:
        return None
    controls = len(head) - len(head.translate(None, _CONTROL_BYTES))
    if controls > max(len(head) * 0.05, 8):
        return "control bytes throughout"
    return None



SURROGATE = re.compile("[\ud800-\udfff]")
_FLAT = (str, int, float, bool, type(None))
SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")


def scrub_surrogates(value) -> tuple[object, int]:
    """`value` with lone surrogates (JSON escapes such as \\ud800) replaced by U+FFFD; how many strings changed."""
    if isinstance(value, str):
        if SURROGATE.search(value):
            return SURROGATE.sub("\ufffd", value), 1
        return value, 0
    if isinstance(value, dict):
        if all(type(k) is str for k in value) and all(type(v) in _FLAT for v in value.values()) \
                and not SURROGATE.search("".join([*value, *(v for v in value.values() if type(v) is str)])):
            return dict(value), 0  # the common case, one search instead of one per string
        out, n = {}, 0
        for k, v in value.items():
            (k2, a), (v2, b) = scrub_surrogates(k), scrub_surrogates(v)
            out[k2] = v2
            n += a + b
        return out, n
    if isinstance(value, list):
        items = [scrub_surrogates(v) for v in value]
        return [v for v, _ in items], sum(n for _, n in items)
    return value, 0
