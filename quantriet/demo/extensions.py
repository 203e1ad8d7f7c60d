"""Demo data of the apps built on the seed campaign (learning reports, programs, ballots,
inspections, result reports). Each lists here a module with

    def load(campaign, *, seed: int) -> None

called once, inside the demo command, after the seed campaign has been created.
"""

from __future__ import annotations

from quantriet.modules import optional_import

EXTENSIONS = (
    "quantriet.learning.demo",
    "quantriet.copychecks.demo",
    "quantriet.programs.demo",
    "quantriet.surveys.demo",
    "quantriet.inspections.demo",
    "quantriet.reports.demo",
)


def load_all(campaign, *, seed: int) -> None:
    for name in EXTENSIONS:
        module = optional_import(name)
        if module is not None:
            module.load(campaign, seed=seed)
