"""Deterministic labelled corpus of learning reports for the copy check (issue 4).

    .venv/bin/python bench/copycorpus.py --reports 2000 --seed 7 --out /tmp/corpus.jsonl
    .venv/bin/python bench/copycorpus.py --reports 2000 --seed 7 --evaluate

Honest reports are written from a shared vocabulary with Zipf-like word frequencies,
two-word collocations of political prose (one to three per sentence, from a pool of
625 with Zipf-like frequencies: realistic shared 4-5 syllable sequences), the same
section headings (the campaign's required topics), stock phrases of political
writing (10-20 per report, drawn from a common pool), a word-for-word opening and
closing formula (3 variants each, 60 % of the members) and quotes of the resolution
(the ignored text). Then copies are planted, each with its label:

  verbatim   another member's report, re-typed header (name, cell)
  light      another member's report with synonyms swapped (~10 % of the words that
             have one, plus ~3 % random word changes), ~15 % of sentences dropped and
             the sentences of every section shuffled
  accent     another member's report typed without accents (đ -> d)
  nfd        another member's report in decomposed Unicode with old-style tone
             placement (hòa, thủy)
  partial    an honest report whose body is one third to one half taken (a contiguous
             block of sentences) from another member's report
  sample     a published sample text (not in the index) copied, with light edits, by
             3-40 members: must come out as ONE cluster
  reference  a reference text (in the index, kind "reference") copied with light edits
             by 1-6 members: a "reference" pair, or one cluster with the reference as
             source

The same seed always gives the same corpus (Python's random.Random only). Tuning was
done on seeds 1 and 2; seed 7 (and 11 for the 44,000 run) is held out.

Used by bench/bench_copycheck.py and quantriet/lib/copycheck/tests/test_quality.py.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# ---------------------------------------------------------------------------------------
# Vocabulary
# ---------------------------------------------------------------------------------------

WORDS = """
của và các trong những là có được với cho đã để không người này một đến như khi về
cũng theo từ thì nhưng vì nên phải còn rất lại đều do bởi tại đây đó ấy nào gì mà
đảng viên cán bộ chi bộ tổ chức cơ sở nhân dân đất nước quê hương địa phương đơn vị
cơ quan xã phường thị trấn huyện tỉnh thôn ấp khu phố gia đình thanh niên phụ nữ
nông dân công nhân trí thức doanh nghiệp hợp tác xã học sinh giáo viên bác sĩ
kinh tế văn hóa xã hội giáo dục y tế môi trường quốc phòng an ninh đối ngoại
sản xuất kinh doanh nông nghiệp công nghiệp dịch vụ du lịch thương mại giao thông
thủy lợi điện nước đường sá trường học trạm y tế chợ nhà văn hóa sân vận động
lúa gạo trái cây thủy sản chăn nuôi cây trồng vật nuôi mùa vụ giống mới kỹ thuật
phát triển xây dựng củng cố nâng cao tăng cường đẩy mạnh thực hiện triển khai
tổ chức lãnh đạo chỉ đạo kiểm tra giám sát đánh giá rút kinh nghiệm khắc phục
tuyên truyền vận động hướng dẫn hỗ trợ giúp đỡ chăm lo bảo vệ giữ gìn phát huy
đoàn kết thống nhất dân chủ kỷ luật kỷ cương trách nhiệm gương mẫu tiên phong
tư tưởng đạo đức lối sống phẩm chất năng lực uy tín niềm tin tác phong
tình hình kết quả hạn chế nguyên nhân giải pháp nhiệm vụ mục tiêu phương hướng
chương trình kế hoạch đề án dự án chính sách pháp luật quy định quy chế nội quy
năm nay năm qua thời gian tới giai đoạn hiện nay trước mắt lâu dài thường xuyên
tích cực chủ động sáng tạo linh hoạt kịp thời hiệu quả thiết thực cụ thể rõ ràng
tốt hơn nhiều hơn đầy đủ nghiêm túc sâu sắc toàn diện đồng bộ vững chắc bền vững
khó khăn thuận lợi thách thức cơ hội thời cơ nguy cơ yếu kém tồn tại bất cập
thu nhập đời sống việc làm nhà ở sức khỏe học tập lao động nghỉ ngơi
bản thân tôi chúng tôi mỗi người mọi người ai cũng từng người nhiều người
gặp gỡ trao đổi thảo luận góp ý phê bình tự phê bình lắng nghe chia sẻ
ngày tháng tuần buổi sáng chiều tối hôm qua hôm nay ngày mai sau này
nhanh chậm lớn nhỏ cao thấp mới cũ nhiều ít đông vắng xa gần
mạng xã hội thông tin báo chí truyền hình điện thoại máy tính internet
hội nghị cuộc họp sinh hoạt học tập quán triệt nghiên cứu tìm hiểu
an toàn trật tự phòng chống tệ nạn ma túy tội phạm thiên tai dịch bệnh
đường làng ngõ xóm kênh mương cầu cống nhà máy xí nghiệp cửa hàng
""".split()

# Multi-syllable units (written with "_" in the list above would be nicer; here a few
# fixed collocations are added as words so that honest texts share realistic n-grams).
COLLOCATIONS = """
đảng_viên cán_bộ chi_bộ tổ_chức cơ_sở nhân_dân đất_nước địa_phương phát_triển
xây_dựng thực_hiện lãnh_đạo chỉ_đạo kiểm_tra giám_sát tuyên_truyền vận_động
kinh_tế văn_hóa xã_hội trách_nhiệm gương_mẫu hiệu_quả giải_pháp nhiệm_vụ
""".split()

SYNONYMS = [
    ("nâng cao", "tăng cường"),
    ("đẩy mạnh", "thúc đẩy"),
    ("thực hiện", "tiến hành"),
    ("tích cực", "chủ động"),
    ("khó khăn", "trở ngại"),
    ("hạn chế", "thiếu sót"),
    ("nhân dân", "người dân"),
    ("cán bộ", "cán bộ"),
    ("đất nước", "tổ quốc"),
    ("phát triển", "tăng trưởng"),
    ("hiệu quả", "kết quả tốt"),
    ("giúp đỡ", "hỗ trợ"),
    ("nghiêm túc", "nghiêm chỉnh"),
    ("sâu sắc", "thấu đáo"),
    ("nhiều", "không ít"),
    ("rất", "hết sức"),
    ("quan trọng", "trọng yếu"),
    ("cơ hội", "thời cơ"),
    ("nguy cơ", "mối nguy"),
    ("bảo vệ", "giữ vững"),
    ("xây dựng", "kiến thiết"),
    ("thường xuyên", "liên tục"),
    ("kịp thời", "nhanh chóng"),
    ("giải pháp", "biện pháp"),
    ("mục tiêu", "chỉ tiêu"),
    ("đời sống", "cuộc sống"),
    ("gia đình", "nhà"),
    ("địa phương", "nơi cư trú"),
    ("tuyên truyền", "phổ biến"),
    ("góp ý", "đóng góp ý kiến"),
    ("tôi", "bản thân tôi"),
    ("cần", "cần phải"),
    ("đã", "đã từng"),
    ("sẽ", "sẽ cố gắng"),
    ("tốt", "tốt đẹp"),
    ("mới", "mới mẻ"),
    ("lớn", "to lớn"),
    ("nhanh", "mau"),
]
_SYN: dict[str, str] = {}
for _x, _y in SYNONYMS:
    if _x != _y:
        _SYN[_x] = _y
        _SYN.setdefault(_y, _x)

STOCK_PHRASES = [
    "nâng cao năng lực lãnh đạo và sức chiến đấu của tổ chức cơ sở đảng",
    "xây dựng Đảng trong sạch vững mạnh về chính trị tư tưởng đạo đức và tổ chức",
    "phát huy vai trò tiên phong gương mẫu của cán bộ đảng viên",
    "giữ vững kỷ luật kỷ cương tăng cường đoàn kết thống nhất trong Đảng",
    "thực hiện tốt nguyên tắc tập trung dân chủ tự phê bình và phê bình",
    "củng cố niềm tin của nhân dân đối với Đảng và chế độ",
    "đấu tranh phản bác các quan điểm sai trái thù địch",
    "học tập và làm theo tư tưởng đạo đức phong cách Hồ Chí Minh",
    "gắn với thực hiện nhiệm vụ chính trị của địa phương",
    "không ngừng tu dưỡng rèn luyện phẩm chất đạo đức cách mạng",
    "thực hiện tốt chức trách nhiệm vụ được giao",
    "nêu cao tinh thần trách nhiệm trước tập thể và nhân dân",
    "phát triển kinh tế xã hội bảo đảm quốc phòng an ninh",
    "chăm lo đời sống vật chất và tinh thần của nhân dân",
    "giữ gìn đoàn kết nội bộ và mối quan hệ mật thiết với nhân dân",
    "nâng cao chất lượng sinh hoạt chi bộ",
    "tăng cường công tác kiểm tra giám sát của Đảng",
    "thực hành tiết kiệm chống lãng phí chống tham nhũng",
    "đổi mới phương thức lãnh đạo của Đảng",
    "xây dựng đội ngũ cán bộ các cấp nhất là cấp chiến lược",
    "phát huy quyền làm chủ của nhân dân",
    "kiên định chủ nghĩa Mác Lênin tư tưởng Hồ Chí Minh",
    "kiên định mục tiêu độc lập dân tộc và chủ nghĩa xã hội",
    "thực hiện thắng lợi nghị quyết đại hội đảng bộ các cấp",
    "đẩy mạnh công nghiệp hóa hiện đại hóa nông nghiệp nông thôn",
    "xây dựng nông thôn mới và đô thị văn minh",
    "bảo vệ môi trường và ứng phó với biến đổi khí hậu",
    "giữ vững an ninh chính trị trật tự an toàn xã hội",
    "tích cực tham gia các phong trào thi đua yêu nước",
    "thường xuyên học tập nâng cao trình độ lý luận chính trị",
    "gương mẫu chấp hành chủ trương của Đảng chính sách pháp luật của Nhà nước",
    "nói đi đôi với làm",
    "trên nói dưới nghe",
    "lợi ích của tập thể và của nhân dân",
    "vì lợi ích của nhân dân",
    "theo đúng tinh thần nghị quyết",
    "trong tình hình mới hiện nay",
    "với tinh thần trách nhiệm cao",
    "bản thân tôi nhận thức sâu sắc rằng",
    "qua học tập nghiên cứu nghị quyết",
    "tôi xin đề xuất một số giải pháp như sau",
    "cần tiếp tục phát huy những kết quả đã đạt được",
    "khắc phục những hạn chế khuyết điểm đã được chỉ ra",
    "kịp thời phát hiện và xử lý nghiêm những trường hợp vi phạm",
    "xây dựng kế hoạch cụ thể để thực hiện",
    "đề cao tính tiên phong gương mẫu của người đứng đầu",
    "tăng cường công tác giáo dục chính trị tư tưởng",
    "nắm bắt kịp thời tâm tư nguyện vọng của quần chúng",
    "làm tốt công tác dân vận",
    "xây dựng hệ thống chính trị ở cơ sở vững mạnh",
]

HEADINGS = [
    "I. Thực trạng tình hình ở cơ quan đơn vị và địa phương",
    "II. Những điểm mới của Nghị quyết",
    "III. Thời cơ và thách thức",
    "IV. Mục tiêu và nhiệm vụ",
    "V. Giải pháp chủ yếu",
    "VI. Đề xuất kiến nghị",
    "VII. Liên hệ bản thân và kế hoạch hành động",
]

# Boilerplate that many honest members write word for word (opening and closing).
OPENINGS = [
    "Thực hiện kế hoạch của chi bộ về việc tổ chức học tập quán triệt Nghị quyết Hội nghị "
    "lần thứ tư Ban Chấp hành Trung ương Đảng khóa XII, sau khi được nghe báo cáo viên "
    "truyền đạt, bản thân tôi xin viết bài thu hoạch với những nội dung sau đây.",
    "Qua việc nghiên cứu và học tập các nội dung cơ bản của Nghị quyết, tôi nhận thức sâu "
    "sắc hơn về tầm quan trọng của công tác xây dựng chỉnh đốn Đảng trong giai đoạn hiện nay.",
    "Căn cứ hướng dẫn của cấp ủy cấp trên, sau khi tham gia hội nghị học tập nghị quyết tại "
    "điểm cầu của xã, tôi xin trình bày bài thu hoạch như sau.",
]
CLOSINGS = [
    "Trên đây là bài thu hoạch của cá nhân tôi sau khi học tập Nghị quyết, kính mong chi bộ "
    "và các đồng chí góp ý để tôi tiếp tục tu dưỡng rèn luyện và hoàn thành tốt nhiệm vụ "
    "được giao.",
    "Tôi xin hứa sẽ luôn gương mẫu trong công tác và sinh hoạt, chấp hành nghiêm chủ trương "
    "của Đảng và chính sách pháp luật của Nhà nước, xứng đáng là người đảng viên.",
    "Trên đây là nhận thức của bản thân tôi qua học tập Nghị quyết Trung ương 4 khóa XII, "
    "rất mong nhận được sự góp ý của chi bộ.",
]

FAMILY = "Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý".split()
MIDDLE = "Văn Thị Hữu Đức Minh Thanh Ngọc Quốc Hoàng Kim Thu Xuân".split()
GIVEN = (
    "An Bình Cường Dũng Hà Hải Hạnh Hoa Hòa Hùng Hương Khánh Lan Linh Long Mai "
    "Minh Nam Nga Nhung Phong Phúc Quang Sơn Tâm Thảo Thủy Tuấn Vân Yến"
).split()

RESOLUTION_SENTENCES = 140  # the synthetic resolution: ~2,500 syllables
VERSION = 3  # of the generator (part of the benchmark cache file name)


@dataclass
class Doc:
    key: str
    text: str
    kind: str = "honest"  # honest | verbatim | light | accent | nfd | partial | sample
    #                       | reference (a copier of a reference) | ref (a reference text)
    group: str | None = None  # documents with the same group legitimately match
    source: str | None = None  # key of the document copied (None for honest)


@dataclass
class Corpus:
    seed: int
    resolution: str
    docs: list[Doc] = field(default_factory=list)

    @property
    def members(self) -> list[Doc]:
        return [d for d in self.docs if d.kind != "ref"]

    @property
    def references(self) -> list[Doc]:
        return [d for d in self.docs if d.kind == "ref"]


# Two-word collocations of political prose ("nâng cao" + "chất lượng" ...): every
# honest sentence uses one to three of them, so honest reports share many common
# 4-5 syllable sequences at a realistic density (the hard case for the stock filter).
PHRASE_HEADS = (
    "nâng cao,tăng cường,đẩy mạnh,thực hiện,xây dựng,phát huy,củng cố,đổi mới,"
    "triển khai,kiểm tra,giám sát,tuyên truyền,vận động,chăm lo,bảo vệ,giữ vững,"
    "phát triển,khắc phục,đánh giá,tổ chức,lãnh đạo,chỉ đạo,quán triệt,học tập,rèn luyện"
).split(",")
PHRASE_TAILS = (
    "chất lượng,hiệu quả,công tác,đội ngũ,cán bộ,đảng viên,nhân dân,chi bộ,tổ chức,"
    "phong trào,kinh tế,văn hóa,đạo đức,tư tưởng,nhiệm vụ,kỷ luật,trách nhiệm,"
    "đời sống,an ninh,quốc phòng,môi trường,giáo dục,sản xuất,nông thôn,đoàn kết"
).split(",")
PHRASES = [f"{h} {t}" for h in PHRASE_HEADS for t in PHRASE_TAILS]


class _Writer:
    """Sentence generator (one per corpus, seeded)."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.phrases = list(PHRASES)
        random.Random(0).shuffle(self.phrases)
        pcum, total = [], 0.0
        for i, _ in enumerate(self.phrases):
            total += 1.0 / (i + 5)
            pcum.append(total)
        self.pcum = pcum
        vocab = WORDS + [c.replace("_", " ") for c in COLLOCATIONS] * 3
        # Zipf-like weights over a fixed order (function words first).
        self.vocab = vocab
        cum = []
        total = 0.0
        for i, _ in enumerate(vocab):
            total += 1.0 / (i + 8) ** 0.9
            cum.append(total)
        self.cum = cum

    def sentence(self, lo: int = 10, hi: int = 26, stock: float = 0.18) -> str:
        r = self.rng
        words = r.choices(self.vocab, cum_weights=self.cum, k=r.randint(lo, hi))
        for p in r.choices(self.phrases, cum_weights=self.pcum, k=r.randint(1, 3)):
            words.insert(r.randint(0, len(words)), p)
        if r.random() < stock:
            words.insert(r.randint(0, len(words)), r.choice(STOCK_PHRASES))
        s = " ".join(words)
        return s[0].upper() + s[1:] + r.choice([".", ".", ".", ";", "!"])


