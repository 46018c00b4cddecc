"""A push service the tests run themselves, and the browser's side of a subscription.

This is the only fake in the push tests, and it sits at the outside-world boundary (where Google's,
Mozilla's or Apple's push service would be). It does what a real one and a real browser would: checks
the VAPID JWT's ES256 signature and claims (RFC 8292), and decrypts the body with the browser's private
key and auth secret (RFC 8291, aes128gcm of RFC 8188), written here from the RFCs, not with the library
the server sends with.
"""

from __future__ import annotations

import base64
import json
import os
import re
import struct
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF


def b64u(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def unb64u(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _hkdf(salt: bytes, ikm: bytes, info: bytes, length: int) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=length, salt=salt, info=info).derive(ikm)


@dataclass
class Device:
    """A browser's subscription: its own P-256 key pair and 16-byte auth secret, made as a browser makes them."""

    endpoint: str
    private_key: ec.EllipticCurvePrivateKey
    auth_secret: bytes

    @property
    def public_raw(self) -> bytes:
        return self.private_key.public_key().public_bytes(
            serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
        )

    def to_json(self) -> dict:
        """What `PushSubscription.toJSON()` gives the page's script."""
        return {"endpoint": self.endpoint, "keys": {"p256dh": b64u(self.public_raw), "auth": b64u(self.auth_secret)}}

    def decrypt(self, body: bytes) -> bytes:
        """RFC 8291 section 3.4 and RFC 8188 section 2: one record, padding delimiter 0x02."""
        salt, rs, idlen = body[:16], struct.unpack(">I", body[16:20])[0], body[20]
        sender_raw = body[21 : 21 + idlen]
        ciphertext = body[21 + idlen :]
        assert idlen == 65 and sender_raw[0] == 4, "keyid must be the sender's uncompressed P-256 key"
        assert len(ciphertext) <= rs, "one record expected"
        sender = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), sender_raw)
        ecdh_secret = self.private_key.exchange(ec.ECDH(), sender)
        ikm = _hkdf(self.auth_secret, ecdh_secret, b"WebPush: info\x00" + self.public_raw + sender_raw, 32)
        cek = _hkdf(salt, ikm, b"Content-Encoding: aes128gcm\x00", 16)
        nonce = _hkdf(salt, ikm, b"Content-Encoding: nonce\x00", 12)
        padded = AESGCM(cek).decrypt(nonce, ciphertext, None)
        unpadded = padded.rstrip(b"\x00")
        assert unpadded.endswith(b"\x02"), "the last record ends with the 0x02 delimiter"
        return unpadded[:-1]


@dataclass
class Received:
    device: Device
    headers: dict[str, str]
    claims: dict
    vapid_key: str  # the k= of the Authorization header: our server's public key
    plaintext: bytes

    @property
    def payload(self) -> dict:
        return json.loads(self.plaintext)


@dataclass
class PushService:
    host: str
    port: int
    devices: dict[str, Device] = field(default_factory=dict)
    answer: dict[str, int] = field(default_factory=dict)  # token -> status to answer (default 201)
    received: list[Received] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    _cond: threading.Condition = field(default_factory=threading.Condition)

    def new_device(self) -> Device:
        token = b64u(os.urandom(12))
        key = ec.generate_private_key(ec.SECP256R1())
        device = Device(f"http://{self.host}:{self.port}/push/{token}", key, os.urandom(16))
        self.devices[token] = device
        return device

    def answer_with(self, device: Device, status: int) -> None:
        self.answer[device.endpoint.rsplit("/", 1)[1]] = status

    def wait_for(self, count: int, timeout: float = 10.0) -> list[Received]:
        with self._cond:
            self._cond.wait_for(lambda: len(self.received) + len(self.errors) >= count, timeout=timeout)
        assert not self.errors, self.errors
        assert len(self.received) >= count, f"{len(self.received)} pushes arrived, {count} expected"
        return self.received

    def handle(self, path: str, headers: dict[str, str], body: bytes) -> int:
        token = path.rsplit("/", 1)[-1]
        device = self.devices.get(token)
        if device is None:
            return 404
        status = self.answer.get(token, 201)
        assert headers.get("content-encoding") == "aes128gcm", headers
        assert int(headers["ttl"]) > 0
        match = re.fullmatch(r"vapid t=([\w.-]+),\s*k=([\w-]+)", headers.get("authorization", ""))
        assert match, f"no VAPID authorization: {headers.get('authorization')!r}"
        jwt, key = match.groups()
        claims = verify_jwt(jwt, key)
        assert claims["aud"] == f"http://{self.host}:{self.port}", claims
        assert time.time() < claims["exp"] <= time.time() + 24 * 3600 + 60, claims
        received = Received(device, headers, claims, key, device.decrypt(body))
        with self._cond:
            self.received.append(received)
            self._cond.notify_all()
        return status


def verify_jwt(jwt: str, key_b64: str) -> dict:
    """RFC 8292: an ES256 JWT signed by the key in k=; raises if the signature does not hold."""
    head, body, sig = jwt.split(".")
    assert json.loads(unb64u(head))["alg"] == "ES256"
    raw = unb64u(sig)
    assert len(raw) == 64
    public = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), unb64u(key_b64))
    der = encode_dss_signature(int.from_bytes(raw[:32], "big"), int.from_bytes(raw[32:], "big"))
    public.verify(der, f"{head}.{body}".encode(), ec.ECDSA(hashes.SHA256()))  # InvalidSignature if forged
    return json.loads(unb64u(body))


@pytest.fixture
def push_service(settings, tmp_path) -> Iterator[PushService]:
    """A push service on 127.0.0.1, and the settings that let our server send to it."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), BaseHTTPRequestHandler)
    service = PushService("127.0.0.1", server.server_address[1])

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 (http.server's name)
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            headers = {k.lower(): v for k, v in self.headers.items()}
            try:
                status = service.handle(self.path, headers, body)
            except Exception as exc:  # a wrong request: the test fails with what was wrong
                with service._cond:
                    service.errors.append(repr(exc))
                    service._cond.notify_all()
                status = 400
            self.send_response(status)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    server.RequestHandlerClass = Handler
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.PUSH_ALLOW_LOCAL_ENDPOINTS = True
    settings.VAPID_PRIVATE_KEY_FILE = tmp_path / "vapid-private.pem"
    try:
        yield service
    finally:
        server.shutdown()
        server.server_close()
