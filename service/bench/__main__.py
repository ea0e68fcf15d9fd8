"""`python -m service.bench` runs the benchmark as `darnel bench` does."""

from service.cli_bench import main

raise SystemExit(main())
