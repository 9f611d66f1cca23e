"""Workbooks in layouts written without reading the importer (streamline/ingest/), one module
per real-world kind of office, each with its truth: the people, their fields and, through
`oracle`, the figures law.md gives for them. tests/test_independent_layouts.py checks the
product against them.

Every layout module has FILE_NAME, PEOPLE (oracle.Truth rows), INSPECT_FIELDS (fields
`streamline inspect` must name) and build(path)."""

import datetime as dt
from decimal import Decimal

# One analysis date for every layout: Decree 154/2025 in force, base salary 2,530,000.
AS_OF = dt.date(2026, 12, 1)
HORIZON = dt.date(2030, 12, 31)
RATE = Decimal("0.20")
