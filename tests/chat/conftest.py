"""Bot fixtures live in tests/conftest.py; `running` is re-exported for the tests here."""

from tests.conftest import running

__all__ = ["running"]
