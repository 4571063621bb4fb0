"""Daily regional audio briefings: regions and feeds → composed script → one voice note → every
subscriber of the region, at their local time (see `schedule` for the flow)."""
