from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from quantriet import ratelimit
from quantriet.campaigns.selectors import latest_campaign
from quantriet.meetings.selectors import bridge_points_today
from quantriet.orgs.access import is_officer_anywhere


class LoginView(auth_views.LoginView):
    """The stock login, telling a locked-out user so instead of 'wrong password'. Failed
    sign-ins are also counted per client address (quantriet.ratelimit): past the limit the
    address gets HTTP 429 without its password being checked."""

    redirect_authenticated_user = True

    def post(self, request, *args, **kwargs):
        if ratelimit.exceeded("login_ip", ratelimit.client_ip(request)):
            return ratelimit.too_many(request, "login_ip", _(
                "Too many failed sign-in attempts from this network. Wait a few minutes "
                "before trying again."))
        return super().post(request, *args, **kwargs)

    def form_invalid(self, form):
        ratelimit.hit("login_ip", ratelimit.client_ip(self.request))
        response = super().form_invalid(form)
        response.context_data["locked_out"] = getattr(self.request, "quantriet_locked_out", False)
        response.context_data["lockout_minutes"] = settings.LOGIN_LOCKOUT_MINUTES
        return response


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Land each user on what they do now: an operator on today's bridge point, an inspector
    on today's assignments, an officer
    on the coverage of the latest campaign they can see (else their units), a member on
    their own check-ins."""
    today = list(bridge_points_today(request.user)[:2])
    if len(today) == 1:
        return redirect("meetings:tick_list", code=today[0].meeting.code, bp=today[0].code)
    if today:
        return redirect("meetings:meeting_list")
    from quantriet.inspections.selectors import today_for

    if today_for(request.user).exists():
        return redirect("inspections:today")
    if is_officer_anywhere(request.user):
        campaign = latest_campaign(request.user)
        if campaign is not None:
            return redirect("campaigns:campaign_detail", code=campaign.code)
        return redirect("orgs:unit_tree")
    if request.user.member_id:
        return redirect("meetings:my_meetings")
    return redirect("orgs:no_role")
