"""Excel downloads of the programs app (through quantriet.spreadsheets.write_xlsx)."""

from __future__ import annotations

import datetime

from django.utils.translation import gettext as _

from quantriet.spreadsheets import write_xlsx


def _figure_headers() -> list[str]:
    return [_("Units with a program"), _("Adopted"), _("Tasks"), _("Done"), _("Overdue"),
            _("Progress (%)")]


def _figures(f: dict) -> tuple:
    return (f["programs"], f["adopted"], f["tasks"], f["tasks_done"], f["tasks_overdue"],
            float(f["progress"]))


def rollup_xlsx(campaign, unit, figures: dict) -> bytes:
    units = [(c["unit"].code, c["unit"].name, *_figures(c)) for c in figures["children"]]
    units.append(("", _("Total: %(unit)s") % {"unit": unit.name}, *_figures(figures["total"])))
    levels = [(lv["offset"], lv["units"], *_figures(lv)) for lv in figures["levels"]]
    return write_xlsx([
        (_("By unit"), [_("Code"), _("Party unit"), *_figure_headers()], units),
        (_("By level"), [_("Levels below"), _("Units at this level"), *_figure_headers()],
         levels),
    ])


def tasks_xlsx(tasks, today: datetime.date, *, overdue: bool = False) -> bytes:
    headers = [_("Program of"), _("No."), _("Task"), _("Lead unit"), _("Co-operating units"),
               _("Deadline"), _("Weight"), _("Progress (%)"), _("Status"),
               _("Days overdue")]
    rows = ((t.program.unit.name, t.position, t.content, t.lead_unit.name,
             ", ".join(u.name for u in t.cooperating.all()), t.deadline, t.weight, t.progress,
             t.status_label(today), t.days_overdue(today))
            for t in tasks.prefetch_related("cooperating"))
    return write_xlsx([(_("Overdue tasks") if overdue else _("Tasks"), headers, rows)])


def comments_xlsx(comments) -> bytes:
    """The summary of comments and how each was taken in (bảng tổng hợp tiếp thu, giải
    trình ý kiến góp ý)."""
    headers = [_("Version"), _("Section"), _("Comment by"), _("On behalf of the unit"),
               _("Date"), _("Comment"), _("Answer"), _("Explanation")]
    rows = ((c.section.version.number, c.section.number, c.by_label,
             _("Yes") if c.on_behalf_of_id else "", c.created_at.date(), c.text,
             str(c.get_answer_kind_display()) if c.answer_kind else _("Not answered yet."),
             c.answer_text) for c in comments)
    return write_xlsx([(_("Comments"), headers, rows)])


def version_docx(program, version) -> bytes:
    """One version of the text as a Word document: title, adoption line, sections."""
    import io

    from docx import Document as DocxDocument

    from quantriet.lib import vntext

    doc = DocxDocument()
    doc.add_heading(program.title, level=0)
    if program.is_adopted and version.number == program.latest_version().number:
        doc.add_paragraph(_("Adopted by %(body)s on %(date)s, document %(number)s.") % {
            "body": program.adopted_by, "date": vntext.format_date(program.adopted_on),
            "number": program.document_number})
    else:
        doc.add_paragraph(_("Draft, version %(n)s") % {"n": version.number})
    for s in version.sections.all():
        if s.number != "0" or s.heading:
            doc.add_heading(f"{s.number}. {s.heading}" if s.number != "0" else s.heading,
                            level=1)
        for paragraph in s.body.split("\n"):
            if paragraph.strip():
                doc.add_paragraph(paragraph)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()
