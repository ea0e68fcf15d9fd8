"""HTTP layer: blueprints that turn requests into core calls and JSON answers."""
