"""`python -m service.bench` runs the benchmark as `darnel bench` does."""

from service.cli.bench import main

raise SystemExit(main())
