"""`python -m quoteline.cli …`: the same as `quoteline …`."""
import sys

from quoteline.cli import main

sys.exit(main())
