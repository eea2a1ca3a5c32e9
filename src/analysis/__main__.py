"""`python -m analysis …` is `workbench …`."""
import sys

from analysis.cli import main

sys.exit(main())
