"""Output: writing documents safely (all or nothing, owner-only, one build at a time)."""
