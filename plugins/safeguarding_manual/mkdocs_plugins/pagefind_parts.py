"""Pagefind's word index cut again into smaller parts, so that a search downloads less.

Pagefind cuts its word index into parts of about 20,000 word positions each, a size fixed in its code
(``chunk_index(word_map, 20000)`` in ``pagefind/src/index/mod.rs``): 20 to 60 KB compressed each at 1,000
chapters. A search downloads the part holding each word typed, so a rare word such as "CP12" or "512"
cost a reader the whole 30 KB part it shares with hundreds of other words. Here the same words, in the
same order and with their entries copied byte for byte, are cut into parts of about :data:`PART_BYTES`
each, and the list of parts in each language's ``.pf_meta`` file (and its name in ``pagefind-entry.json``)
is written again to match. The pages' records (fragments) get short names that compress well in that
meta file, which every search downloads (see :func:`_record_names`); their contents, the filters, the
program and its WebAssembly stay as Pagefind made them.

Where a part may end matters for searches of a word's beginning: Pagefind finds the words a typed word
extends to ("refer" finds "referral") only in the one part whose range holds the typed word. A cut
between two words that begin alike ("assess", "assessor") hides some of those extensions, so parts end
only where the neighbouring words share at most :data:`SHARED_LETTERS_AT_A_CUT` first letters; a part
that would grow past :data:`LONGEST_PART_BYTES` without such a place is cut where the neighbours share
the fewest letters (Pagefind itself cuts anywhere).

The files are read with a small reader of CBOR (RFC 8949), the encoding Pagefind writes: only the
lengths of items are needed, to find each word's entry, never their meaning. A folder in a form this
module does not know (a future Pagefind) is left exactly as Pagefind made it: searches still work, they
only download more; :func:`recut_word_index` says so by returning False, and a test fails.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path

#: Pagefind's files start, once decompressed, with these bytes (its script tells by them whether the
#: browser has decompressed the file already).
SIGNATURE = b"pagefind_dcd"
#: The raw (CBOR) bytes a part grows to before it may end: about 4 KB compressed. Smaller parts save little more:
#: a common word ("child") is a part of its own, 20 to 35 KB at 1,000 chapters, however small the rest are.
PART_BYTES = 8_000
#: A part that reaches this size without a place to end ends where its next neighbours share the fewest letters.
LONGEST_PART_BYTES = 4 * PART_BYTES
#: Parts end between words that share at most this many first letters (see the module's docstring).
SHARED_LETTERS_AT_A_CUT = 2
#: Where in a ``.pf_meta`` file's top array the list of pages is, and the list of word index parts (Pagefind 1.x).
META_PAGES_FIELD = 1
META_PARTS_FIELD = 2
ENTRY_FILE = "pagefind-entry.json"


class UnknownFormat(ValueError):
    """Pagefind's files are not in the form this module reads."""


# --- Reading and writing CBOR items (only what Pagefind's files use) ---------------------------------


#: Bytes that follow an item's first byte for its argument, by the first byte's low five bits (24 to 27); the
#: other values (indefinite lengths, reserved) are forms Pagefind never writes.
_ARGUMENT_WIDTH = {24: 1, 25: 2, 26: 4, 27: 8}


def _integer_lengths() -> bytes:
    """The whole length of an integer item by its first byte (0: not an integer). Word positions are
    most of an index's items: looking their length up is what keeps reading a large index short."""
    table = bytearray(256)
    for first in range(256):
        major, info = first >> 5, first & 31
        if major in (0, 1) and (info < 24 or info in _ARGUMENT_WIDTH):
            table[first] = 1 + _ARGUMENT_WIDTH.get(info, 0)
    return bytes(table)


_INTEGER_LENGTH = _integer_lengths()


