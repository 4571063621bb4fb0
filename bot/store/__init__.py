"""Storage: SQLite through aiosqlite, with versioned migrations and one repository per concern."""
