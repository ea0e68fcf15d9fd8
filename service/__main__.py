"""`python -m service` does what the `darnel` command does."""

from service.cli.main import main

raise SystemExit(main())
