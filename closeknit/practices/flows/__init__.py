"""Guided flows that need more than the generic step-by-step runner."""
