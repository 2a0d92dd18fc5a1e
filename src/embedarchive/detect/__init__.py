"""Detectors: embedded posts in plain text and in HTML."""
