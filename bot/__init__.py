"""Suara Berita: Indonesian news read aloud, as Telegram voice notes with a short summary."""

import logging

__version__ = "0.1.0"
__all__ = ["__version__"]

logging.getLogger(__name__).addHandler(logging.NullHandler())
