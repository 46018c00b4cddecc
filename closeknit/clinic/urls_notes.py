"""Pages for clinical notes; joined into closeknit.clinic.urls."""

urlpatterns: list = []
