import json

from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from quantriet.commands import Command as BaseCommand
from quantriet.orgs.models import Unit
from quantriet.surveys import selectors
from quantriet.surveys.models import Questionnaire


class Command(BaseCommand):
    help = gettext_lazy(
        "Print a ballot's results (online answers and paper ballots merged) for a unit's "
        "subtree, as a table or as JSON.")

    def add_arguments(self, parser):
        parser.add_argument("--ballot", required=True, metavar="CODE",
                            help=gettext_lazy("Code of the ballot"))
        parser.add_argument("--unit", metavar="CODE",
                            help=gettext_lazy("Code of the unit (default: the ballot's owner)"))
        parser.add_argument("--format", choices=["table", "json"], default="table")

    def handle(self, *args, ballot, unit, format, **options):
        questionnaire = Questionnaire.objects.select_related("owner").filter(code=ballot).first()
        if questionnaire is None:
            raise CommandError(_("No ballot with code «%(code)s»") % {"code": ballot})
        target = questionnaire.owner
        if unit:
            target = Unit.objects.filter(code=unit).first()
            if target is None or not target.is_within(questionnaire.owner):
                raise CommandError(_("No unit with code «%(code)s» within the ballot's owner")
                                   % {"code": unit})
        figures = selectors.results(questionnaire, [target])[target.pk]
        if format == "json":
            out = {"ballot": questionnaire.code, "unit": target.code,
                   "online": figures["online"], "paper": figures["paper"],
                   "answers": figures["answers"],
                   "questions": [{"order": q["order"], "text": q["text"], "kind": q["kind"],
                                  "answered": q["answered"],
                                  "options": [{"label": o["label"], "online": o["online"],
                                               "paper": o["paper"], "count": o["count"],
                                               "percent": None if o["percent"] is None
                                               else float(o["percent"])}
                                              for o in q["options"]]}
                                 for q in figures["questions"]]}
            self.stdout.write(json.dumps(out, ensure_ascii=False, indent=1))
            return
        self.stdout.write(f"{questionnaire.title} — {target.name}")
        self.stdout.write(_("Online answers: %(online)s · paper ballots: %(paper)s · total: "
                            "%(total)s") % {"online": figures["online_text"],
                                            "paper": figures["paper_text"],
                                            "total": figures["answers_text"]})
        for q in figures["questions"]:
            self.stdout.write(f"\n{q['order']}. {q['text']} ({q['answered_text']})")
            for o in q["options"]:
                self.stdout.write(f"   {o['label']:<40} {o['count_text']:>10} "
                                  f"{o['percent_text']:>9}")
