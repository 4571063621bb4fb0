"""Storage: SQLite (aiosqlite) or PostgreSQL (asyncpg) behind one `Database` interface, with
versioned migrations per engine and one repository per concern."""
