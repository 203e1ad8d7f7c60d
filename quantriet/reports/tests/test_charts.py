import xml.etree.ElementTree as ET

from quantriet.reports.charts import Point, bar_chart, line_chart

SVG = "{http://www.w3.org/2000/svg}"


def _texts(svg: str) -> list[str]:
    return [t.text for t in ET.fromstring(svg).iter(f"{SVG}text")]


def test_it_draws_one_bar_per_unit_scaled_to_100_percent():
    svg = bar_chart([Point("Đảng bộ huyện Cái Bè", 65.2), Point("Châu Thành", 100)],
                    title="Kết quả")
    root = ET.fromstring(svg)
    bars = [r for r in root.iter(f"{SVG}rect") if r.get("fill") == "#188038"]
    tracks = [r for r in root.iter(f"{SVG}rect") if r.get("fill") == "#f1f3f4"]
    assert float(bars[1].get("width")) == float(tracks[1].get("width"))
    assert abs(float(bars[0].get("width")) / float(tracks[0].get("width")) - 0.652) < 0.001
    assert _texts(svg) == ["Đảng bộ huyện Cái Bè", "65,2 %", "Châu Thành", "100,0 %"]
    assert root.find(f"{SVG}title").text == "Kết quả"


def test_it_escapes_labels_and_clamps_values():
    svg = bar_chart([Point('<script>"x"</script>', 140), Point("A & B", -3)], title="<t>")
    assert "<script>" not in svg
    root = ET.fromstring(svg)  # still well-formed XML
    widths = [float(r.get("width")) for r in root.iter(f"{SVG}rect")]
    assert widths[1] == widths[0] and widths[3] == 0


def test_it_shortens_long_labels():
    svg = bar_chart([Point("Đảng bộ Khối các cơ quan và doanh nghiệp tỉnh", 50)], title="t")
    assert _texts(svg)[0].endswith("…") and len(_texts(svg)[0]) == 26


def test_it_draws_a_line_through_the_points_in_order():
    svg = line_chart([Point("HNTT-01", 65.2), Point("BU-01", 20), Point("BU-02", 13.1)],
                     title="Theo hội nghị")
    root = ET.fromstring(svg)
    points = root.find(f"{SVG}polyline").get("points").split()
    assert len(points) == 3
    ys = [float(p.split(",")[1]) for p in points]
    assert ys[0] < ys[1] < ys[2]  # a higher percentage is drawn higher
    assert "65,2 %" in _texts(svg) and "BU-02" in _texts(svg)


def test_it_draws_a_single_point_without_a_line():
    root = ET.fromstring(line_chart([Point("HNTT-01", 50)], title="t"))
    assert root.find(f"{SVG}polyline") is None
    assert len(list(root.iter(f"{SVG}circle"))) == 1
