"""``python -m pytest_claims``: the ``pytest-claims`` command (see :mod:`pytest_claims.cli`)."""

import sys

from .cli import main

sys.exit(main())
