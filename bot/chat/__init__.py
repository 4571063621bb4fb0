"""The Telegram side: application, handlers, texts (named `chat` so it never shadows `telegram`)."""
