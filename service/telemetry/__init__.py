"""What the service tells its operators: JSON log lines (`logs.py`) and Prometheus metrics
(`metrics.py`), shared by every layer above the core."""
