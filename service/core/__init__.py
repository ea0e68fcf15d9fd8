"""The detection library: no Flask, no Redis, no environment reads."""
