"""A long text held compressed on the object that owns it, and given back whole whenever it is read.

Every chapter's text and every archived version's text stays in the content model for the whole build
(comparisons, archived pages and the frozen pages' keys read them): at 1,000 chapters with one archived
version each, 17 MB, a tenth of a build's memory at its largest. They are read a few times per build, so
they are held compressed (zlib's fastest level: a 4 KB chapter packs in about 20 microseconds and unpacks
in less) and unpacked on each read. Nothing that reads ``chapter.body`` sees a difference: the attribute
is a descriptor that packs on assignment and unpacks on access.

While ``mkdocs serve`` runs, the texts are held as they are (:func:`hold_unpacked`): memory matters less
there than the seconds from a save to the preview, and every save reloads and compares every text.

A build reads the same text several times in a row (a chapter's comparison, its change marks and its
renumbering notes, one after the other), so the last few texts unpacked are kept, by their packed bytes:
the same bytes always unpack to the same text, so a text kept this way cannot be out of date.
"""

from __future__ import annotations

import threading
import zlib
from collections import OrderedDict
from typing import Any

#: zlib's fastest level: the texts are read on every build, and level 1 keeps most of the saving.
LEVEL = 1
#: How many texts unpacked (or packed) last are kept as text: a few chapters' worth.
KEPT = 32


class _Recent:
    """The last texts unpacked or packed, both ways: packed bytes to text and text to packed bytes."""

    def __init__(self) -> None:
        self._texts: OrderedDict[bytes, str] = OrderedDict()
        self._packs: dict[str, bytes] = {}
        self._lock = threading.Lock()

    def text(self, packed: bytes) -> str:
        with self._lock:
            text = self._texts.get(packed)
            if text is not None:
                self._texts.move_to_end(packed)
                return text
        text = zlib.decompress(packed).decode("utf-8", "surrogatepass")
        self._keep(packed, text)
        return text

    def packed(self, text: str) -> bytes:
        with self._lock:
            packed = self._packs.get(text)
        if packed is None:
            packed = zlib.compress(text.encode("utf-8", "surrogatepass"), LEVEL)
            self._keep(packed, text)
        return packed

    def _keep(self, packed: bytes, text: str) -> None:
        with self._lock:
            self._texts[packed] = text
            self._texts.move_to_end(packed)
            self._packs[text] = packed
            while len(self._texts) > KEPT:
                _, old = self._texts.popitem(last=False)
                self._packs.pop(old, None)


_RECENT = _Recent()
_UNPACKED = False


def hold_unpacked(unpacked: bool) -> None:
    """Hold texts assigned from now on as they are (True, while serving) or compressed (False, the default).
    A text already held stays as it is held; both read back the same."""
    global _UNPACKED
    _UNPACKED = unpacked


class PackedText:
    """A dataclass field of type ``str`` held compressed (``body: str = PackedText()``).

    The field has no default: a descriptor that raises AttributeError when read from the class is, for
    ``dataclasses``, a field without one. ``dataclasses.replace``, equality and ``repr`` read it as text.
    """

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name
        self.stored = f"_packed_{name}"

    def __get__(self, instance: Any, owner: type | None = None) -> str:
        if instance is None:
            raise AttributeError(self.name)  # no default (see the class docstring)
        held = instance.__dict__[self.stored]
        return held if isinstance(held, str) else _RECENT.text(held)

    def __set__(self, instance: Any, value: str) -> None:
        if not isinstance(value, str):
            raise TypeError(f"{self.name} must be text, not {type(value).__name__}")
        instance.__dict__[self.stored] = value if _UNPACKED else _RECENT.packed(value)
