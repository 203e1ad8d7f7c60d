from quantriet.orgs.access import is_officer_anywhere, is_writer_anywhere


def nav(request):
    user = getattr(request, "user", None)
    return {"show_staff_nav": bool(user and is_officer_anywhere(user)),
            # Inspectors and graders read a subtree but import nothing: no link to a 403.
            "show_imports": bool(user and is_writer_anywhere(user))}
