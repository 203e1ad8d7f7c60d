from quantriet.orgs.access import is_officer_anywhere


def nav(request):
    user = getattr(request, "user", None)
    return {"show_staff_nav": bool(user and is_officer_anywhere(user))}
