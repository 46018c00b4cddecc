"""Progress reports: a clinician version and a per-partner version of one care episode.

`data` assembles what one viewer may see (a selector: every rule is asked of access), `render`
turns it into HTML and a PDF with WeasyPrint. Both versions use the same templates.
"""
