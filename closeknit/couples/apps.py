from django.apps import AppConfig


class CouplesConfig(AppConfig):
    name = "closeknit.couples"
    label = "couples"

    def ready(self) -> None:
        """Audit who joined or left which space and who invited whom; never a space's name or an
        invitation's token or code (closeknit.core.audit)."""
        from auditlog.registry import auditlog

        from closeknit.couples.models import Couple, Invitation, Membership

        auditlog.register(Couple, exclude_fields=["name"])
        auditlog.register(Membership)
        auditlog.register(Invitation, exclude_fields=["token", "code"])

        from closeknit.accounts.hooks import export_section
        from closeknit.couples import exports

        export_section("spaces", exports.spaces)
