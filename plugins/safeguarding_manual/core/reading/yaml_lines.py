"""YAML loading that remembers the line of every value.

PyYAML's ``safe_load`` forgets where values came from, and turns
``2023-02-30`` into an exception for the whole file. Editors need
"line 7: last_updated is not a real date", so we compose the node tree,
build plain values ourselves and keep a map from each value's path to its line.
Dates stay strings here; the schema checks them with line numbers.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .problems import ProblemList

Path_ = tuple[str | int, ...]


class _NoDatesLoader(yaml.SafeLoader):
    """SafeLoader that leaves timestamps as strings so we can validate them."""


_NoDatesLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}

if yaml.__with_libyaml__:
    class _FastNoDatesLoader(yaml.CSafeLoader):  # type: ignore[misc,name-defined]
        """The same loader on libyaml's parser: thousands of front matters are read on every build."""

    _FastNoDatesLoader.yaml_implicit_resolvers = _NoDatesLoader.yaml_implicit_resolvers
    _FAST_LOADER: type | None = _FastNoDatesLoader
else:
    _FAST_LOADER = None


def _compose(text: str) -> yaml.Node | None:
    """libyaml when it is there; on any error the pure-Python parser runs again for its clearer messages."""
    if _FAST_LOADER is not None:
        try:
            return yaml.compose(text, Loader=_FAST_LOADER)
        except yaml.MarkedYAMLError as error:
            if "nesting depth" in str(error.problem) and error.problem_mark is not None:
                raise _NestedTooDeep(error.problem_mark.line) from error  # the Python parser would recurse
        except yaml.YAMLError:
            pass
    return yaml.compose(text, Loader=_NoDatesLoader)


class _NestedTooDeep(Exception):
    """libyaml (from PyYAML 6.0.3) stops at its own nesting limit; ``line`` is 0-based."""

    def __init__(self, line: int):
        super().__init__(line)
        self.line = line


@dataclass
class LocatedData:
    """Plain YAML data plus the 1-based file line of every value and key."""

    data: Any
    lines: dict[Path_, int] = field(default_factory=dict)
    first_line: int = 1

    def line(self, *path: str | int) -> int:
        """Line of the value at ``path``, falling back to its nearest parent."""
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.first_line


def load_yaml(text: str, path: Path, first_line: int, problems: ProblemList) -> LocatedData | None:
    """Parse YAML, reporting syntax errors with the file line and a hint.

    The work is bounded whatever the text: nesting deeper than :data:`MAX_DEPTH` and more than
    :data:`MAX_VALUES` values (YAML aliases repeat values, so a few lines can stand for billions)
    are refused with a message instead of exhausting memory or the stack.
    """
    deep = _too_deep(text)
    if deep is not None:
        _report_too_deep(problems, path, first_line + deep)
        return None
    try:
        node = _compose(text)
    except _NestedTooDeep as error:
        _report_too_deep(problems, path, first_line + error.line)
        return None
    except yaml.MarkedYAMLError as error:
        # For an unclosed [ or { the useful place is where it was opened.
        in_flow = bool(error.context and "flow" in error.context and error.context_mark)
        mark = error.context_mark if in_flow else (error.problem_mark or error.context_mark)
        line = first_line + (mark.line if mark else 0)
        problems.add(path, line, _explain_yaml_error(error, text, mark.line if mark else 0))
        return None
    except (yaml.YAMLError, RecursionError) as error:
        problems.add(path, first_line, f"the YAML could not be read: {error}")
        return None
    located = LocatedData(None, {}, first_line)
    if node is None:
        located.data = None
        return located
    try:
        located.data = _build(node, (), located, path, problems, _Budget())
    except _TooLarge as error:
        problems.add(path, first_line + error.node.start_mark.line, str(error))
        return None
    return located


def _report_too_deep(problems: ProblemList, path: Path, line: int) -> None:
    problems.add(path, line, f"the YAML is nested more than {MAX_DEPTH} levels deep; "
                             "front matter and settings need only a few levels.")


#: At most this many values in one YAML file or front matter, counting each use of an alias.
MAX_VALUES = 50_000
#: At most this many levels of nesting (a threshold document needs five).
MAX_DEPTH = 24


class _TooLarge(Exception):
    def __init__(self, message: str, node: yaml.Node):
        super().__init__(message)
        self.node = node


@dataclass
class _Budget:
    values: int = 0


def _too_deep(text: str) -> int | None:
    """The 0-based line where brackets nest deeper than allowed, before the parser recurses into them."""
    depth = 0
    line = 0
    quote = ""
    for character in text:
        if character == "\n":
            line += 1
            if quote == "'":
                continue
        if quote:
            if character == quote:
                quote = ""
            continue
        if character in "\"'":
            quote = character
        elif character in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                return line
        elif character in "]}":
            depth = max(0, depth - 1)
    return None


def _explain_yaml_error(error: yaml.MarkedYAMLError, text: str, line_index: int) -> str:
    problem = (error.problem or str(error)).strip()
    lines = text.split("\n")
    offending = lines[line_index] if 0 <= line_index < len(lines) else ""
    if "\t" in offending or "'\\t'" in problem:
        return "the YAML contains a tab character; indent with spaces, not tabs."
    hint = ""
    if "mapping values are not allowed" in problem:
        hint = " If a value contains ': ', put the whole value in double quotes."
    elif "could not find expected ':'" in problem or "expected <block end>" in problem:
        hint = " Check the indentation and that every field is written 'name: value'."
    return f"the YAML is not valid ({problem}).{hint}"


def _build(node: yaml.Node, path: Path_, located: LocatedData, file: Path, problems: ProblemList,
           budget: _Budget) -> Any:
    budget.values += 1
    if budget.values > MAX_VALUES:
        raise _TooLarge(f"the YAML holds more than {MAX_VALUES:,} values (aliases written with '*' repeat "
                        "values); write the values out instead of using anchors and aliases.", node)
    if len(path) > MAX_DEPTH:
        raise _TooLarge(f"the YAML is nested more than {MAX_DEPTH} levels deep; front matter and settings need "
                        "only a few levels.", node)
    located.lines[path] = located.first_line + node.start_mark.line
    if isinstance(node, yaml.MappingNode):
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = _scalar(key_node) if isinstance(key_node, yaml.ScalarNode) else str(key_node.value)
            key = str(key) if key is not None else "null"
            if key in result:
                problems.add(file, located.first_line + key_node.start_mark.line,
                             f"the field '{key}' appears twice; keep one.")
            result[key] = _build(value_node, path + (key,), located, file, problems, budget)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_build(child, path + (index,), located, file, problems, budget)
                for index, child in enumerate(node.value)]
    return _scalar(node)


_CONSTRUCTOR = yaml.constructor.SafeConstructor()


def _scalar(node: yaml.Node) -> Any:
    """A scalar's value from its resolved tag (str, int, float, bool, null); dates stay strings."""
    build = yaml.constructor.SafeConstructor.yaml_constructors.get(node.tag)
    if node.tag == "tag:yaml.org,2002:str" or build is None or not isinstance(node, yaml.ScalarNode):
        return node.value
    try:
        return build(_CONSTRUCTOR, node)
    except (yaml.YAMLError, ValueError):
        return node.value
