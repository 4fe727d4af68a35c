"""Digits as applicants type them: Western, Eastern Arabic (٠-٩) or Persian (۰-۹).

Used only where values are compared (dates, numbers); the stored text keeps what was typed.
"""

from __future__ import annotations

_TABLE = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")


def western_digits(text: str) -> str:
    return text.translate(_TABLE)
