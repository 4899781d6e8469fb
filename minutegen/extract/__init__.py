"""extract package (being built)."""
