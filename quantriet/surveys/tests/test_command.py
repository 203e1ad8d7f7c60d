import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from quantriet.surveys.services import response_submit

from .factories import cleaned, seed_ballot


def test_it_prints_the_results(campaign):
    p = campaign.province
    ballot = seed_ballot(campaign)
    response_submit(actor=None, questionnaire=ballot, member=p.members["0101001"],
                    cleaned_data=cleaned(ballot))
    out = StringIO()
    call_command("ballot-results", ballot=ballot.code, format="json", stdout=out)
    data = json.loads(out.getvalue())
    assert data["unit"] == "T01" and data["answers"] == 1
    assert data["questions"][0]["options"][0]["percent"] == 100.0
    out = StringIO()
    call_command("ballot-results", ballot=ballot.code, unit="H02", stdout=out)
    assert "Đảng bộ huyện Châu Thành" in out.getvalue() and "0,0 %" not in out.getvalue()
    with pytest.raises(CommandError):
        call_command("ballot-results", ballot="NOPE")
