"""Input limits and decoding shared by the structured handlers: refuse early, name no content."""

from __future__ import annotations

from phigate.errors import FormatError

__all__ = ["DEFAULT_MAX_BYTES", "check_size", "decode_utf8"]

#: Largest input one handler call accepts (bytes). Larger files are refused with a FormatError,
#: never read half-way; split them (NDJSON, HL7 batches, CSV) or raise the limit explicitly.
DEFAULT_MAX_BYTES = 512 * 1024 * 1024


def check_size(data: bytes, *, source: str, limit: int = DEFAULT_MAX_BYTES) -> None:
    """Raise ``FormatError`` when ``data`` is larger than ``limit``."""
    if len(data) > limit:
        raise FormatError(f"input is larger than the limit of {limit} bytes", path=source)


def decode_utf8(data: bytes, *, source: str) -> str:
    """Decode UTF-8 (a BOM is dropped); an invalid byte is a FormatError with its offset."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise FormatError("input is not valid UTF-8", path=source, offset=exc.start) from exc