def _resolution(seed: int) -> list[str]:
    w = _Writer(random.Random(f"resolution-{seed}"))
    return [w.sentence(12, 30, stock=0.3) for _ in range(RESOLUTION_SENTENCES)]


def _strip_accents(text: str) -> str:
    text = unicodedata.normalize("NFD", text)
    text = "".join(ch for ch in text if not unicodedata.category(ch).startswith("M"))
    return text.replace("đ", "d").replace("Đ", "D")


def _nfd_old_tones(text: str) -> str:
    from quantriet.lib.vntext import normalize_tones

    return unicodedata.normalize("NFD", normalize_tones(text, "old"))


class _Report:
    """A report as header + sections of sentences (so copies can edit structure)."""

    def __init__(
        self, header: list[str], sections: list[list[str]], opening: str = "", closing: str = ""
    ):
        self.header = header
        self.sections = sections
        self.opening = opening
        self.closing = closing

    def text(self) -> str:
        parts = ["\n".join(self.header)]
        if self.opening:
            parts.append(self.opening)
        for heading, sents in zip(HEADINGS, self.sections, strict=False):
            parts.append(heading)
            # paragraphs of 3-6 sentences
            para, out = [], []
            for i, s in enumerate(sents):
                para.append(s)
                if len(para) >= 3 + (i % 4):
                    out.append(" ".join(para))
                    para = []
            if para:
                out.append(" ".join(para))
            parts.append("\n".join(out))
        if self.closing:
            parts.append(self.closing)
        return "\n\n".join(parts)

    def body(self) -> list[str]:
        return [s for sec in self.sections for s in sec]


