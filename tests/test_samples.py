"""The committed sample survey is exactly what its seeded generator writes."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import SAMPLES


def test_sample_files_match_their_generator() -> None:
    done = subprocess.run(
        [sys.executable, str(SAMPLES / "generate_sample.py"), "--check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
