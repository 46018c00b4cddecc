"""Pages of the clinic: public (directory, reaching out, booking), partners (care), clinicians (desk)."""