class Generator:
    def __init__(self, seed: int, words: int = 1500, edit: float = 0.03, drop: float = 0.15):
        self.seed = seed
        self.rng = random.Random(seed)
        self.writer = _Writer(self.rng)
        self.words = words
        self.edit = edit  # share of words replaced at random in a light edit
        self.drop = drop  # share of sentences dropped in a light edit
        self.resolution = _resolution(seed)

    def header(self) -> list[str]:
        r = self.rng
        name = f"{r.choice(FAMILY)} {r.choice(MIDDLE)} {r.choice(GIVEN)}"
        return [
            "BÀI THU HOẠCH",
            "Học tập Nghị quyết Trung ương 4 khóa XII",
            f"Họ và tên: {name}",
            f"Chi bộ: Ấp {r.randint(1, 12)} xã {r.choice(GIVEN)} {r.choice(GIVEN)}",
        ]

    def report(self) -> _Report:
        r = self.rng
        target = int(self.words * r.uniform(0.7, 1.3))
        per = target // len(HEADINGS)
        sections = []
        for _ in HEADINGS:
            sents: list[str] = []
            n = 0
            while n < per:
                if r.random() < 0.06:  # quote the resolution
                    i = r.randrange(len(self.resolution) - 3)
                    s = " ".join(self.resolution[i : i + r.randint(1, 2)])
                    s = "Nghị quyết nêu rõ: " + s
                else:
                    s = self.writer.sentence()
                sents.append(s)
                n += s.count(" ") + 1
            sections.append(sents)
        opening = r.choice(OPENINGS) if r.random() < 0.6 else ""
        closing = r.choice(CLOSINGS) if r.random() < 0.6 else ""
        return _Report(self.header(), sections, opening, closing)

    def light_edit(self, rep: _Report, keep_header: bool = False) -> _Report:
        r = self.rng
        sections = []
        for sec in rep.sections:
            sents = [s for s in sec if r.random() > self.drop] or sec[:1]
            sents = [self._swap(s) for s in sents]
            r.shuffle(sents)
            sections.append(sents)
        return _Report(
            rep.header if keep_header else self.header(), sections, rep.opening, rep.closing
        )

    def _swap(self, sentence: str) -> str:
        r = self.rng
        words = sentence.split(" ")
        out = []
        i = 0
        while i < len(words):
            two = " ".join(words[i : i + 2]).lower()
            one = words[i].lower()
            if two in _SYN and r.random() < 0.5:
                out.append(_SYN[two])
                i += 2
                continue
            if one in _SYN and r.random() < 0.3:
                out.append(_SYN[one])
            elif r.random() < self.edit:
                out.append(r.choice(self.writer.vocab))
            else:
                out.append(words[i])
            i += 1
        return " ".join(out)


