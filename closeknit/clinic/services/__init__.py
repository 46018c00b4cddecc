"""Writes of the clinic: keyword-only arguments, one transaction each."""
