"""Pages for progress reports; joined into closeknit.clinic.urls."""

urlpatterns: list = []
