"""`python -m service` does what the `darnel` command does."""

from service.cli import main

raise SystemExit(main())
