"""Running Suara Berita for real: health check, backups, metrics, logs, webhooks, operator CLI.

Nothing here is imported by the pipeline; the bot reaches it through `bot.ops.cli.serve_command`
and the metric functions in `bot.ops.metrics` (cheap no-ops until the metrics server runs).
"""
