"""Benchmark the served stack against bare-Flask, Redis and langdetect baselines with wrk."""
