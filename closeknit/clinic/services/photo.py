"""A clinician's own profile photo: upload, replace, remove. Only ever one's own profile.

The file is written before the row changes and removed again if the row does not; the old file goes
only once the new row is committed, so a page never points at a missing photo.
"""

from __future__ import annotations

from django.db import transaction

from closeknit.accounts.models import User
from closeknit.clinic import photos
from closeknit.clinic.models import ClinicianProfile
from closeknit.core.errors import NotFound


def _own_profile_for_update(user: User) -> ClinicianProfile:
    from closeknit.access import clinic as rules

    profile = rules.own_profile(user)
    if profile is None:
        raise NotFound()
    return ClinicianProfile.objects.select_for_update().select_related("user").get(pk=profile.pk)


def _drop_after_commit(name: str) -> None:
    if name:
        transaction.on_commit(lambda: photos.delete(name))


def set_photo(*, user: User, upload) -> ClinicianProfile:
    """Checks the upload (kind from its bytes, at most 2 MB) before anything is stored."""
    from closeknit.access import clinic as rules

    if rules.own_profile(user) is None:
        raise NotFound()
    data, kind = photos.read_upload(upload)
    name = photos.save(data, kind)
    try:
        with transaction.atomic():
            profile = _own_profile_for_update(user)
            old = profile.photo_name
            profile.photo_name, profile.photo_kind = name, kind
            profile.save(update_fields=["photo_name", "photo_kind"])
            _drop_after_commit(old)
    except BaseException:
        photos.delete(name)
        raise
    return profile


@transaction.atomic
def remove_photo(*, user: User) -> ClinicianProfile:
    profile = _own_profile_for_update(user)
    old = profile.photo_name
    profile.photo_name, profile.photo_kind = "", ""
    profile.save(update_fields=["photo_name", "photo_kind"])
    _drop_after_commit(old)
    return profile


def forget_file(*, profile: ClinicianProfile) -> None:
    """When a profile goes (an account deleted), its photo goes with it once that is committed."""
    _drop_after_commit(profile.photo_name)
