import io

import pytest
from django.core.management import get_commands, load_command_class

from quantriet.commands import ProgressBar

OURS = sorted(name for name, app in get_commands().items() if app.startswith("quantriet"))


def test_it_knows_our_commands():
    assert {"demo", "ensure-admin", "issue-token", "import-members", "import-units",
            "export-members", "export-units"} <= set(OURS)


@pytest.mark.parametrize("name", OURS)
def test_it_prints_help_in_vietnamese(name):
    command = load_command_class(get_commands()[name], name)
    text = command.create_parser("quantriet", name).format_help()
    assert f"quantriet {name}" in text
    # Every command describes itself in Vietnamese (a letter only Vietnamese uses).
    assert any(ch in text for ch in "ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ"), text


class Tty(io.StringIO):
    def isatty(self):
        return True


def test_it_redraws_one_line_on_a_terminal():
    out = Tty()
    bar = ProgressBar(out, "Đang nhập", min_interval=0)
    for done in (0, 22_000, 44_000):
        bar(done, 44_000)
    bar.close()
    text = out.getvalue()
    assert text.count("\r") == 3 and text.endswith("\n")
    assert "Đang nhập: [###############---------------]  50 %  22.000/44.000" in text
    assert "100 %  44.000/44.000" in text


def test_it_writes_a_line_per_tenth_in_a_log():
    out = io.StringIO()
    bar = ProgressBar(out)
    for done in range(0, 1001):
        bar(done, 1000)
    lines = out.getvalue().splitlines()
    assert len(lines) == 11
    assert lines[-1].endswith("100 %  1.000/1.000")
