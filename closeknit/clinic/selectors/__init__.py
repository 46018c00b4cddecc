"""Reads of the clinic, already limited by closeknit.access.clinic."""
