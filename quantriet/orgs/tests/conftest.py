import pytest

from .privacy_data import build


@pytest.fixture
def rich(campaign, settings, tmp_path):
    """The fixture campaign with one member's data in every app (privacy_data.build), uploads
    in a temporary MEDIA_ROOT: for the export and erasure tests."""
    settings.MEDIA_ROOT = str(tmp_path)
    from quantriet.copychecks.services import forget_index

    campaign.data = build(campaign)
    yield campaign
    forget_index()
