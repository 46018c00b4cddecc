"""Pages for safety alerts; joined into closeknit.clinic.urls."""

urlpatterns: list = []
