"""Tests of the Akismet compatibility layer against the published akismet client."""
