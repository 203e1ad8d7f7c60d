"""Which required topics a report's text addresses (advice to the grader, not a verdict).

Matching is on accent-folded text (quantriet.lib.vntext.fold): "thach thuc", "thách thức"
and a decomposed-Unicode "thách thức" all match the keyword "thách thức". A keyword
matches whole words only ("co hoi" does not match inside "xa hoi").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from quantriet.lib import vntext

# The seed's topics (the article: "thực trạng, điểm mới, thời cơ, thách thức, mục tiêu,
# giải pháp, đề xuất" and "liên hệ bản thân"), each with words that reveal it.
DEFAULT_TOPICS: list[tuple[str, list[str]]] = [
    ("Thực trạng", ["thực trạng", "tình hình", "hạn chế", "yếu kém", "suy thoái",
                    "tồn tại", "biểu hiện"]),
    ("Điểm mới", ["điểm mới", "nội dung mới", "những mới", "lần này", "bổ sung"]),
    ("Thời cơ", ["thời cơ", "cơ hội", "thuận lợi"]),
    ("Thách thức", ["thách thức", "khó khăn", "nguy cơ"]),
    ("Mục tiêu", ["mục tiêu", "phấn đấu", "chỉ tiêu"]),
    ("Giải pháp", ["giải pháp", "biện pháp", "nhiệm vụ"]),
    ("Đề xuất", ["đề xuất", "kiến nghị", "đề nghị"]),
    ("Liên hệ bản thân", ["liên hệ bản thân", "bản thân tôi", "bản thân em", "cá nhân tôi",
                          "tự phê bình", "bản thân"]),
]

_NON_WORD = re.compile(r"[^0-9a-z]+")


def folded_words(text: str) -> str:
    """The text folded, punctuation turned to spaces, padded: ' thuc trang hien nay '."""
    return " " + _NON_WORD.sub(" ", vntext.fold(text or "")).strip() + " "


@dataclass(frozen=True)
class TopicMatch:
    name: str
    covered: bool
    found: tuple[str, ...]  # the keywords (as written) found in the text


def match_topics(text: str, topics: list[tuple[str, list[str]]]) -> list[TopicMatch]:
    words = folded_words(text)
    out = []
    for name, keywords in topics:
        found = tuple(k for k in keywords
                      if folded_words(k).strip() and folded_words(k) in words)
        out.append(TopicMatch(name=name, covered=bool(found), found=found))
    return out
