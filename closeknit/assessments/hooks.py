"""What check-ups tell the apps above them (the clinic) without importing them; the clinic connects its
functions in its AppConfig.ready(). See closeknit.core.hooks."""

from __future__ import annotations

from closeknit.core.hooks import Hook

# A check-up was submitted; called inside the submission's transaction with user and administration,
# so whatever a clinician asked for is ticked together with the answer.
submitted: Hook[..., object] = Hook("assessments.submitted")
