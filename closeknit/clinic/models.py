"""Models of the clinic app."""
