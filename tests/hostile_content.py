"""A site whose every content field holds a script payload: shared by the escaping and browser tests."""

from __future__ import annotations

import json
from pathlib import Path

ALPHA = "procedures/core/alpha.md"
BETA = "procedures/partnership/beta.md"
MANUAL = "procedures/manual.yml"
GLOSSARY = "glossary.yml"
THRESHOLDS_TEXT = (Path(__file__).parent / "fixtures/thresholds.md").read_text("utf-8")


#: Would set ``window.__pwned`` if any part of it ran; contains a Jinja expression, which must stay text.
PAYLOAD = ('"><img src=x onerror="window.__pwned=1"><script>window.__pwned=1</script>'
           "</title><svg onload=window.__pwned=1>{{ 7*7 }}'")


#: The payload for a quoted attribute value written in Markdown (a double quote would end the value, and raw
#: tags there are refused at the source): entity-encoded, it must reach the page as an inert attribute value.
IN_ATTRIBUTE = "&lt;script&gt;window.__pwned=1&lt;/script&gt; onmouseover=window.__pwned=1"


def _quoted(text: str) -> str:
    """A YAML double-quoted scalar (JSON is valid YAML), so the payload reaches the field exactly."""
    return json.dumps(text, ensure_ascii=False)


def seed_payloads(project: Path) -> None:
    """Put the payload in every text field of every kind of content file, and in code in the bodies."""
    q = _quoted(PAYLOAD)
    alpha = project / ALPHA
    text = alpha.read_text("utf-8")
    text = text.replace("title: Alpha Procedure", f"title: {_quoted('Alpha ' + PAYLOAD)}")
    text = text.replace("owner: Alpha Subgroup", f"owner: {q}\nsummary: {q}")
    text = text.replace("summary: First published.", f"summary: {q}")
    text += (f"\n`{PAYLOAD}` in inline code, and &lt;script&gt; written as entities.\n\n"
             f"```html\n{PAYLOAD}\n```\n\n    {PAYLOAD}\n\n"
             # tricky Markdown that is allowed: its payloads must stay text or quoted attribute values
             f"An attribute list with a payload in a title.\n{{: title=\"{IN_ATTRIBUTE}\" }}\n\n"
             f"A [reference link][ref] whose title holds the payload.\n\n[ref]: https://example.org/ \"{IN_ATTRIBUTE}\"\n\n"
             f"<details><summary>An HTML block</summary>\n\n&lt;script&gt;window.__pwned=1&lt;/script&gt;\n\n</details>\n\n"
             f"![An image whose text is {IN_ATTRIBUTE}](picture.png \"{IN_ATTRIBUTE}\")\n\n"
             f"Caption: A table caption {IN_ATTRIBUTE}\n\n| Column |\n| --- |\n| Cell |\n\n"
             f"- (a) a labelled item {IN_ATTRIBUTE}\n- (b) and another\n")
    (project / "procedures/core/picture.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    alpha.write_text(text, "utf-8")
    beta = project / BETA
    beta.write_text(beta.read_text("utf-8").replace("review_note: Being checked against new guidance.",
                                                    f"review_note: {q}"), "utf-8")
    manual = project / MANUAL
    manual.write_text(
        manual.read_text("utf-8")
        .replace("title: Fixture Procedures", f"title: {_quoted('Fixture ' + PAYLOAD)}")
        .replace("publisher: Fixture Partnership", f"publisher: {q}")
        .replace("edition: 1st edition", f"edition: {q}")
        .replace("    title: Core Procedures\n", f"    title: {_quoted('Core ' + PAYLOAD)}\n    description: {q}\n")
        .replace("    title: June 2025\n", f"    title: {_quoted('June 2025 ' + PAYLOAD)}\n    summary: {q}\n")
        + f"notices:\n  under_review: {q}\n  withdrawn: {q}\n", "utf-8")
    (project / GLOSSARY).write_text(
        (project / GLOSSARY).read_text("utf-8")
        + f"  - term: {_quoted('Hostile ' + PAYLOAD)}\n    definition: {q}\n    source: {q}\n"
          f"    aliases: [{_quoted('Hostile alias ' + PAYLOAD)}]\n", "utf-8")
    thresholds = THRESHOLDS_TEXT
    for old in ("title: Universal", "summary: Needs met.", "{name: Your service}", "title: Development",
                "{id: health, title: Health}", "text: Healthy.", "{id: young, title: Under 5}",
                "what_to_do: Carry on."):
        key, _, rest = old.strip("{}").partition(": ")
        if old.startswith("{id:"):
            ident = rest.split(",")[0]
            new = "{id: " + ident + ", title: " + _quoted(PAYLOAD) + "}"
        elif old.startswith("{"):
            new = "{" + key + ": " + _quoted(PAYLOAD) + ", hours: " + q + ", notes: " + q + "}"
        else:
            new = f"{key}: {q}"
        thresholds = thresholds.replace(old, new, 1)
    (project / "procedures/thresholds.md").write_text(thresholds, "utf-8")
    (project / "docs/about.md").write_text(f"---\ntitle: {q}\ndescription: {q}\n---\n\n# About {PAYLOAD[:30]}\n\n"
                                           f"`{PAYLOAD}`\n\n```\n{PAYLOAD}\n```\n", "utf-8")
