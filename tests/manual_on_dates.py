"""The example manual as it stood on three days, written out by hand from its chapters and archive.

Each row: ID and title as they were that day, the version cell and the "in force" cell, in the
order the view lists them (by ID, chapters not yet published last). Used by test_point_in_time.py
(the static release page and the core) and test_browser.py (the form's script).
"""

from __future__ import annotations

import datetime as dt

from bs4 import BeautifulSoup

CP, PA, PG = "Core Procedures", "Safeguarding Partnership Arrangements", "Practice Guidance"
CP1 = ("CP1", "Responding to Concerns about a Child")
CP2 = ("CP2", "Child Death Reviews")
CP2A = ("CP2(A)", "Unexpected Child Deaths - Rapid Response")
CP4 = ("CP4", "Thresholds - Continuum of Need")
PA5 = ("PA5", "Accountability of Chief Executives and Lead Members")
PA6 = ("PA6", "Complaints about the Partnership")
PA7 = ("PA7", "Functions of the Partnership under Regulation 5")
PA8 = ("PA8", "Duty to Establish a Local Safeguarding Children Partnership")
PG1 = ("PG1", "Private Fostering")
PG3 = ("PG3", "Safer Recruitment and Allegations against Staff")
PG4 = ("PG4", "Sending Information by Secure Email")

NOT_KEPT_PA8 = ("Published before this manual kept the chapter; not archived here. Version 4 came into force on "
                "7 December 2023")
PG4_WITHDRAWN = ("Withdrawn", "Withdrawn on 2 June 2025; the last text in force was version 1")

EXPECTED: dict[dt.date, dict[str, list[tuple[str, str, str, str]]]] = {
    # Before the first release: the serious case review chapter under its old ID, PA8 before it was kept
    # here, PG4 not yet withdrawn, five chapters not yet published.
    dt.date(2023, 7, 1): {
        CP: [
            (*CP1, "Version 1", "From 5 June 2023 to 3 June 2024"),
            (*CP2, "Version 1", "From 5 June 2023 to 3 June 2024"),
            ("CP5", "Serious Case Reviews", "Version 1", "From 5 June 2023 to 1 December 2025"),
            (*CP2A, "Not yet published", "First published on 3 June 2024"),
            (*CP4, "Not yet published", "First published on 1 June 2026"),
        ],
        PA: [
            ("PA1", "Local Safeguarding Children Partnerships", "Version 1", "From 5 June 2023 to 3 June 2024"),
            ("PA2", "Partnership Functions", "Version 1", "From 5 June 2023 to 1 December 2025"),
            ("PA3", "Membership and Lay Members", "Version 1", "From 5 June 2023 to 2 December 2024"),
            ("PA4", "Independent Chair and Annual Report", "Version 1", "From 5 June 2023 to 3 June 2024"),
            (*PA7, "Version 1 (still current)", "From 1 September 2020"),
            (*PA8, "Version 3 or earlier", NOT_KEPT_PA8),
            (*PA5, "Not yet published", "First published on 20 November 2023"),
            (*PA6, "Not yet published", "First published on 4 December 2023"),
        ],
        PG: [
            (*PG4, "Version 1", "From 5 June 2023 to 2 June 2025"),
            (*PG1, "Not yet published", "First published on 2 December 2024"),
            (*PG3, "Not yet published", "First published on 1 December 2025"),
        ],
    },
    # The June 2025 release's day: versions that came into force that day are in force; PG4 is withdrawn.
    dt.date(2025, 6, 2): {
        CP: [
            (*CP1, "Version 3", "From 2 December 2024 to 1 June 2026"),
            (*CP2, "Version 2 (still current)", "From 3 June 2024"),
            (*CP2A, "Version 1 (still current)", "From 3 June 2024"),
            ("CP5", "Serious Case Reviews", "Version 1", "From 5 June 2023 to 1 December 2025"),
            (*CP4, "Not yet published", "First published on 1 June 2026"),
        ],
        PA: [
            ("PA1", "Local Safeguarding Children Partnerships", "Version 3 (still current)", "From 2 June 2025"),
            ("PA2", "Partnership Functions", "Version 1", "From 5 June 2023 to 1 December 2025"),
            ("PA3", "Membership and Lay Members", "Version 2 (still current)", "From 2 December 2024"),
            ("PA4", "Independent Chair and Annual Report", "Version 3 (still current)", "From 2 June 2025"),
            (*PA5, "Version 1 (still current)", "From 20 November 2023"),
            (*PA6, "Version 2 (still current)", "From 2 June 2025"),
            (*PA7, "Version 1 (still current)", "From 1 September 2020"),
            (*PA8, "Version 4 (still current)", "From 7 December 2023"),
        ],
        PG: [
            (*PG1, "Version 1 (still current)", "From 2 December 2024"),
            (*PG4, *PG4_WITHDRAWN),
            (*PG3, "Not yet published", "First published on 1 December 2025"),
        ],
    },
    # Between releases: the learning reviews chapter under its new ID, PG3 in its first version.
    dt.date(2026, 1, 15): {
        CP: [
            (*CP1, "Version 3", "From 2 December 2024 to 1 June 2026"),
            (*CP2, "Version 2 (still current)", "From 3 June 2024"),
            (*CP2A, "Version 1 (still current)", "From 3 June 2024"),
            ("CP3", "Learning Reviews", "Version 2 (still current)", "From 1 December 2025"),
            (*CP4, "Not yet published", "First published on 1 June 2026"),
        ],
        PA: [
            ("PA1", "Local Safeguarding Children Partnerships", "Version 3 (still current)", "From 2 June 2025"),
            ("PA2", "Partnership Functions", "Version 2 (still current)", "From 1 December 2025"),
            ("PA3", "Membership and Lay Members", "Version 2 (still current)", "From 2 December 2024"),
            ("PA4", "Independent Chair and Annual Report", "Version 3 (still current)", "From 2 June 2025"),
            (*PA5, "Version 1 (still current)", "From 20 November 2023"),
            (*PA6, "Version 2 (still current)", "From 2 June 2025"),
            (*PA7, "Version 1 (still current)", "From 1 September 2020"),
            (*PA8, "Version 4 (still current)", "From 7 December 2023"),
        ],
        PG: [
            (*PG1, "Version 1 (still current)", "From 2 December 2024"),
            (*PG3, "Version 1", "From 1 December 2025 to 1 June 2026"),
            (*PG4, *PG4_WITHDRAWN),
        ],
    },
}


def _cell(element: BeautifulSoup) -> str:
    label = element.select_one(".cell-label")
    text = " ".join(element.get_text(" ", strip=True).split())
    text = text.replace(" ;", ";")
    if label is not None:
        text = text.removeprefix(" ".join(label.get_text(" ", strip=True).split())).strip()
    return text


def view_rows(container: BeautifulSoup) -> dict[str, list[tuple[str, str, str, str]]]:
    """The tables of a view (static page or the form's result): part -> rows."""
    result = {}
    for table in container.select("table.on-a-date-table"):
        part = table.caption.get_text(" ", strip=True).rsplit(" on ", 1)[0]
        result[part] = [tuple(_cell(cell) for cell in row.find_all(["td", "th"])) for row in table.select("tbody tr")]
    return result
