"""Assessments: instrument definitions (content/instruments/), scoring, change over time, reliability.

The modules here are pure: no database, no settings. Persistence and pages build on them.
"""
