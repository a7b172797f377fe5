"""`python -m loaders.evaluate`: see loaders/evaluate/cli.py."""

import sys

from loaders.evaluate.cli import main

sys.exit(main())
