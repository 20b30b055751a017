"""Spanish: words matched as written, names as runs of capitalised words."""

from __future__ import annotations

import re

from helpers.annotate.languages.base import Room


class SpanishRoom(Room):
    """The Spanish room (see `base.Room`)."""

    code = "es"
    MONTHS = "enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|setiembre|octubre|noviembre|diciembre"
    DATE_RE = re.compile(rf"\b(?:(?P<d>\d{{1,2}})\s+de\s+)?(?P<mo>{MONTHS})(?:\s+(?:de|del)\s+(?P<y>\d{{4}}))?\b",
                         re.I)
    THOUSANDS, DECIMAL = ".", ","
