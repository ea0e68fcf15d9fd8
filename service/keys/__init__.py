"""Per-site API keys: generation, hashed SQL storage, usage counts and Akismet reports."""

from service.keys.model import ApiKey, generate_key, looks_like_key
from service.keys.store import KeyStore

__all__ = ["ApiKey", "KeyStore", "generate_key", "looks_like_key"]
