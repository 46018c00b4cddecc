"""Guided practices: the library (content/practices/, checked by `library`) and the matcher (`matching`).

Importing this package touches no database and no settings, so the content checks run anywhere.
"""
