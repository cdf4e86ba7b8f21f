"""`python -m knowledge ...`: build, check, search, export and import the tiltak content."""

from knowledge.cli import main

raise SystemExit(main())
