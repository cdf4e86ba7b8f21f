"""`python -m bot ...`: run, train, shell, web, users, retention."""

from bot.cli import main

raise SystemExit(main())
