from tests.clinic.conftest import clinic  # noqa: F401 - the practice fixture, shared with the clinic tests
