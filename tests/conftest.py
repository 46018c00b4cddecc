"""Shared fixtures: people, couples, a real SMTP server, a browser. No layer of our own is faked."""

from __future__ import annotations

import itertools
import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from email import message_from_bytes
from email.message import Message

import pytest
from django.core.cache import cache
from django.utils import translation

from closeknit.accounts.models import User
from tests import clock

_counter = itertools.count(1)


def pytest_configure(config: pytest.Config) -> None:
    clock.start_from_environment()  # CLOSEKNIT_TEST_CLOCK: see tests/clock.py


PASSWORD = "correct-horse-battery-9"


@pytest.fixture(autouse=True)
def _clear_cache():
    # A request through the test client leaves its language active on this thread (a server activates
    # one per request, so it never leaks there): start and end each test in the default language.
    translation.deactivate()
    cache.clear()
    # A test that encrypted outside a request leaves "ring used, not yet reported" behind; the next test's
    # request would then write the report, even in a test that has no database.
    from closeknit.core import crypto

    crypto._Cache.used = False
    yield
    cache.clear()
    translation.deactivate()


def _verified_user(email: str | None = None, **extra) -> User:
    from allauth.account.models import EmailAddress

    n = next(_counter)
    email = email or f"person{n}@example.test"
    extra.setdefault("display_name", f"Person {n}")
    user = User.objects.create_user(email=email, password=PASSWORD, **extra)
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user


@pytest.fixture
def make_user(db):
    """make_user(email=None, **fields) -> a verified user whose password is conftest.PASSWORD."""
    return _verified_user


@dataclass
class Pair:
    a: User
    b: User
    couple_id: int


@pytest.fixture
def make_couple(db):
    """make_couple(**user_fields) -> Pair(a, b, couple_id): two verified partners in one active space."""
    from closeknit import access
    from closeknit.couples import services

    def make(**extra) -> Pair:
        a = _verified_user(**extra)
        b = _verified_user(**extra)
        couple = services.create_space(user=a)
        inv = services.create_invitation(user=a, couple_id=couple.pk)
        services.accept_invitation(user=b, token=inv.token)
        for person in (a, b):
            access.forget(person)
        return Pair(a=a, b=b, couple_id=couple.pk)

    return make


@pytest.fixture
def couple(make_couple) -> Pair:
    return make_couple()


ANSWERS = {
    "feelings": ["calm", "grateful"],
    "emotional_closeness": 7,
    "physical_closeness": 6,
    "stress": 3,
    "appreciation": "You made dinner when I was tired.",
    "need": "A slow walk together this weekend.",
    "note": "",
    "shared": ["feelings", "emotional_closeness", "physical_closeness", "stress", "appreciation", "need"],
}


@pytest.fixture
def answers() -> dict:
    """A valid set of check-in answers (a fresh copy each time)."""
    return {k: (list(v) if isinstance(v, list) else v) for k, v in ANSWERS.items()}


# --- a real SMTP server on loopback -------------------------------------------------------------
@dataclass
class Mailbox:
    host: str
    port: int
    messages: list[Message] = field(default_factory=list)
    _cond: threading.Condition = field(default_factory=threading.Condition)

    def wait_for(self, to: str, timeout: float = 10.0) -> Message:
        def find():
            return next((m for m in self.messages if to in (m["To"] or "")), None)

        with self._cond:
            self._cond.wait_for(lambda: find() is not None, timeout=timeout)
            msg = find()
        if msg is None:
            raise AssertionError(f"no email to {to} within {timeout}s; got {[m['To'] for m in self.messages]}")
        return msg

    @staticmethod
    def body(msg: Message) -> str:
        if msg.is_multipart():
            for part in msg.walk():
                if part.get_content_type() == "text/plain":
                    return part.get_payload(decode=True).decode()
        return msg.get_payload(decode=True).decode()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def smtp_server(settings) -> Iterator[Mailbox]:
    """An aiosmtpd server on 127.0.0.1; Django sends to it through its real SMTP backend."""
    from aiosmtpd.controller import Controller

    port = _free_port()
    box = Mailbox(host="127.0.0.1", port=port)

    class Handler:
        async def handle_DATA(self, server, session, envelope):
            with box._cond:
                box.messages.append(message_from_bytes(envelope.content))
                box._cond.notify_all()
            return "250 OK"

    controller = Controller(Handler(), hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    try:
        yield box
    finally:
        controller.stop()


# A push service on loopback that decrypts and verifies each push (tests/nudges/push_service.py).
pytest_plugins = ["tests.nudges.push_service"]