def generate(
    n: int,
    seed: int,
    *,
    words: int = 1500,
    rates: dict[str, float] | None = None,
    edit: float = 0.03,
    drop: float = 0.15,
) -> Corpus:
    """A corpus of ``n`` member reports (+ reference texts) with planted copies.

    ``rates``: share of the members per planted kind (defaults below); ``edit`` and
    ``drop``: strength of the light edits (random word changes, dropped sentences) on
    top of the synonym swaps, for stress tests."""
    rates = rates or {
        "verbatim": 0.02,
        "light": 0.03,
        "accent": 0.015,
        "nfd": 0.015,
        "partial": 0.03,
        "sample": 0.05,
        "reference": 0.02,
    }
    g = Generator(seed, words, edit, drop)
    r = g.rng
    corpus = Corpus(seed=seed, resolution="\n".join(g.resolution))
    counts = {k: max(1, round(v * n)) for k, v in rates.items()}
    planted_pairs = sum(counts[k] for k in ("verbatim", "light", "accent", "nfd", "partial"))
    n_honest = n - planted_pairs - counts["sample"] - counts["reference"]
    if n_honest < planted_pairs:
        raise ValueError("corpus too small for the planted rates")
    reports: list[tuple[Doc, _Report]] = []
    for _ in range(n_honest):
        rep = g.report()
        reports.append((Doc("", rep.text()), rep))
    sources = list(range(len(reports)))
    r.shuffle(sources)
    src_iter = iter(sources)
    planted: list[tuple[Doc, _Report | None]] = []
    gid = 0
    for kind in ("verbatim", "light", "accent", "nfd", "partial"):
        for _ in range(counts[kind]):
            si = next(src_iter)
            src_doc, src_rep = reports[si]
            gid += 1
            group = f"g{gid}"
            src_doc.group = group
            if kind == "verbatim":
                rep = _Report(g.header(), src_rep.sections, src_rep.opening, src_rep.closing)
                text = rep.text()
            elif kind == "light":
                text = g.light_edit(src_rep).text()
            elif kind == "accent":
                text = _strip_accents(
                    _Report(g.header(), src_rep.sections, src_rep.opening, src_rep.closing).text()
                )
            elif kind == "nfd":
                text = _nfd_old_tones(
                    _Report(g.header(), src_rep.sections, src_rep.opening, src_rep.closing).text()
                )
            else:  # partial: a contiguous block of 1/3 .. 1/2 of the body
                own = g.report()
                body = own.body()
                sbody = src_rep.body()
                share = r.uniform(0.34, 0.5)
                total = sum(s.count(" ") + 1 for s in body)
                take, need = [], share * total
                start = r.randrange(max(1, len(sbody) // 3))
                got = 0
                for s in sbody[start:]:
                    if got >= need:
                        break
                    take.append(s)
                    got += s.count(" ") + 1
                keep_n = 0
                kept_words = 0
                while keep_n < len(body) and kept_words < total - got:
                    kept_words += body[keep_n].count(" ") + 1
                    keep_n += 1
                cut = r.randint(0, keep_n)
                merged = body[:cut] + take + body[cut:keep_n]
                per = max(1, len(merged) // len(HEADINGS))
                secs = [merged[i * per : (i + 1) * per] for i in range(len(HEADINGS) - 1)]
                secs.append(merged[(len(HEADINGS) - 1) * per :])
                text = _Report(g.header(), secs).text()
            planted.append((Doc("", text, kind, group, source=f"#{si}"), None))
    # published samples: groups of 3..40 copiers (not in the index)
    left = counts["sample"]
    while left > 0:
        size = min(left, r.randint(3, 40))
        if left - size in (1, 2):
            size = left
        sample = g.report()
        gid += 1
        for _ in range(size):
            text = g.light_edit(sample).text()
            planted.append((Doc("", text, "sample", f"g{gid}", source=None), None))
        left -= size
    # reference texts and their copiers (1..6 each)
    refs: list[Doc] = []
    left = counts["reference"]
    while left > 0:
        size = min(left, r.randint(1, 6))
        ref_rep = g.report()
        gid += 1
        ref = Doc(f"mau-{len(refs) + 1:03d}", ref_rep.text(), "ref", f"g{gid}")
        refs.append(ref)
        for _ in range(size):
            text = g.light_edit(ref_rep).text()
            planted.append((Doc("", text, "reference", f"g{gid}", source=ref.key), None))
        left -= size
    # unrelated extra references nobody copied
    for _ in range(3):
        refs.append(Doc(f"mau-{len(refs) + 1:03d}", g.report().text(), "ref", None))
    members = [d for d, _ in reports] + [d for d, _ in planted]
    r.shuffle(members)
    for i, d in enumerate(members):
        d.key = f"dv{i + 1:06d}"
    # resolve "#index" sources to keys
    honest_keys = {id(d): d.key for d, _ in reports}
    index_to_key = {i: honest_keys[id(d)] for i, (d, _) in enumerate(reports)}
    for d in members:
        if d.source and d.source.startswith("#"):
            d.source = index_to_key[int(d.source[1:])]
    corpus.docs = members + refs
    return corpus


# ---------------------------------------------------------------------------------------
# Evaluation
# ---------------------------------------------------------------------------------------

PLANTED = ("verbatim", "light", "accent", "nfd", "partial", "sample", "reference")


def evaluate(corpus: Corpus, result) -> dict:
    """Precision and recall per planted kind of a copycheck Result.

    A reported link (a pair, or a cluster member with the cluster's majority group and
    its source) is correct when both ends belong to the same planted group. A planted
    copy is found when it is linked (pair or same cluster) to a document of its group.
    Precision per kind counts the reported links that involve a copy of that kind (or,
    for honest documents wrongly linked, goes to "honest")."""
    by_key = {d.key: d for d in corpus.docs}
    linked: dict[str, set[str]] = defaultdict(set)
    links: list[tuple[str, str]] = []
    for m in result.pairs:
        links.append((m.a, m.b))
    for c in result.clusters:
        groups = Counter(by_key[k].group for k in c.members)
        # link every member to the cluster's most common member (a star, like the finder)
        top_group = groups.most_common(1)[0][0]
        hub = next(k for k in c.members if by_key[k].group == top_group)
        for k in c.members:
            if k != hub:
                links.append((k, hub))
        if c.source:
            links.append((hub, c.source))
    for a, b in links:
        linked[a].add(b)
        linked[b].add(a)
    # in a cluster, members are linked to each other transitively
    for c in result.clusters:
        ms = set(c.members) | ({c.source} if c.source else set())
        for k in ms:
            linked[k] |= ms - {k}
    tp: Counter = Counter()
    fp: Counter = Counter()
    for a, b in links:
        da, db = by_key[a], by_key[b]
        kind = next((d.kind for d in (da, db) if d.kind not in ("honest", "ref")), "honest")
        if da.group is not None and da.group == db.group:
            tp[kind] += 1
        else:
            fp[kind] += 1
    found: Counter = Counter()
    total: Counter = Counter()
    missed: dict[str, list[str]] = defaultdict(list)
    for d in corpus.members:
        if d.kind in PLANTED:
            total[d.kind] += 1
            mates = {k for k in linked[d.key] if by_key[k].group == d.group}
            if mates:
                found[d.kind] += 1
            else:
                missed[d.kind].append(d.key)
    honest_flagged = sum(1 for d in corpus.members if d.group is None and linked.get(d.key))
    sample_groups = {d.group for d in corpus.members if d.kind == "sample"}
    clusters_per_sample = Counter()
    for c in result.clusters:
        for grp in {by_key[k].group for k in c.members} & sample_groups:
            clusters_per_sample[grp] += 1
    kinds = {}
    for k in PLANTED:
        kinds[k] = {
            "planted": total[k],
            "found": found[k],
            "recall": found[k] / total[k] if total[k] else None,
            "links": tp[k] + fp[k],
            "precision": tp[k] / (tp[k] + fp[k]) if tp[k] + fp[k] else None,
            "missed": missed[k][:5],
        }
    all_tp = sum(tp.values())
    all_fp = sum(fp.values())
    return {
        "kinds": kinds,
        "recall": sum(found.values()) / max(1, sum(total.values())),
        "precision": all_tp / (all_tp + all_fp) if all_tp + all_fp else 1.0,
        "false_links": all_fp,
        "honest_flagged": honest_flagged,
        "honest": sum(1 for d in corpus.members if d.kind == "honest"),
        "sample_groups": len(sample_groups),
        "sample_groups_split": sum(1 for g in sample_groups if clusters_per_sample[g] > 1),
        "sample_groups_without_cluster": sum(
            1 for g in sample_groups if clusters_per_sample[g] == 0
        ),
    }


def run_check(corpus: Corpus, params=None, workers: int = 1):
    """Index the corpus (members and references, resolution ignored) and check it."""
    sys.path.insert(0, str(ROOT))
    from quantriet.lib.copycheck import CopyIndex, Params, sketch_many

    params = params or Params()
    index = CopyIndex(params, ignore_texts=[corpus.resolution])
    sks = sketch_many([d.text for d in corpus.docs], params, workers=workers)
    index.add_many([(d.key, s) for d, s in zip(corpus.docs, sks, strict=True) if d.kind != "ref"])
    index.add_many(
        [(d.key, s) for d, s in zip(corpus.docs, sks, strict=True) if d.kind == "ref"],
        kind="reference",
    )
    return index, index.check()


def format_table(ev: dict) -> str:
    lines = ["| kind | planted | found | recall | links | precision |", "|---|---|---|---|---|---|"]
    for k, v in ev["kinds"].items():
        rec = "–" if v["recall"] is None else f"{v['recall']:.3f}"
        pre = "–" if v["precision"] is None else f"{v['precision']:.3f}"
        lines.append(f"| {k} | {v['planted']} | {v['found']} | {rec} | {v['links']} | {pre} |")
    lines.append(f"| **all** | | | **{ev['recall']:.3f}** | | **{ev['precision']:.3f}** |")
    lines.append("")
    lines.append(
        f"honest reports: {ev['honest']}, wrongly flagged: {ev['honest_flagged']}; "
        f"false links: {ev['false_links']}; sample groups: {ev['sample_groups']}, split "
        f"into several clusters: {ev['sample_groups_split']}, without a cluster: "
        f"{ev['sample_groups_without_cluster']}"
    )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--reports", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--words", type=int, default=1500)
    ap.add_argument("--out", help="write the corpus as JSON lines")
    ap.add_argument("--evaluate", action="store_true", help="run the check, print quality")
    ap.add_argument("--edit", type=float, default=0.03, help="random word changes (stress)")
    ap.add_argument("--drop", type=float, default=0.15, help="dropped sentences (stress)")
    args = ap.parse_args(argv)
    import time

    t0 = time.perf_counter()
    corpus = generate(args.reports, args.seed, words=args.words, edit=args.edit, drop=args.drop)
    print(f"generated {len(corpus.docs)} documents in {time.perf_counter() - t0:.1f} s")
    if args.out:
        with open(args.out, "w", encoding="utf-8") as f:
            f.write(json.dumps({"seed": corpus.seed, "resolution": corpus.resolution}) + "\n")
            for d in corpus.docs:
                f.write(json.dumps(d.__dict__, ensure_ascii=False) + "\n")
    if args.evaluate:
        t0 = time.perf_counter()
        _, result = run_check(corpus)
        print(f"checked in {time.perf_counter() - t0:.1f} s: {result.stats}")
        print(format_table(evaluate(corpus, result)))


if __name__ == "__main__":
    main()
