from django.apps import AppConfig


class ClinicConfig(AppConfig):
    name = "closeknit.clinic"
    label = "clinic"

    def ready(self) -> None:
        """Audit who holds which role, consents and agreements, and bookings. Never leads or screens:
        an audit copy of what people wrote there would sit outside the encryption."""
        from auditlog.registry import auditlog

        from closeknit.clinic.models import Appointment, Consent, Episode, PolicyAck, StaffRole

        auditlog.register(StaffRole)
        auditlog.register(Episode, exclude_fields=["join_token"])
        auditlog.register(PolicyAck)
        auditlog.register(Consent)
        auditlog.register(Appointment, exclude_fields=["uid"])
