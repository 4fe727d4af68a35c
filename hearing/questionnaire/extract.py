"""Babel extractor for the questionnaire files: every English source string, with its id.

Wired in ``pyproject.toml`` (entry point ``hearing_questionnaire``) and ``babel.cfg``. It walks
the YAML node tree rather than the loaded model, so each message keeps its own line number,
and it strips strings exactly as the loader does (``loader.clean_text``) so the msgid is the
string the kiosk passes to gettext. The translator comment names the question (or section,
option, label) the string belongs to, because "Name" or "Where?" alone are untranslatable.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Mapping
from typing import IO, Any

import yaml

from hearing.questionnaire.loader import TRANSLATABLE_KEYS, clean_text

Message = tuple[int, None, str, list[str]]

# Scalars and sequences of scalars that are translatable as a whole list (month names).
_LIST_KEYS = frozenset({"gregorian", "solar_hijri", "ethiopian"})


def _scalar(node: yaml.Node | None) -> str | None:
    return node.value if isinstance(node, yaml.ScalarNode) else None


def _walk(node: yaml.Node, context: str) -> Iterator[Message]:
    """Messages under ``node``; ``context`` is the dotted id of what encloses it."""
    if isinstance(node, yaml.SequenceNode):
        for child in node.value:
            yield from _walk(child, context)
        return
    if not isinstance(node, yaml.MappingNode):
        return
    pairs = [(_scalar(key), value) for key, value in node.value]
    own_id = next((_scalar(value) for key, value in pairs if key == "id"), None)
    if own_id:
        # Top-level question ids are already full ("identity.sex"); section, option and
        # sub-question ids only make sense after the id of what contains them.
        context = own_id if "." in own_id or not context else f"{context}.{own_id}"
    for key, value in pairs:
        if key is None:
            continue
        if key in TRANSLATABLE_KEYS and isinstance(value, yaml.ScalarNode):
            text = clean_text(value.value)
            if text:
                comment = f"Translators: questionnaire {context}: {key.replace('_', ' ')}"
                yield value.start_mark.line + 1, None, text, [comment]
        elif context == "labels.months" and key in _LIST_KEYS \
                and isinstance(value, yaml.SequenceNode):
            for index, item in enumerate(value.value, start=1):
                text = clean_text(_scalar(item) or "")
                if text:
                    comment = (f"Translators: questionnaire month {index} of the "
                               f"{key.replace('_', ' ')} calendar")
                    yield item.start_mark.line + 1, None, text, [comment]
        elif isinstance(value, yaml.MappingNode | yaml.SequenceNode):
            inner = f"{context}.{key}" if context == "labels" else context
            yield from _walk(value, "labels" if key == "labels" else inner)


def extract_questionnaire(
    fileobj: IO[bytes],
    keywords: Mapping[str, Any] | Collection[str],
    comment_tags: Collection[str],
    options: Mapping[str, Any],
) -> Iterator[Message]:
    """Babel extraction method: yields ``(lineno, funcname, message, comments)``."""
    encoding = options.get("encoding", "utf-8") if isinstance(options, Mapping) else "utf-8"
    text = fileobj.read()
    if isinstance(text, bytes):
        text = text.decode(encoding)
    root = yaml.compose(text, Loader=yaml.SafeLoader)  # noqa: S506 - safe loader, nodes only
    if root is not None:
        yield from _walk(root, "")
