"""closeknit's WSGI application, started on the suite's clock (tests/clock.py) in every granian worker, so
an app server a test starts agrees with the test on "now" under `make test-dates`."""

from tests import clock

clock.start_from_environment()

from closeknit.wsgi import application  # noqa: E402

__all__ = ["application"]
