"""Reads of the clinic, already limited by closeknit.core.access.clinic."""
