"""The report's Vietnamese prose, written from its figures in the seed article's style
("…tại 205 điểm cầu, có 28.029 đảng viên tham dự, đạt 63,6 % tổng số đảng viên…").

The prose is Vietnamese by nature (a Party document in Vietnamese), so it is composed
here rather than through the UI catalogue. Every number in it is a figure of the
snapshot (the unit's total row, a meeting or a ballot option), written with vntext; the
checks parse them back out and match them to the appendix.
"""

from __future__ import annotations

from quantriet.lib import vntext

from .figures import fmt, section


def _doc_phrase(doc) -> str:
    kinds = {"HD": "Hướng dẫn", "KH": "Kế hoạch", "CT": "Chỉ thị", "NQ": "Nghị quyết",
             "CTr": "Chương trình", "KL": "Kết luận", "QĐ": "Quyết định", "TB": "Thông báo",
             "CV": "Công văn"}
    kind = kinds.get(doc.type_code, "")
    text = f"{kind} {doc.code}".strip() + f", ngày {doc.issued_on:%d-%m-%Y}"
    if doc.issuer_name:
        text += f" của {doc.issuer_name}"
    return text


def _total(snap: dict, key: str) -> dict | None:
    sec = section(snap, key)
    return sec["total"] if sec else None


def intro(campaign, unit) -> str:
    guides = list(campaign.guides.all().order_by("issued_on", "pk"))
    resolution = campaign.resolution.title
    lead = ""
    if guides:
        lead = "Thực hiện " + " và ".join(_doc_phrase(g) for g in guides) + ", "
    text = (f"{lead}về việc tổ chức học tập, quán triệt {resolution}, {unit.name} đã "
            "xây dựng kế hoạch, tổ chức cho cán bộ, đảng viên học tập, quán triệt và triển "
            "khai thực hiện Nghị quyết.")
    return text[0].upper() + text[1:]


def meetings_paragraph(snap: dict, unit_name: str) -> str:
    sec = section(snap, "meetings")
    cov = _total(snap, "coverage")
    if cov is None:
        return ""
    sentences = []
    if sec:
        for row in sec["rows"]:
            if row.get("kind") != "online":
                continue
            v = row["values"]
            sentences.append(
                f"{row['text'][1]} được tổ chức bằng hình thức trực tuyến tại "
                f"{fmt(v['bridge_points'])} điểm cầu, có {fmt(v['attended'])} đảng viên của "
                f"{unit_name} tham dự, đạt {fmt(v['attended_percent'], 'percent')} tổng số "
                "đảng viên.")
        if any(row.get("kind") != "online" for row in sec["rows"]):
            sentences.append("Sau đó, các cấp ủy trực thuộc tiếp tục tổ chức các lớp học, lớp "
                             "học bù cho cán bộ, đảng viên còn lại.")
    sentences.append(
        f"Tổng số đảng viên trong danh sách học tập là {fmt(cov['roll'])} đồng chí (trong đó "
        f"{fmt(cov['exempt'])} đồng chí được miễn sinh hoạt). Đến nay, việc tổ chức học tập "
        "bằng hình thức trực tuyến và theo phương thức truyền thống đã triển khai, quán triệt "
        f"cho {fmt(cov['covered'])} đảng viên, đạt {fmt(cov['covered_percent'], 'percent')} "
        f"và {fmt(cov['non_members'])} quần chúng.")
    return " ".join(sentences)


def deliverables_paragraph(snap: dict) -> str:
    t = _total(snap, "deliverables")
    if not t:
        return ""
    parts = []
    names = {"plans": "kế hoạch học tập, quán triệt", "programs": "chương trình hành động",
             "reports": "báo cáo kết quả"}
    for key, name in names.items():
        if f"{key}_expected" in t:
            parts.append(f"{fmt(t[key + '_received'])} trên {fmt(t[key + '_expected'])} tổ "
                         f"chức đảng đã gửi {name} (đạt {fmt(t[key + '_rate'], 'percent')})")
    if not parts:
        return ""
    return ("Về việc xây dựng kế hoạch, chương trình hành động của cấp mình: có "
            + "; ".join(parts) + ".")


