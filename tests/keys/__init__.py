"""Tests of per-site API keys, their store, the CLI and the rate limiter."""
