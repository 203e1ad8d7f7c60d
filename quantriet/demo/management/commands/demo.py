"""`quantriet demo`: load the synthetic province (idempotent)."""

from __future__ import annotations

from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from quantriet import commands
from quantriet.demo.campaign import load_seed_campaign
from quantriet.demo.generator import generate_province
from quantriet.lib.vntext import format_int, format_percent
from quantriet.orgs.models import Unit

ROLE_LABELS = {
    "officer": gettext_lazy("party committee officer"),
    "inspector": gettext_lazy("inspection officer"),
    "grader": gettext_lazy("learning report grader"),
    "member": gettext_lazy("party member"),
    "admin": gettext_lazy("administrator"),
}


class Command(commands.Command):
    help = gettext_lazy(
        "Create demo data: a synthetic provincial Party committee modelled on Tiền Giang "
        "2016-2017 (about 11 district-level Party committees, 1,000 party organisations, "
        "44,000 party members) with trial accounts. Running it again creates no duplicates."
    )

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=2016, help=gettext_lazy(
            "Random seed; the same seed gives the same data (default 2016)."))
        parser.add_argument("--members", type=int, default=44_000, help=gettext_lazy(
            "Number of party members (default 44000; e.g. 5500000 for the national scale)."))
        parser.add_argument("--province-code", default="TG", help=gettext_lazy(
            "Code of the provincial Party committee (default TG)."))
        parser.add_argument("--province-name", default="Đảng bộ tỉnh Tiền Giang",
                            help=gettext_lazy("Name of the provincial Party committee "
                                              "(default “Đảng bộ tỉnh Tiền Giang”)."))
        parser.add_argument("--if-empty", action="store_true", help=gettext_lazy(
            "Only create the data if the database has no party organisation yet "
            "(used by make run)."))
        parser.add_argument("--quiet", action="store_true", help=gettext_lazy(
            "Do not show the progress and the table of accounts."))
        parser.add_argument("--no-campaign", action="store_true", help=gettext_lazy(
            "Do not load the demo campaign (the seed's study of Resolution 04-NQ/TW with "
            "its online conference, make-up classes and deliverables)."))

    def handle(self, *args, seed, members, province_code, province_name, quiet, if_empty,
               no_campaign=False, **options):
        if members < 1:
            raise CommandError(_("--members must be greater than 0."))
        if if_empty and Unit.objects.exists():
            count = Unit.objects.count()
            self.stdout.write(ngettext(
                "The database already has %(n)s party organisation; no demo data created.",
                "The database already has %(n)s party organisations; no demo data created.",
                count) % {"n": format_int(count)})
            return
        quiet = quiet or options.get("verbosity", 1) == 0
        progress = None if quiet else commands.ProgressBar(self.stderr, _("Creating party members"))
        summary = generate_province(seed=seed, members=members, code=province_code,
                                    name=province_name, progress=progress)
        if progress:
            progress.close()
        if not summary.created:
            self.stdout.write(ngettext(
                "The demo data is already there (%(n)s party member); not created again.",
                "The demo data is already there (%(n)s party members); not created again.",
                summary.members) % {"n": format_int(summary.members)})
            if not no_campaign:
                self._campaign(summary.code, seed, quiet)
            return
        # The province always has many units and accounts: the member count decides.
        self.stdout.write(ngettext(
            "Created the demo province %(code)s: %(units)s party organisations, %(members)s "
            "party member, %(users)s accounts.",
            "Created the demo province %(code)s: %(units)s party organisations, %(members)s "
            "party members, %(users)s accounts.", summary.members,
        ) % {"code": summary.code, "units": format_int(summary.units),
             "members": format_int(summary.members), "users": summary.users})
        if not no_campaign:
            self._campaign(summary.code, seed, quiet)
        if quiet:
            return
        self.stdout.write(_("Trial accounts (password “%(password)s”, only for a trial run on "
                            "this machine):") % {"password": summary.password})
        width = max(len(login.username) for login in summary.logins)
        roles = [str(ROLE_LABELS.get(login.role, login.role)) for login in summary.logins]
        role_width = max(len(r) for r in roles)
        code_width = max(len(login.unit_code) for login in summary.logins)
        for login, role in zip(summary.logins, roles, strict=True):
            self.stdout.write(f"  {login.username:<{width}}  {role:<{role_width}}  "
                              f"{login.unit_code:<{code_width}}  {login.unit_name}")
        self.stdout.write(_("(%(seconds)s seconds)") % {"seconds": f"{summary.seconds:.1f}"})

    def _campaign(self, province_code: str, seed: int, quiet: bool) -> None:
        progress = None if quiet else commands.ProgressBar(self.stderr,
                                                           _("Loading the demo campaign"))
        result = load_seed_campaign(province_code=province_code, seed=seed, progress=progress)
        if progress:
            progress.close()
        if not result.created:
            return  # already loaded with the province: "already there" said it all
        self.stdout.write(_(
            "Campaign %(code)s: %(points)s bridge points, %(attended)s/%(roll)s party members "
            "attended the conference (%(attended_percent)s), %(covered)s after make-up "
            "classes (%(covered_percent)s), %(non_members)s non-members.") % {
            "code": result.code, "points": format_int(result.bridge_points),
            "attended": format_int(result.attended), "roll": format_int(result.roll),
            "attended_percent": format_percent(result.attended_percent),
            "covered": format_int(result.covered),
            "covered_percent": format_percent(result.covered_percent),
            "non_members": format_int(result.non_members)})
