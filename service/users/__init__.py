"""Moderator accounts: roles, hashed passwords and their store."""
