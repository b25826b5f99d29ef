"""Models of the handling app."""