def _head(data: bytes, at: int) -> tuple[int, int, int]:
    """(major type, argument, where the item's content starts) of the item at ``at``."""
    if at >= len(data):
        raise UnknownFormat("the file ends inside an item")
    first = data[at]
    major, info = first >> 5, first & 31
    if info < 24:
        return major, info, at + 1
    width = _ARGUMENT_WIDTH.get(info)
    if width is None or at + 1 + width > len(data):
        raise UnknownFormat("an item of unknown or indefinite length")
    return major, int.from_bytes(data[at + 1:at + 1 + width], "big"), at + 1 + width


def _item_end(data: bytes, at: int) -> int:
    """Where the item starting at ``at`` ends (an index into ``data``)."""
    try:
        end = _end_of(data, at)
    except IndexError as error:
        raise UnknownFormat("the file ends inside an item") from error
    if end > len(data):
        raise UnknownFormat("the file ends inside an item")
    return end


def _end_of(data: bytes, at: int) -> int:
    length = _INTEGER_LENGTH[data[at]]
    if length:
        return at + length
    major, argument, at = _head(data, at)
    if major in (2, 3):
        return at + argument
    if major in (4, 5):
        for _ in range(argument if major == 4 else 2 * argument):
            length = _INTEGER_LENGTH[data[at]]
            at = at + length if length else _end_of(data, at)
        return at
    raise UnknownFormat(f"CBOR major type {major}")


def _array_items(data: bytes, at: int) -> tuple[list[tuple[int, int]], int]:
    """The (start, end) of each item of the array at ``at``, and where the array ends."""
    major, count, at = _head(data, at)
    if major != 4:
        raise UnknownFormat("an array was expected")
    spans = []
    for _ in range(count):
        end = _item_end(data, at)
        spans.append((at, end))
        at = end
    return spans, at


def _text(data: bytes, at: int) -> str:
    major, length, start = _head(data, at)
    if major != 3:
        raise UnknownFormat("a text string was expected")
    return data[start:start + length].decode("utf-8")


def _encode_head(major: int, argument: int) -> bytes:
    if argument < 24:
        return bytes([major << 5 | argument])
    for info, width in ((24, 1), (25, 2), (26, 4), (27, 8)):
        if argument < 1 << (8 * width):
            return bytes([major << 5 | info]) + argument.to_bytes(width, "big")
    raise ValueError("too large for CBOR")


def _encode_text(text: str) -> bytes:
    raw = text.encode("utf-8")
    return _encode_head(3, len(raw)) + raw


def _encode_array(items: list[bytes]) -> bytes:
    return _encode_head(4, len(items)) + b"".join(items)


# --- Pagefind's files --------------------------------------------------------------------------------


def _read(path: Path) -> bytes:
    data = gzip.decompress(path.read_bytes())
    if not data.startswith(SIGNATURE):
        raise UnknownFormat(f"{path.name} does not start with Pagefind's signature")
    return data[len(SIGNATURE):]


def _pack(cbor: bytes) -> bytes:
    """A file's bytes as Pagefind writes them (mtime 0: the same index gives the same bytes)."""
    return gzip.compress(SIGNATURE + cbor, compresslevel=9, mtime=0)


@dataclass(frozen=True)
class WordEntry:
    """One word of the index and its entry (the pages it is on and where), as Pagefind encoded it."""
    word: str
    encoded: bytes


def _word_entries(part: bytes) -> list[WordEntry]:
    """The words of one ``.pf_index`` file, in order: its top array holds the array of word entries,
    each an array whose first item is the word."""
    major, fields, at = _head(part, 0)
    if major != 4 or fields != 1:
        raise UnknownFormat("an index part in an unknown form")
    major, count, at = _head(part, at)
    if major != 4:
        raise UnknownFormat("an index part without its list of words")
    words = []
    for _ in range(count):
        major, fields, word_at = _head(part, at)
        if major != 4 or fields < 1:
            raise UnknownFormat("a word entry without its word")
        end = _item_end(part, at)
        words.append(WordEntry(_text(part, word_at), part[at:end]))
        at = end
    if at != len(part):
        raise UnknownFormat("an index part with more than its list of words")
    return words


def _shared_letters(first: str, second: str) -> int:
    return len(os.path.commonprefix([first, second]))


