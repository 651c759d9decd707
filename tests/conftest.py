"""Test configuration: Qt runs offscreen unless a test starts its own X server."""

import os
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parent.parent
# The lecture's worked examples: ../shared/cases beside the checkout, or a copy in
# tests/cases for clones that do not sit beside it.
CASES_DIRS = [ROOT.parent / "shared" / "cases", ROOT / "tests" / "cases"]

# Autosaves, recent files and recovery go to a folder of this test run, never the
# user's own data folder.
import tempfile  # noqa: E402

os.environ.setdefault("PLAYGROUND_DATA_DIR", tempfile.mkdtemp(prefix="playground-test-data-"))


import pytest  # noqa: E402


@pytest.fixture
def transport(request):
    """Where a test's windows train: None is the app's default; tests/ui parametrize
    it (indirectly) with "process" and "thread" to run with both."""
    return getattr(request, "param", None)
