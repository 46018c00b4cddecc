"""What the safety net tells the apps above it (the clinic) without importing them; the clinic connects
its functions in its AppConfig.ready(). See closeknit.core.hooks."""

from __future__ import annotations

from closeknit.core.hooks import Hook

# Words a known person wrote disclose a risk; called by net.screen inside the write's transaction with
# subject (the writer), kinds, where and now. The clinic alerts each clinician who may be told.
finding: Hook[..., object] = Hook("safety.finding")

# Did anyone with one of these email addresses answer a private screen that came back positive?
# Any connected function answering True makes it so.
screened_positive: Hook[[list[str]], bool] = Hook("safety.screened_positive")
