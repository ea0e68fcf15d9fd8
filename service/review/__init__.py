"""The durable moderator review queue: items, decisions, their store and intake."""
