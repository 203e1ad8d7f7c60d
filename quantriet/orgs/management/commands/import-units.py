from django.utils.translation import gettext_lazy as _

from quantriet.orgs import imports

from . import ImportCommand


class Command(ImportCommand):
    help = _(
        "Import the party organisation tree from a CSV/XLSX file (columns code, name, "
        "parent_code, kind, or mã, tên, mã cấp trên, loại). All or nothing: if there is an "
        "error nothing is written. Importing the same file again updates the units, never "
        "duplicates them; a changed parent_code moves the unit under its new parent."
    )
    runner = staticmethod(imports.import_units)
