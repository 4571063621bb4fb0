"""Fetching pages from the web, safely: address guard, limits, charset detection."""

from bot.fetch.guard import check_url
from bot.fetch.http import fetch_page

__all__ = ["check_url", "fetch_page"]
