"""Floor 3: the use cases. Plain arguments in, domain values out; each write one transaction."""
