from pathlib import Path

from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from quantriet import commands
from quantriet.lib import vntext
from quantriet.ops import backup


class Command(commands.Command):
    help = gettext_lazy("Restore the database and the uploaded files from an archive made "
                        "by `quantriet backup` (stop the app and its workers first).")

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help=gettext_lazy("the backup archive"))
        parser.add_argument("--yes", action="store_true",
                            help=gettext_lazy("replace a database that already holds data"))

    def handle(self, *args, path, yes, **options):
        try:
            result = backup.backup_restore(path=path, force=yes)
        except backup.BackupError as exc:
            raise CommandError(str(exc)) from exc
        if result.manifest["media"].get("included", True):
            media = _("%(files)s uploaded files") % {
                "files": vntext.format_int(result.media_files)}
        else:
            media = _("uploaded files left as they were")
        line = _("Restored from %(path)s (backup of %(at)s): %(summary)s; %(media)s; row "
                 "counts match") % {
            "path": path, "at": backup.created_at_local(result.manifest),
            "summary": backup.summary(result.counts), "media": media}
        if result.migrations_pending:
            line += " " + _("(the backup is older than the code: run quantriet migrate)")
        self.stdout.write(line)
