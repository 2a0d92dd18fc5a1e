"""Tests that drive a real browser (headless Chromium)."""
