"""Bytes to text for single-article files: UTF-8 first, then detection, never a guess that
turns a binary file into an article."""

from __future__ import annotations

import codecs

from charset_normalizer import from_bytes

from sitrep.errors import SitrepError

# Text files hold almost no C0 control bytes besides tab, newline and carriage return.
_SNIFF_BYTES = 8192
_MAX_CONTROL_SHARE = 0.05
_CONTROL_BYTES = bytes(sorted(frozenset(range(0x20)) - {0x09, 0x0A, 0x0C, 0x0D}))
# Single-byte Western encodings that charset-normalizer cannot tell apart on short English
# texts; they agree on letters, and the web's "Latin-1" is in practice cp1252 (WHATWG maps the
# label so), which also has the curly quotes.
WESTERN_ENCODINGS = frozenset(
    {
        "cp1252",
        "latin_1",
        "iso8859_15",
        "cp1250",
        "iso8859_2",
        "mac_roman",
        "cp850",
        "cp437",
        "iso8859_9",
        "cp1254",
        "iso8859_1",
    }
)


class DecodeError(SitrepError, ValueError):
    def __init__(self, reason: str, detail: str):
        super().__init__(detail)
        self.reason = reason
        self.detail = detail


def _utf16(data: bytes) -> str | None:
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            return None
    return None


def looks_binary(data: bytes) -> bool:
    head = data[:_SNIFF_BYTES]
    if b"\x00" in head:
        return True
    controls = len(head) - len(head.translate(None, _CONTROL_BYTES))  # in C: a loop here cost 0.25 ms a file
    return bool(head) and controls / len(head) > _MAX_CONTROL_SHARE


def decode_text(data: bytes) -> tuple[str, str]:
    """(text, encoding). Raises DecodeError with reason 'binary' or 'undecodable'."""
    if (text := _utf16(data)) is not None:
        return text, "utf-16"
    if looks_binary(data):
        raise DecodeError("binary", "NUL or control bytes: this is not a text file")
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        pass
    if (mixed := _decode_mixed(data)) is not None:
        return mixed
    encoding = guess_encoding(data)
    if encoding is None:
        raise DecodeError("undecodable", "not UTF-8 and no text encoding fits; re-save the file as UTF-8")
    try:
        return data.decode(encoding), encoding
    except UnicodeDecodeError:
        return str(from_bytes(data).best()), encoding


def guess_encoding(data: bytes) -> str | None:
    """charset-normalizer's guess for non-UTF-8 bytes, cp1252 for the Western family."""
    best = from_bytes(data).best()
    if best is None:
        return None
    if best.encoding in WESTERN_ENCODINGS:
        try:
            data.decode("cp1252")
            return "cp1252"
        except UnicodeDecodeError:
            pass
    return best.encoding


def _utf8(line: bytes) -> str | None:
    try:
        return line.decode("utf-8")
    except UnicodeDecodeError:
        return None


def _decode_mixed(data: bytes) -> tuple[str, str] | None:
    """A file whose lines are some UTF-8, some another encoding (an article pasted together
    from two sources): each line in its own encoding, so neither half turns to mojibake
    ("cafÃ©"). None when no line needs UTF-8 (then the file is in one legacy encoding)."""
    lines = data.removeprefix(codecs.BOM_UTF8).splitlines(keepends=True)
    decoded = [_utf8(line) for line in lines]
    if not any(text is not None and not text.isascii() for text in decoded):
        return None
    decoder = LineDecoder()
    out = [text if text is not None else decoder.decode(line) for line, text in zip(lines, decoded, strict=False)]
    texts = [text for text in out if text is not None]
    if len(texts) != len(out):  # a line in no encoding
        return None
    return "".join(texts), f"utf-8+{decoder.fallback}"


class LineDecoder:
    """Bytes to text one line at a time: UTF-8 where the line is UTF-8, else the encoding the
    other lines were guessed in (cp1252 for the Western family), guessed again only when it
    does not fit. `decode` gives None for a line no encoding fits."""

    def __init__(self, fallback: str | None = None) -> None:
        self.fallback = fallback

    @classmethod
    def for_sample(cls, sample: bytes) -> LineDecoder:
        """A decoder whose fallback is guessed on the sample's non-UTF-8 lines together (one
        short line alone is a poor guide to its encoding)."""
        other = [line for line in sample.splitlines()[:-1] if _utf8(line) is None]
        return cls(guess_encoding(b"\n".join(other)) if other else None)

    def decode(self, line: bytes) -> str | None:
        if (text := _utf8(line)) is not None:
            return text
        if self.fallback:
            try:
                return line.decode(self.fallback)
            except UnicodeDecodeError:
                pass
        guess = guess_encoding(line) or "cp1252"
        try:
            text = line.decode(guess)
        except (UnicodeDecodeError, LookupError):
            return None
        self.fallback = guess
        return text
