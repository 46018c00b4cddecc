"""Pages for intensives and measures; joined into closeknit.clinic.urls."""

urlpatterns: list = []
