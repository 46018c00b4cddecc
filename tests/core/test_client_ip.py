"""The real client address behind our own proxies, and never a forwarded claim we have no reason to trust."""

from __future__ import annotations

import logging

import pytest
from django.test import RequestFactory

from closeknit.core import client_ip as module
from closeknit.core.client_ip import client_ip


def ip(settings, hops: int, remote: str = "10.0.0.2", forwarded: str | None = None) -> str:
    settings.TRUSTED_PROXY_COUNT = hops
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return client_ip(RequestFactory().get("/", **extra))


@pytest.mark.parametrize(
    ("hops", "forwarded", "expected"),
    [
        (0, None, "10.0.0.2"),
        (0, "203.0.113.9", "10.0.0.2"),  # no trusted proxy: the header is ignored
        (1, None, "10.0.0.2"),  # a request that came straight in
        (1, "203.0.113.9", "203.0.113.9"),
        (1, "6.6.6.6, 203.0.113.9", "203.0.113.9"),  # the client's own claim on the left is ignored
        (1, "6.6.6.6,203.0.113.9", "203.0.113.9"),
        (2, "6.6.6.6, 203.0.113.9, 172.16.0.1", "203.0.113.9"),
        (2, "203.0.113.9", "203.0.113.9"),  # fewer entries than proxies: the furthest we can see
        (1, "203.0.113.9:5123", "203.0.113.9"),
        (1, "[2001:db8::1]:443", "2001:db8::1"),
        (1, "2001:DB8::1", "2001:db8::1"),
        (1, "not-an-address", "10.0.0.2"),  # garbage never becomes a key
        (1, " , ", "10.0.0.2"),
    ],
)
def test_which_address_counts(settings, hops, forwarded, expected):
    assert ip(settings, hops, forwarded=forwarded) == expected


def test_a_missing_remote_address_is_not_an_error(settings):
    assert ip(settings, 0, remote="") == "unknown"


def test_operators_are_told_when_a_proxy_is_not_trusted(settings, caplog, monkeypatch):
    monkeypatch.setattr(module, "_warned", False)
    with caplog.at_level(logging.WARNING, logger="closeknit.core.client_ip"):
        ip(settings, 0, forwarded="203.0.113.9")
        ip(settings, 0, forwarded="203.0.113.9")
    warnings = [r for r in caplog.records if "TRUSTED_PROXY_COUNT" in r.getMessage()]
    assert len(warnings) == 1  # once, not on every request
