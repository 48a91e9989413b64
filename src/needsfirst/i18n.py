"""Marking user-facing text in the pure core for translation, without importing Django.

The core returns English text marked with `_()`; Django's `makemessages` extracts it into the
catalogues under `locale/`, and the web layer translates it with `gettext` when it renders.
"""


def gettext_noop(message: str) -> str:
    """Mark `message` for extraction; the translation happens where it is shown."""
    return message


_ = gettext_noop
