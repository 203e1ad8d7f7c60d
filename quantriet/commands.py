"""What every `quantriet` management command shares: a base class and a progress bar.

(Not under any app's management/commands/, where Django would take it for a command.)
"""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, OutputWrapper

from quantriet.lib import vntext

BAR_WIDTH = 30


class Command(BaseCommand):
    """A command whose `help` may be a lazy translation (argparse only takes a str)."""

    def create_parser(self, prog_name, subcommand, **kwargs):
        self.help = str(self.help)
        return super().create_parser(prog_name, subcommand, **kwargs)


def campaign_and_unit(campaign_code: str, unit_code: str | None = None, *,
                      default_owner: bool = True):
    """The campaign with this code and the unit the command is about (by default the
    campaign's owner; None when default_owner is False and no unit is given), or a
    CommandError in Vietnamese. Shared by every command that takes --campaign and --unit."""
    from django.core.management.base import CommandError
    from django.utils.translation import gettext as _

    from quantriet.campaigns.models import Campaign
    from quantriet.orgs.models import Unit

    campaign = (Campaign.objects.filter(code=campaign_code)
                .select_related("owner", "resolution").first())
    if campaign is None:
        raise CommandError(_("No campaign with code «%(code)s»") % {"code": campaign_code})
    if not unit_code:
        return campaign, (campaign.owner if default_owner else None)
    unit = Unit.objects.filter(code=unit_code).select_related("parent").first()
    if unit is None:
        raise CommandError(_("No unit with code «%(code)s»") % {"code": unit_code})
    if not unit.path.startswith(campaign.owner.path):
        raise CommandError(_("Unit %(unit)s is not part of campaign %(campaign)s")
                           % {"unit": unit.code, "campaign": campaign.code})
    return campaign, unit


class ProgressBar:
    """`Label: [#########---------]  45 %  19.800/44.000` on a stream.

    On a terminal the line is redrawn in place at most every `min_interval` seconds; in a
    log (CI, a pipe) a line is written every 10 % instead of filling it with redraws.
    Call it as progress(done, total); close() ends the line.
    """

    def __init__(self, stream, label: str = "", min_interval: float = 0.1):
        # Write to the raw stream: Django's OutputWrapper would add endings and colour
        # stderr as errors.
        self.stream = stream._out if isinstance(stream, OutputWrapper) else stream
        self.label = label
        self.min_interval = min_interval
        self.tty = bool(getattr(self.stream, "isatty", None) and self.stream.isatty())
        self.last_time = 0.0
        self.last_step = -1
        self.drawn = False

    def __call__(self, done: int, total: int) -> None:
        pct = 100 * done // total if total else 100
        if self.tty:
            now = time.monotonic()
            if done < total and now - self.last_time < self.min_interval:
                return
            self.last_time = now
        else:
            step = pct - pct % 10
            if step == self.last_step:
                return
            self.last_step = step
        filled = BAR_WIDTH * pct // 100
        line = (f"[{'#' * filled}{'-' * (BAR_WIDTH - filled)}] {pct:3d} %  "
                f"{vntext.format_int(done)}/{vntext.format_int(total)}")
        if self.label:
            line = f"{self.label}: {line}"
        self.stream.write(("\r" + line) if self.tty else (line + "\n"))
        self.stream.flush()
        self.drawn = True

    def close(self) -> None:
        if self.drawn and self.tty:
            self.stream.write("\n")
            self.stream.flush()
        self.drawn = False
