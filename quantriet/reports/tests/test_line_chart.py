from quantriet.reports import charts


def test_it_thins_the_labels_of_a_long_line_and_keeps_the_last():
    points = [charts.Point(f"{d:02d}/01", 60 + d) for d in range(1, 31)]
    svg = charts.line_chart(points, title="Kết quả")
    assert svg.count("<circle") == 30  # every point drawn
    labels = [p.label for p in points if f">{p.label}</text>" in svg]
    assert 2 <= len(labels) <= 10 and labels[0] == "01/01" and labels[-1] == "30/01"
    assert "90,0 %" in svg  # the last value is written


def test_it_labels_every_point_of_a_short_line():
    points = [charts.Point("02/12", 64.8), charts.Point("20/12", 98.3)]
    svg = charts.line_chart(points, title="Kết quả")
    assert ">02/12</text>" in svg and ">20/12</text>" in svg and "64,8 %" in svg
