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

        from django.db.models.signals import post_delete

        post_delete.connect(_forget_photo, sender="clinic.ClinicianProfile", dispatch_uid="clinic-forget-photo")

        from closeknit.clinic import today_cards

        today_cards.register()  # asked check-ups and a near intensive offer themselves to Today

        from closeknit.accounts import hooks as account_hooks
        from closeknit.assessments import hooks as assessment_hooks
        from closeknit.clinic.selectors import screens
        from closeknit.clinic.services import alerts, forget, measures
        from closeknit.safety import hooks as safety_hooks

        safety_hooks.finding.connect(alerts.raise_alert)  # a disclosure alerts the consented clinicians
        safety_hooks.screened_positive.connect(screens.flagged)  # a positive private screen withholds conflict work
        account_hooks.deletion_refused.connect(forget.refuse_while_holding_records)  # episodes go first
        account_hooks.forgetting.connect(forget.forget_person)  # notes stay under a pseudonym, leads forget
        assessment_hooks.submitted.connect(measures.complete_for)  # a check-up a clinician asked for is ticked


def _forget_photo(sender, instance, **kwargs) -> None:
    """A profile deleted with its account takes its photo file along."""
    from closeknit.clinic.services import photo

    photo.forget_file(profile=instance)
