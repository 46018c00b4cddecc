"""A person: an account (email login) and the few things about them every page needs."""

from __future__ import annotations

from typing import ClassVar

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone as djtz


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create(self, email: str, password: str | None, **extra) -> User:
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra) -> User:
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra) -> User:
        extra.update(is_staff=True, is_superuser=True)
        return self._create(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """The profile lives on the user row: every page needs name, zone and language, so no join."""

    class Role(models.TextChoices):
        PARTNER = "partner", "Partner"
        CLINICIAN = "clinician", "Clinician"

    email = models.EmailField(unique=True)
    display_name = models.CharField(max_length=60, blank=True)
    pronouns = models.CharField(max_length=40, blank=True)
    timezone = models.CharField(max_length=64, default="UTC")
    language = models.CharField(max_length=12, default="en")
    country = models.CharField(max_length=2, default="US", help_text="for crisis resources")
    role = models.CharField(max_length=12, choices=Role.choices, default=Role.PARTNER)
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(default=False)
    date_joined = models.DateTimeField(default=djtz.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        """What we call a person: their chosen name, else the part of their email before the @."""
        return self.display_name or self.email.split("@", 1)[0]
