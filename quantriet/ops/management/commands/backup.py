from pathlib import Path

from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from quantriet import commands
from quantriet.lib import vntext
from quantriet.ops import backup


class Command(commands.Command):
    help = gettext_lazy("Back up the database and the uploaded files into one archive "
                        "(safe while the app is running).")

    def add_arguments(self, parser):
        parser.add_argument("--out", type=Path, default=None,
                            help=gettext_lazy("archive to write (.tar, or .tar.gz to "
                                              "compress); default: "
                                              "DATA_DIR/backups/quantriet-<time>.tar"))
        parser.add_argument("--no-media", action="store_true",
                            help=gettext_lazy("leave the uploaded files out (when their "
                                              "storage is backed up on its own)"))

    def handle(self, *args, out, no_media, **options):
        try:
            result = backup.backup_create(out=out, media=not no_media)
        except backup.BackupError as exc:
            raise CommandError(str(exc)) from exc
        manifest = result.manifest
        if manifest["media"].get("included", True):
            media = _("%(files)s uploaded files") % {
                "files": vntext.format_int(manifest["media"]["files"])}
        else:
            media = _("uploaded files left out")
        self.stdout.write(_("Backed up to %(path)s (%(engine)s, %(size)s MB): %(summary)s; "
                            "%(media)s") % {
            "path": result.path, "engine": backup._engine_name(manifest["engine"]),
            "size": vntext.format_decimal(result.bytes / 1e6, 1),
            "summary": backup.summary(manifest["row_counts"]), "media": media})
