"""Every model that refers to a member or a user is handled by a privacy hook: a new model
with such a foreign key fails here until its app's privacy.py says what export and erasure
do with it."""

from __future__ import annotations

import inspect

from django.apps import apps

from quantriet.accounts.models import User
from quantriet.orgs import privacy
from quantriet.orgs.models import Member


def _referring_models(targets: set) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for model in apps.get_models():
        for f in model._meta.get_fields():
            if f.is_relation and not f.auto_created and f.related_model in targets:
                found.setdefault(model._meta.label, []).append(f.name)
    return found


def test_it_has_a_hook_for_every_model_referring_to_a_member_or_a_user():
    targets = {Member, User} | {apps.get_model(label) for label in privacy.owned_models()}
    referring = _referring_models(targets)
    handled = privacy.handled_models()
    missing = {label: fields for label, fields in referring.items() if label not in handled}
    assert not missing, f"add these models to a privacy.py MODELS: {missing}"
    # The walk finds what it should: the roll, attendance, reports, the login.
    assert {"campaigns.RollEntry", "meetings.Attendance", "learning.LearningReport",
            "accounts.User", "surveys.Response"} <= set(referring)


def test_it_names_only_real_models_and_every_hook_has_both_functions():
    for label in privacy.handled_models():
        apps.get_model(label)  # raises LookupError on a stale name
    modules = privacy.hook_modules()
    assert modules[-1] is privacy  # the member record goes last
    for module in modules:
        for name in ("member_data", "member_data_erase"):
            function = getattr(module, name)
            assert list(inspect.signature(function).parameters) == ["member", "user"], module
