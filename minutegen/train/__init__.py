"""Training the extractor's models from the repo's corpus: `python -m minutegen.train`."""
