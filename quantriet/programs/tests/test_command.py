import io
import json

import pytest
from django.core.management import CommandError, call_command

from .conftest import adopt


def test_it_prints_progress_as_json_and_table(drafted):
    adopt(drafted)
    out = io.StringIO()
    call_command("program-progress", campaign="NQ4-XII", format="json", stdout=out)
    rows = {r["unit"]: r for r in json.loads(out.getvalue())}
    assert rows["T01"]["tasks"] == 2 and rows["H01"]["tasks_overdue"] == 1
    out = io.StringIO()
    call_command("program-progress", campaign="NQ4-XII", unit="H01", stdout=out)
    assert "H01 Đảng bộ huyện Cái Bè | 1 | 1 | 2 | 0 | 1 | 0,0 %" in out.getvalue()
    with pytest.raises(CommandError):
        call_command("program-progress", campaign="NQ4-XII", unit="NOPE")
