"""The site's other pages (``docs/``): checked like chapters, since they are content too.

MkDocs reads their front matter itself, with a YAML loader that would expand aliases without end and
pass any field to the theme (``template:``, ``redirect:`` and others steer what the theme outputs).
So before MkDocs reads them, each page's front matter is read here with our bounded loader and may
only hold the fields below; its raw HTML and links meet the same policy as a chapter's.
"""

from __future__ import annotations

from pathlib import Path

from ..reading.markdown_text import blank_code
from ..reading.problems import ProblemList
from ..reading.schema import FieldSpec, validate_fields
from ..reading.text_files import read_text, split_front_matter
from ..reading.yaml_lines import load_yaml
from ..safe_html.policy import check_link_scheme, check_raw_html
from .outline import IMAGE, LINK, REFERENCE_DEFINITION

OTHER_PAGE_FIELDS = (
    FieldSpec("title", "string", "The page title, if not its first heading.", one_line=True),
    FieldSpec("description", "string", "A sentence for search engines."),
    FieldSpec("hide", "list", "Parts of the page layout to hide.",
              items=FieldSpec("part", "string", "navigation, toc or footer.", enum=("navigation", "toc", "footer"))),
    FieldSpec("search", "object", "Search settings.",
              properties=(FieldSpec("exclude", "boolean", "Leave the page out of the search."),)),
    FieldSpec("glossary_links", "boolean", "Set to false to stop glossary terms being linked on this page."),
)


def check_other_page(path: Path, problems: ProblemList) -> None:
    """Report everything in a ``docs/`` page that may not be published, with lines."""
    text = read_text(path, problems)
    if text is None:
        return
    source = split_front_matter(path, text, problems, required=False)
    if source is None:
        return
    if source.front_matter is not None:
        located = load_yaml(source.front_matter, path, source.front_matter_line, problems)
        if located is not None and located.data is not None:
            validate_fields(located.data, located, OTHER_PAGE_FIELDS, lambda line, msg: problems.add(path, line, msg))
    check_raw_html(path, source.body, source.body_line, problems)
    for index, line in enumerate(blank_code(source.body)):
        line_no = source.body_line + index
        for match in LINK.finditer(line):
            check_link_scheme(path, match.group("target"), line_no, problems)
        for match in IMAGE.finditer(line):
            check_link_scheme(path, match.group("target"), line_no, problems, image=True)
        definition = REFERENCE_DEFINITION.match(line)
        if definition:
            check_link_scheme(path, definition.group("target"), line_no, problems)
