"""core.hooks: how a lower app tells a higher one something. The hooks the apps define are tested through
what they set off (alerts, screens, measures, deletion); this is the mechanism itself."""

from __future__ import annotations

import pytest

from closeknit.clinic.selectors import screens
from closeknit.clinic.services import alerts, forget, measures
from closeknit.core.hooks import Hook
from closeknit.safety import hooks as safety_hooks


def test_answers_come_back_in_the_order_connected_and_a_second_connect_keeps_one() -> None:
    hook: Hook[[int], int] = Hook("test.double")
    hook.connect(lambda n: n * 2)
    square = hook.connect(lambda n: n * n)
    hook.connect(square)
    assert hook(3) == [6, 9]


def test_an_exception_reaches_the_caller() -> None:
    """So a write and what it sets off land in one transaction or not at all."""
    hook: Hook[[], None] = Hook("test.refuse")

    def refuse() -> None:
        raise ValueError("no")

    hook.connect(refuse)
    with pytest.raises(ValueError, match="no"):
        hook()


def test_the_clinic_is_connected_once_app_loading_is_done() -> None:
    from closeknit.accounts import hooks as account_hooks
    from closeknit.assessments import hooks as assessment_hooks

    assert safety_hooks.finding._functions == [alerts.raise_alert]
    assert safety_hooks.screened_positive._functions == [screens.flagged]
    assert assessment_hooks.submitted._functions == [measures.complete_for]
    assert account_hooks.deletion_refused._functions == [forget.refuse_while_holding_records]
    assert account_hooks.forgetting._functions == [forget.forget_person]
