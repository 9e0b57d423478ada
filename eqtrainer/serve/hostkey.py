"""The server's host key: made once, kept private under the data directory, and its
fingerprint printed so participants can check they reached the right server."""

from __future__ import annotations

import os
from pathlib import Path

import asyncssh

KEY_NAME = "ssh_host_ed25519_key"


class HostKeyError(Exception):
    """The key file cannot be read or made; the message names the file."""


def load_or_create(folder: Path) -> asyncssh.SSHKey:
    path = folder / KEY_NAME
    if path.exists():
        mode = path.stat().st_mode & 0o777
        if mode & 0o077:
            raise HostKeyError(
                f"{path} can be read by others (mode {mode:o}); run `chmod 600 {path}`"
            )
        try:
            return asyncssh.read_private_key(str(path))
        except (OSError, asyncssh.KeyImportError) as exc:
            raise HostKeyError(f"cannot read the host key {path}: {exc}") from None
    try:
        folder.mkdir(parents=True, exist_ok=True)
        key = asyncssh.generate_private_key("ssh-ed25519")
        # Created 0600 from the start: never a moment when others could read it.
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(key.export_private_key())
    except OSError as exc:
        raise HostKeyError(f"cannot create the host key {path}: {exc.strerror or exc}") from None
    return key


def fingerprint(key: asyncssh.SSHKey) -> str:
    """SHA256:... as OpenSSH shows it when it asks to trust a new host."""
    return key.get_fingerprint("sha256")
