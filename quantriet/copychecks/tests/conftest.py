import pytest

from quantriet.copychecks import services


@pytest.fixture(autouse=True)
def _fresh_index_cache():
    # Each test's database is new: never reuse an index built in another test.
    services.forget_index()
    yield
    services.forget_index()


@pytest.fixture
def planted(campaign):
    from .factories import add_references, plant

    add_references(campaign)
    return plant(campaign)


@pytest.fixture
def checked(campaign, planted):
    services.check_campaign(actor=None, campaign=campaign.campaign)
    return planted
