"""`python -m bot ...`: run, train, shell, web."""

from bot.cli import main

raise SystemExit(main())
