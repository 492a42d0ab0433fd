"""The package version and the extractor version stored with every extraction."""

__version__ = "0.1.0"
# Bump when extraction output changes for the same input; `truceline reextract` uses it.
EXTRACTOR_VERSION = "0.1.0"
