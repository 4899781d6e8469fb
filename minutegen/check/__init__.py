"""check package (being built)."""
