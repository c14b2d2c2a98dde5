"""`python -m storyreel` is the `storyreel` command."""

import sys

from storyreel.cli import main

sys.exit(main())