def programs_paragraph(snap: dict) -> str:
    t = _total(snap, "programs")
    if not t or not t["programs"]:
        return ""
    return (f"Việc xây dựng Chương trình hành động thực hiện Nghị quyết được các cấp ủy quan "
            f"tâm: {fmt(t['programs'])} tổ chức đảng đã xây dựng chương trình hành động, trong "
            f"đó {fmt(t['adopted'])} chương trình đã được thông qua; đã phân công "
            f"{fmt(t['tasks'])} nhiệm vụ, hoàn thành {fmt(t['tasks_done'])} nhiệm vụ (đạt "
            f"{fmt(t['tasks_done_percent'], 'percent')}), {fmt(t['tasks_overdue'])} nhiệm vụ "
            f"quá hạn; tiến độ bình quân đạt {fmt(t['progress'], 'percent')}.")


def surveys_paragraph(snap: dict) -> str:
    sec = section(snap, "surveys")
    if not sec or not sec["rows"]:
        return ""
    best: dict[tuple[str, str], dict] = {}
    answers: dict[str, int] = {}
    for row in sec["rows"]:
        code, question = row["text"][0], row["text"][2]
        answers[code] = row["values"]["answers"]
        key = (code, question)
        if key not in best or row["values"]["count"] > best[key]["values"]["count"]:
            best[key] = row
    parts = []
    for (_code, question), row in best.items():
        parts.append(f"với câu hỏi «{question}», ý kiến «{row['text'][3]}» chiếm "
                     f"{fmt(row['values']['percent'], 'percent')}")
    total = sum(answers.values()) if len(answers) > 1 else next(iter(answers.values()))
    lead = (f"Qua tổng hợp {fmt(total)} phiếu lấy ý kiến" if len(answers) == 1 else
            "Qua tổng hợp phiếu lấy ý kiến")
    return lead + " và thảo luận trực tiếp tại hội nghị: " + "; ".join(parts) + "."


def inspections_paragraph(snap: dict) -> str:
    t = _total(snap, "inspections")
    if not t or not t["sessions"]:
        return ""
    ratings = [f"{k.split(':', 1)[1].lower()} {fmt(v)} buổi" for k, v in t.items()
               if k.startswith("by_rating:") and v]
    text = (f"Trong học tập, các cấp ủy phân công cán bộ kiểm tra tham dự {fmt(t['sessions'])} "
            f"buổi học tại các điểm cầu để kiểm tra, nhắc nhở, đánh giá kết quả học tập khi kết "
            f"thúc lớp học; đã đánh giá {fmt(t['evaluated'])} buổi")
    if ratings:
        text += " (" + ", ".join(ratings) + ")"
    return text + "."


def learning_paragraph(snap: dict) -> str:
    t = _total(snap, "learning")
    if not t or not t["submitted"]:
        return ""
    grades = [f"{k.split(':', 1)[1].lower()} {fmt(v)} bài" for k, v in t.items()
              if k.startswith("by_grade:") and v]
    text = (f"Cán bộ, đảng viên sau khi được học tập Nghị quyết viết bài thu hoạch: "
            f"{fmt(t['submitted'])} đảng viên đã nộp bài thu hoạch, đạt "
            f"{fmt(t['submitted_percent'], 'percent')} số đảng viên phải nộp "
            f"({fmt(t['expected'])} đồng chí); {fmt(t['graded'])} bài đã được chấm")
    if grades:
        text += ", trong đó " + ", ".join(grades)
    text += (f". Có {fmt(t['plans'])} đảng viên đã xây dựng kế hoạch hành động cá nhân thực "
             "hiện Nghị quyết sát với chức trách, nhiệm vụ được giao.")
    c = _total(snap, "copychecks")
    if c and c["flagged"]:
        text += (f" Qua kiểm tra trùng lặp, {fmt(c['flagged'])} đảng viên có bài thu hoạch "
                 f"cần xem xét, trong đó {fmt(c['confirmed'])} trường hợp đã được xác nhận.")
    return text


def closing() -> str:
    return ("Nhìn chung, việc tổ chức học tập, quán triệt Nghị quyết đã được các cấp ủy thực "
            "hiện nghiêm túc, đảm bảo đúng yêu cầu về nội dung, thời gian theo kế hoạch đề ra.")


def build(campaign, unit, snap: dict) -> str:
    """Paragraphs separated by blank lines, NFC."""
    paragraphs = [intro(campaign, unit), meetings_paragraph(snap, unit.name),
                  deliverables_paragraph(snap), programs_paragraph(snap),
                  surveys_paragraph(snap), inspections_paragraph(snap),
                  learning_paragraph(snap), closing()]
    return vntext.nfc("\n\n".join(p for p in paragraphs if p))


def paragraphs(text: str) -> list[str]:
    return [p.strip() for p in text.replace("\r\n", "\n").split("\n\n") if p.strip()]
