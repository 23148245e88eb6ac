"""Floor 2: Peewee models over SQLite or PostgreSQL, numbering, and the criteria SQL compiler."""
