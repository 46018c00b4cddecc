"""Clinician photos on disk: what we accept, where the files live, and nothing else.

We read the kind from the file's own first bytes: the browser's content type and the file name are
whatever the sender typed. Without Pillow as a requirement we do not decode images; a file that starts
like an image but is not one is only ever served as that image type with `nosniff`, so a browser will
never run it as a page or script.
"""

from __future__ import annotations

import os
import re
import secrets
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext

from closeknit.core.errors import ServiceError

MAX_BYTES = 2 * 1024 * 1024
CONTENT_TYPES = {"jpeg": "image/jpeg", "png": "image/png", "webp": "image/webp"}
EXTENSIONS = {"jpeg": "jpg", "png": "png", "webp": "webp"}
# Only names we made ourselves: 32 hex characters and one of our extensions. Anything else is a 404.
NAME = re.compile(r"\A[0-9a-f]{32}\.(?:jpg|png|webp)\Z")


def folder() -> Path:
    """Read at call time, so tests (and operators) can point MEDIA_ROOT elsewhere."""
    return Path(settings.MEDIA_ROOT) / "clinic"


def sniff(data: bytes) -> str | None:
    """'jpeg', 'png' or 'webp' from the magic bytes, or None."""
    if data.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if data.startswith(b"\x89PNG\r\n\x1a\n") and data[12:16] == b"IHDR":
        return "png"
    if len(data) >= 16 and data[:4] == b"RIFF" and data[8:12] == b"WEBP" and data[12:15] == b"VP8":
        return "webp"
    return None


def read_upload(upload) -> tuple[bytes, str]:
    """The bytes and their kind, or a ServiceError that says what is wrong in plain words."""
    if upload is None:
        raise ServiceError(gettext("Please choose a photo to upload."), field="photo")
    if upload.size is not None and upload.size > MAX_BYTES:
        raise ServiceError(gettext("That photo is larger than 2 MB. Please choose a smaller one."), field="photo")
    data = upload.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise ServiceError(gettext("That photo is larger than 2 MB. Please choose a smaller one."), field="photo")
    if not data:
        raise ServiceError(gettext("That file is empty. Please choose a photo."), field="photo")
    kind = sniff(data)
    if kind is None:
        raise ServiceError(
            gettext("That file is not a JPEG, PNG or WebP photo. Please choose one of those."), field="photo"
        )
    return data, kind


def save(data: bytes, kind: str) -> str:
    """Writes the file under a fresh random name and returns the name. Written whole or not at all."""
    target = folder()
    target.mkdir(parents=True, exist_ok=True)
    name = f"{secrets.token_hex(16)}.{EXTENSIONS[kind]}"
    tmp = target / f".{name}.part"
    with open(tmp, "xb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, target / name)
    return name


def path_for(name: str) -> Path | None:
    """The file's path if the name is one of ours and it stays inside the folder, else None."""
    if not NAME.match(name or ""):
        return None
    base = folder().resolve()
    path = (base / name).resolve()
    if path.parent != base:
        return None
    return path


def delete(name: str) -> None:
    path = path_for(name)
    if path is not None:
        path.unlink(missing_ok=True)
