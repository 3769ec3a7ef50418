"""The deterministic development bot: echoes the message, then one fixed sentence."""
from __future__ import annotations

import re


def reply_text(content: str, sentence: str) -> str:
    return f'You said: "{content}". {sentence}'


def word_chunks(text: str, max_chunks: int = 64) -> list[str]:
    """Cumulative prefixes of ``text``, one more word each (several words per step when there
    are more than ``max_chunks`` words); the last one is ``text`` itself."""
    ends = [m.end() for m in re.finditer(r'\s*\S+', text)]
    if not ends:
        return [text]
    step = -(-len(ends) // max_chunks)
    if step > 1:
        ends = ends[step - 1::step] + ([ends[-1]] if len(ends) % step else [])
    prefixes = [text[:end] for end in ends]
    if prefixes[-1] != text:  # trailing whitespace
        prefixes[-1] = text
    return prefixes
