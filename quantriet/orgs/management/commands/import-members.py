from django.utils.translation import gettext_lazy as _

from quantriet.orgs import imports

from . import ImportCommand


class Command(ImportCommand):
    help = _(
        "Import the party member roll from a CSV/XLSX file (columns member_id, card_no, "
        "full_name, birth_date, gender, unit_code, status, exempt, or Vietnamese headers). "
        "All or nothing: if there is an error nothing is written. Importing the same file "
        "again updates the members, never duplicates them; a changed unit_code is a transfer."
    )
    runner = staticmethod(imports.import_members)
