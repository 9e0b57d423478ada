"""A scenario file's bytes and text, screened before any YAML is parsed.

Only regular files are read, at most 1 MiB, as UTF-8 text without control characters; each
refusal is a diagnostic with the file's name and, where it helps, the line and column.
"""

from __future__ import annotations

import errno
import os
import re
import stat

from .diagnostics import ERROR, Diagnostic

MAX_BYTES = 1024 * 1024
MAX_DEPTH = 64  # how deeply values may nest
EMPTY = "the file is empty; a scenario starts with `format: 1` and `id:`"


class SourceError(Exception):
    """The file cannot be turned into data; carries the diagnostic to show."""

    def __init__(self, diagnostic: Diagnostic):
        super().__init__(str(diagnostic))
        self.diagnostic = diagnostic


def diag(path: str, line: int, col: int, code: str, message: str) -> Diagnostic:
    return Diagnostic(path, line, col, ERROR, code, message)


def text_position(text: str, index: int) -> tuple[int, int]:
    line = text.count("\n", 0, index) + 1
    col = index - (text.rfind("\n", 0, index) + 1) + 1
    return line, col


_KINDS = (
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISDIR, "a folder"),
)


def not_a_file(mode: int) -> str | None:
    """What a path is when it is not a regular file ("a named pipe (FIFO)"), else None."""
    if stat.S_ISREG(mode):
        return None
    return next((name for test, name in _KINDS if test(mode)), "not a regular file")


def read_bytes(path: str) -> bytes:
    """The file's bytes, refusing a file over the size limit before reading it.

    Only regular files are read: a FIFO, socket or device (directly or through a symlink)
    is refused without opening it for a blocking read, so no command can hang on one.
    """
    try:
        kind = not_a_file(os.stat(path).st_mode)
        if kind is not None:
            raise SourceError(
                diag(path, 1, 1, "EQ100", f"cannot read the file: it is {kind}, not a file")
            )
        # Non-blocking, and checked again once open: the path may have changed in between.
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
        with open(fd, "rb") as handle:
            info = os.fstat(handle.fileno())
            kind = not_a_file(info.st_mode)
            if kind is not None:
                raise SourceError(
                    diag(path, 1, 1, "EQ100", f"cannot read the file: it is {kind}, not a file")
                )
            if info.st_size > MAX_BYTES:
                raise SourceError(
                    diag(
                        path,
                        1,
                        1,
                        "EQ101",
                        f"the file has {info.st_size:,} bytes; "
                        f"a scenario file may have at most {MAX_BYTES:,} (1 MiB)",
                    )
                )
            data = handle.read(MAX_BYTES + 1)
    except OSError as exc:
        reason = exc.strerror or str(exc)
        if exc.errno == errno.ELOOP:
            reason = "the symlink points back to itself (a symlink loop)"
        raise SourceError(diag(path, 1, 1, "EQ100", f"cannot read the file: {reason}")) from None
    if len(data) > MAX_BYTES:  # grew while we looked
        raise SourceError(
            diag(
                path,
                1,
                1,
                "EQ101",
                "the file is larger than 1 MiB, the most a scenario file may be",
            )
        )
    return data


def check_text(path: str, data: bytes) -> str:
    """Decode and screen the bytes; raise SourceError for anything that is not UTF-8 text."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = data[: exc.start].decode("utf-8")  # valid: the first bad byte is at exc.start
        line, col = text_position(before, len(before))  # a column counts characters, not bytes
        raise SourceError(
            diag(
                path,
                line,
                col,
                "EQ102",
                f"byte 0x{data[exc.start]:02x} is not UTF-8; save the file as UTF-8",
            )
        ) from None
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\x00" in text:
        found = control_character(path, text)
        raise SourceError(found or diag(path, 1, 1, "EQ103", "the file contains a NUL byte"))
    if not text.strip() or all(
        not ln.strip() or ln.lstrip().startswith("#") for ln in text.splitlines()
    ):
        raise SourceError(diag(path, 1, 1, "EQ104", EMPTY))
    return text


# The characters YAML does not allow in a file. libyaml refuses them without saying where, so
# they are looked for only once it has refused one (a search of every file would cost time).
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ufffe\uffff]")


def control_character(path: str, text: str) -> Diagnostic | None:
    bad = _CONTROL.search(text)
    if bad is None:
        return None
    line, col = text_position(text, bad.start())
    char = bad.group()
    message = (
        "the file contains a NUL byte; is it really a text file?"
        if char == "\x00"
        else f"the file contains the control character U+{ord(char):04X}, not allowed in text"
    )
    return diag(path, line, col, "EQ103", message)


def tab_indent(text: str) -> tuple[int, int] | None:
    for number, line in enumerate(text.splitlines(), 1):
        stripped = line.lstrip(" ")
        if stripped.startswith("\t"):
            return number, len(line) - len(stripped) + 1
    return None
