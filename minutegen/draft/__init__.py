"""draft package (being built)."""
