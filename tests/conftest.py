"""Test-wide settings."""

from __future__ import annotations

import os

from hypothesis import settings

# CI runs the property tests with a fixed seed so that a run is reproducible; local runs explore.
settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")