def cut_into_parts(words: list[WordEntry], part_bytes: int = PART_BYTES,
                   longest: int = LONGEST_PART_BYTES) -> list[list[WordEntry]]:
    """Consecutive runs of ``words`` of about ``part_bytes`` each, ending only between words that begin
    differently (see the module's docstring); a run past ``longest`` ends where its next neighbours
    share the fewest letters among the next few places."""
    parts: list[list[WordEntry]] = []
    current: list[WordEntry] = []
    size = 0
    for index, entry in enumerate(words):
        current.append(entry)
        size += len(entry.encoded)
        following = words[index + 1] if index + 1 < len(words) else None
        if following is None or size < part_bytes:
            continue
        shared = _shared_letters(entry.word, following.word)
        if shared <= SHARED_LETTERS_AT_A_CUT or (size >= longest and shared <= _fewest_ahead(words, index)):
            parts.append(current)
            current, size = [], 0
    if current:
        parts.append(current)
    return parts


def _fewest_ahead(words: list[WordEntry], index: int, window: int = 16) -> int:
    """The fewest first letters shared by neighbours among the next ``window`` places from ``index``."""
    ahead = words[index:index + window + 1]
    return min(_shared_letters(a.word, b.word) for a, b in zip(ahead, ahead[1:]))


def _bounds(parts: list[list[WordEntry]]) -> list[tuple[str, str]]:
    """Each part's (from, to) as Pagefind writes them (``chunk_meta`` and ``get_prefixes``): between two
    parts, the last word of one and the first of the next cut one letter past what they share."""
    bounds = [[part[0].word, part[-1].word] for part in parts]
    for left, right in zip(bounds, bounds[1:]):
        shared = _shared_letters(left[1], right[0])
        left[1], right[0] = left[1][:shared + 1], right[0][:shared + 1]
    # Pagefind 1.5 keeps a part's last word whole where cutting it would end the range before it begins
    # ("at" to "a"), which would leave the part's own words unfindable.
    return [(start, end if end >= start else part[-1].word) for (start, end), part in zip(bounds, parts)]


def _part_names(language: str, files: list[bytes]) -> list[str]:
    """Names by content, as Pagefind's are, long enough to be different from each other."""
    digests = [hashlib.sha256(data).hexdigest() for data in files]
    for length in range(8, 65):
        names = [f"{language}_{digest[:length]}" for digest in digests]
        if len(set(names)) == len(set(digests)):
            return names
    return [f"{language}_{digest}" for digest in digests]


@dataclass(frozen=True)
class LanguageIndex:
    """One language's meta file and word index as Pagefind wrote them, read but not yet changed."""
    language: str
    meta_name: str
    meta: bytes
    fields: list[tuple[int, int]]
    part_names: list[str]
    words: list[WordEntry]
    #: each page's record file (``fragment/<name>.pf_fragment``), its entry's number of fields and the
    #: fields after the name, as encoded
    pages: list[tuple[str, int, bytes]]


def _read_language(folder: Path, language: str, meta_hash: str) -> LanguageIndex:
    """Read one language's meta file and every part it lists, checking their form; writes nothing."""
    meta_name = f"pagefind.{meta_hash}.pf_meta"
    meta = _read(folder / meta_name)
    fields, end = _array_items(meta, 0)
    if end != len(meta) or len(fields) <= META_PARTS_FIELD:
        raise UnknownFormat(f"{meta_name} has an unknown layout")
    if not _text(meta, fields[0][0]).startswith("1."):
        raise UnknownFormat(f"{meta_name} was written by a Pagefind other than 1.x")
    pages = []
    for start, _ in _array_items(meta, fields[META_PAGES_FIELD][0])[0]:
        page_fields, end = _array_items(meta, start)
        if not page_fields:
            raise UnknownFormat(f"{meta_name} lists a page without its record")
        pages.append((_text(meta, page_fields[0][0]), len(page_fields), meta[page_fields[0][1]:end]))
        if not (folder / "fragment" / f"{pages[-1][0]}.pf_fragment").is_file():
            raise UnknownFormat(f"{meta_name} lists a page whose record is not there")
    listed, _ = _array_items(meta, fields[META_PARTS_FIELD][0])
    part_names = []
    for start, _ in listed:
        part_fields, _ = _array_items(meta, start)
        if len(part_fields) != 3:
            raise UnknownFormat(f"{meta_name} lists a word index part in an unknown form")
        part_names.append(_text(meta, part_fields[2][0]))
    words = [entry for name in part_names for entry in _word_entries(_read(folder / "index" / f"{name}.pf_index"))]
    if any(earlier.word >= later.word for earlier, later in zip(words, words[1:])):
        raise UnknownFormat(f"the words of {meta_name} are not in order")
    return LanguageIndex(language, meta_name, meta, fields, part_names, words, pages)


