"""District H01's surveys objects for the global outsider walk."""

from __future__ import annotations


def h01_objects(campaign) -> dict:
    from quantriet.surveys.services import (
        paper_count_set,
        questionnaire_create_from_template,
        response_submit,
    )

    from .factories import cleaned

    p = campaign.province
    ballot = questionnaire_create_from_template(
        actor=p.officer_h01, template_key="resolution-agreement", campaign=campaign.campaign,
        owner=p.h01, title="Phiếu lấy ý kiến huyện Cái Bè", anonymous=False)
    response_submit(actor=p.member_c1, questionnaire=ballot, member=p.members["0101001"],
                    cleaned_data=cleaned(ballot, comment="Ý kiến riêng ấp Mỹ Lợi"))
    option = ballot.questions.get(key="viewpoints").options.get(order=1)
    paper_count_set(actor=p.officer_h01, questionnaire=ballot, bridge_point=campaign.bp1,
                    ballots=3, counts={option.pk: 3})
    return {"params": {"<int:questionnaire_pk>": str(ballot.pk),
                       "<int:tally_bp_pk>": str(campaign.bp1.pk)},
            "secrets": ["Phiếu lấy ý kiến huyện Cái Bè", "ấp Mỹ Lợi", ballot.code]}
