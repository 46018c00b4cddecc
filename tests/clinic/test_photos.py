"""Clinician photos: upload from one's own profile editor, shown in the directory, served safely, removed."""

from __future__ import annotations

import html
import struct
import zlib
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from closeknit.clinic import photos
from closeknit.clinic.models import ClinicianProfile


def tiny_png() -> bytes:
    """A real 1x1 PNG, built here so the test needs no image library."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)

    ihdr = struct.pack(">IIBBBBB", 1, 1, 8, 6, 0, 0, 0)
    idat = zlib.compress(b"\x00\xb4\x49\x3b\xff")
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


PNG = tiny_png()


@pytest.fixture(autouse=True)
def media(settings, tmp_path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return tmp_path / "media" / "clinic"


def stored(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def upload(client, data: bytes, name: str = "me.png", content_type: str = "image/png"):
    f = SimpleUploadedFile(name, data, content_type=content_type)
    return client.post("/clinic/profile/", {"action": "photo", "photo": f})


def test_upload_shows_on_directory_and_profile_and_is_served(client, clinic, media):
    client.force_login(clinic.rivera.user)
    # The browser's word is not trusted either way: a real PNG sent as text/plain is still a PNG.
    r = upload(client, PNG, name="notes.txt", content_type="text/plain")
    assert r.status_code == 302 and r["Location"] == "/clinic/profile/"
    p = ClinicianProfile.objects.get(pk=clinic.rivera.pk)
    assert p.photo_kind == "png" and photos.NAME.match(p.photo_name)
    assert stored(media) == [p.photo_name]
    assert (media / p.photo_name).read_bytes() == PNG
    url = f"/media/clinic/{p.photo_name}"

    client.logout()
    directory = html.unescape(client.get("/therapists/").content.decode())
    assert f'src="{url}" alt="Photo of Dr. Rivera"' in directory
    assert 'aria-hidden="true">JO</span>' in directory  # Jo Okafor has no photo: initials instead
    page = html.unescape(client.get(f"/therapists/{p.slug}/").content.decode())
    assert f'src="{url}" alt="Photo of Dr. Rivera"' in page

    r = client.get(url)
    assert r.status_code == 200
    assert r["Content-Type"] == "image/png"
    assert r["X-Content-Type-Options"] == "nosniff"
    assert "max-age" in r["Cache-Control"] and "public" in r["Cache-Control"]
    assert b"".join(r.streaming_content) == PNG
    assert client.head(url).status_code == 200
    assert client.post(url).status_code == 405

    client.force_login(clinic.rivera.user)
    editor = client.get("/clinic/profile/").content.decode()
    assert url in editor and 'id="remove-photo"' in editor


def test_jpeg_and_webp_are_accepted_by_their_bytes(client, clinic, media):
    client.force_login(clinic.rivera.user)
    jpeg = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 64
    assert upload(client, jpeg, name="face.gif", content_type="image/gif").status_code == 302
    p = ClinicianProfile.objects.get(pk=clinic.rivera.pk)
    assert p.photo_kind == "jpeg" and p.photo_name.endswith(".jpg")
    assert client.get(p.photo_url)["Content-Type"] == "image/jpeg"
    webp = b"RIFF\x24\x00\x00\x00WEBPVP8 " + b"\x00" * 32
    assert upload(client, webp).status_code == 302
    p.refresh_from_db()
    assert p.photo_kind == "webp" and client.get(p.photo_url)["Content-Type"] == "image/webp"


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"Hello, I am a text file wearing a .png name.\n", "not a JPEG, PNG or WebP"),
        (b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>", "not a JPEG, PNG or WebP"),
        (b"GIF89a\x01\x00\x01\x00", "not a JPEG, PNG or WebP"),
        (PNG[:8], "not a JPEG, PNG or WebP"),  # the magic number alone is not a PNG
        (b"", "empty"),
    ],
)
def test_anything_but_a_photo_is_refused_and_nothing_stored(client, clinic, media, data, words):
    client.force_login(clinic.rivera.user)
    r = upload(client, data, name="photo.png", content_type="image/png")
    assert r.status_code == 400
    assert words in html.unescape(r.content.decode())
    assert ClinicianProfile.objects.get(pk=clinic.rivera.pk).photo_name == ""
    assert stored(media) == []


def test_too_big_is_refused_and_nothing_stored(client, clinic, media):
    client.force_login(clinic.rivera.user)
    r = upload(client, PNG + b"\x00" * (photos.MAX_BYTES - len(PNG) + 1))
    assert r.status_code == 400 and "larger than 2 MB" in r.content.decode()
    assert ClinicianProfile.objects.get(pk=clinic.rivera.pk).photo_name == ""
    assert stored(media) == []
    # Exactly 2 MB is fine.
    assert upload(client, PNG + b"\x00" * (photos.MAX_BYTES - len(PNG))).status_code == 302


def test_no_file_chosen_is_a_clear_400(client, clinic, media):
    client.force_login(clinic.rivera.user)
    r = client.post("/clinic/profile/", {"action": "photo"})
    assert r.status_code == 400 and "Please choose a photo" in r.content.decode()
    assert stored(media) == []


def test_replace_and_remove_delete_the_old_file(client, clinic, media, django_capture_on_commit_callbacks):
    client.force_login(clinic.rivera.user)
    with django_capture_on_commit_callbacks(execute=True):
        upload(client, PNG)
    first = ClinicianProfile.objects.get(pk=clinic.rivera.pk).photo_name
    with django_capture_on_commit_callbacks(execute=True):
        assert upload(client, PNG).status_code == 302
    second = ClinicianProfile.objects.get(pk=clinic.rivera.pk).photo_name
    assert second != first and stored(media) == [second]
    assert client.get(f"/media/clinic/{first}").status_code == 404

    with django_capture_on_commit_callbacks(execute=True):
        r = client.post("/clinic/profile/", {"action": "remove_photo"})
    assert r.status_code == 302
    p = ClinicianProfile.objects.get(pk=clinic.rivera.pk)
    assert p.photo_name == "" and p.photo_kind == "" and stored(media) == []
    assert client.get(f"/media/clinic/{second}").status_code == 404
    page = client.get(f"/therapists/{p.slug}/").content.decode()
    assert "<img" not in page and 'aria-hidden="true">R</span>' in page


def test_no_one_else_can_change_a_clinicians_photo(client, clinic, couple, media, django_capture_on_commit_callbacks):
    client.force_login(clinic.rivera.user)
    upload(client, PNG)
    mine = ClinicianProfile.objects.get(pk=clinic.rivera.pk).photo_name

    # Staff without the clinician role, and a partner of a couple: no profile editor at all.
    for who in (clinic.admin, couple.a):
        client.force_login(who)
        assert upload(client, PNG).status_code == 404
        assert client.post("/clinic/profile/", {"action": "remove_photo"}).status_code == 404
    # Anyone signed out is sent to sign in, and nothing happens.
    client.logout()
    r = upload(client, PNG)
    assert r.status_code == 302 and r["Location"].startswith("/accounts/login/")
    assert client.post("/clinic/profile/", {"action": "remove_photo"}).status_code == 302
    # Another clinician, even in the same practice, only ever reaches their own profile.
    client.force_login(clinic.okafor.user)
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post("/clinic/profile/", {"action": "remove_photo"}).status_code == 302
    client.force_login(clinic.stranger.user)
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post("/clinic/profile/", {"action": "remove_photo"}).status_code == 302

    assert ClinicianProfile.objects.get(pk=clinic.rivera.pk).photo_name == mine
    assert stored(media) == [mine]
    assert not ClinicianProfile.objects.exclude(pk=clinic.rivera.pk).exclude(photo_name="").exists()


@pytest.mark.parametrize(
    "path",
    [
        "/media/clinic/../../settings.py",
        "/media/clinic/..%2F..%2Fsettings.py",
        "/media/clinic/%2e%2e%2fsecret-key",
        "/media/clinic/..",
        "/media/clinic/%2e%2e",
        "/media/clinic/",
        "/media/clinic/.%s.part",
        "/media/clinic/%s.PNG",
        "/media/clinic/%s%%00.png",
        "/media/clinic/..%%5c%s",
        "/media/secret.png",
        "/media/clinic/orphan",
    ],
)
def test_serving_refuses_anything_but_a_photo_in_use(client, clinic, media, path):
    client.force_login(clinic.rivera.user)
    upload(client, PNG)
    name = ClinicianProfile.objects.get(pk=clinic.rivera.pk).photo_name
    stem = name.rsplit(".", 1)[0]
    (media.parent / "secret.png").write_bytes(PNG)  # in MEDIA_ROOT, outside the photo folder
    orphan = "0" * 32 + ".png"  # a file of our shape that no profile uses
    (media / orphan).write_bytes(PNG)
    (media / f".{name}.part").write_bytes(PNG)
    path = path.replace("orphan", orphan)
    if "%s" in path:
        path = path % (name if path.endswith(".part") else stem)
    client.logout()
    assert client.get(path).status_code == 404


def test_an_unlisted_clinicians_photo_is_theirs_alone(client, clinic, media):
    client.force_login(clinic.rivera.user)
    upload(client, PNG)
    ClinicianProfile.objects.filter(pk=clinic.rivera.pk).update(listed=False)
    url = ClinicianProfile.objects.get(pk=clinic.rivera.pk).photo_url
    r = client.get(url)
    assert r.status_code == 200 and "private" in r["Cache-Control"]
    client.force_login(clinic.okafor.user)
    assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 404


def test_a_missing_file_is_a_404_not_a_500(client, clinic, media):
    client.force_login(clinic.rivera.user)
    upload(client, PNG)
    p = ClinicianProfile.objects.get(pk=clinic.rivera.pk)
    (media / p.photo_name).unlink()
    assert client.get(p.photo_url).status_code == 404


def test_deleting_the_account_deletes_the_photo(client, clinic, media, django_capture_on_commit_callbacks):
    client.force_login(clinic.rivera.user)
    upload(client, PNG)
    assert len(stored(media)) == 1
    with django_capture_on_commit_callbacks(execute=True):
        clinic.rivera.user.delete()
    assert stored(media) == []


@pytest.mark.parametrize(
    ("name", "initials"),
    [("Dr. Rivera", "R"), ("Jo Okafor", "JO"), ("Dr Ana María Rivera", "AR"), ("mx. sam", "S"), ("Dr.", "?")],
)
def test_initials(clinic, name, initials):
    clinic.rivera.user.display_name = name
    assert clinic.rivera.initials == initials
