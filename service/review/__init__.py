"""The durable moderator review queue: items, decisions, their store, intake and export."""