def _record_names(index: LanguageIndex) -> list[str]:
    """Short names for the pages' record files, one build's alike but for a counter.

    Pagefind names each record by its own digest, and the meta file, which every search downloads, lists
    them all: at 1,000 chapters 1,508 names of random letters, 4.5 of its 12 KB once compressed. Here they
    share one prefix made from the digest of the whole meta file (which holds every record's digest), so
    any change to any record renames them all: a browser never pairs a new list with an old record it kept.
    The dash never occurs in Pagefind's own names, so a new name cannot be an old one."""
    prefix = f"{index.language}_{hashlib.sha256(index.meta).hexdigest()[:8]}-"
    return [f"{prefix}{number:x}" for number in range(len(index.pages))]


def _write_language(folder: Path, index: LanguageIndex) -> str:
    """Write one language's new parts, record names and meta file in place of the old; returns the meta
    file's new name as ``pagefind-entry.json`` gives it (``en_0123456789``)."""
    parts = cut_into_parts(index.words)
    files = [_pack(_encode_array([_encode_array([entry.encoded for entry in part])])) for part in parts]
    names = _part_names(index.language, files)
    listed = [_encode_array([_encode_text(start), _encode_text(end), _encode_text(name)])
              for (start, end), name in zip(_bounds(parts), names)]
    records = _record_names(index)
    fields = [index.meta[start:end] for start, end in index.fields]
    fields[META_PAGES_FIELD] = _encode_array([_encode_head(4, count) + _encode_text(name) + rest
                                              for name, (_, count, rest) in zip(records, index.pages)])
    fields[META_PARTS_FIELD] = _encode_array(listed)
    new_meta = _pack(_encode_array(fields))
    new_hash = f"{index.language}_{hashlib.sha256(new_meta).hexdigest()[:10]}"
    for name in index.part_names:
        (folder / "index" / f"{name}.pf_index").unlink()
    for name, data in zip(names, files):
        (folder / "index" / f"{name}.pf_index").write_bytes(data)
    for record, (old, _, _) in zip(records, index.pages):
        (folder / "fragment" / f"{old}.pf_fragment").rename(folder / "fragment" / f"{record}.pf_fragment")
    (folder / index.meta_name).unlink()
    (folder / f"pagefind.{new_hash}.pf_meta").write_bytes(new_meta)
    return new_hash


def recut_word_index(folder: Path) -> bool:
    """Cut the word index of the Pagefind folder ``folder`` into smaller parts, in place.

    False, with the folder exactly as Pagefind made it, when any of its files is not in the form this
    module knows: every language is read and checked before anything is written."""
    entry_path = folder / ENTRY_FILE
    try:
        entry = json.loads(entry_path.read_text("utf-8"))
        languages = entry["languages"]
        indexes = [_read_language(folder, language, str(settings["hash"])) for language, settings in languages.items()]
    except (OSError, ValueError, KeyError, TypeError, AttributeError, EOFError):
        return False  # UnknownFormat, a damaged gzip file and undecodable text are ValueErrors too
    for index in indexes:
        languages[index.language]["hash"] = _write_language(folder, index)
    entry_path.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), "utf-8")
    return True
