"""Queue mode: readings and briefing ticks as procrastinate jobs run by `suara worker`."""
