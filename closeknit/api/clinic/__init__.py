"""The clinic over HTTP, one module per area: `public` (the directory, reaching out, private screens and
booking by the person's own link token), `care` (partners' care and consent, the clinician's desk),
`caseload`, `intensive`, `notes`, `reports` and `alerts`. closeknit.api.router mounts each one."""
