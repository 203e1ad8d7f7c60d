from quantriet.copychecks.selectors import highlight


def test_it_escapes_the_text_and_marks_merged_passages():
    html = str(highlight("<b>abc</b> def ghi", [(12, 15, 3), (3, 6, 1), (5, 9, 2)], "a"))
    assert html == ('&lt;b&gt;<mark id="a1" data-passage="1"><a href="#b1">abc&lt;/b</a>'
                    '</mark>&gt; d<mark id="a3" data-passage="3"><a href="#b3">ef </a></mark>'
                    'ghi')


def test_it_ignores_spans_outside_the_text():
    assert str(highlight("xy", [(1, 99, 1), (5, 9, 2)], "b")) == (
        'x<mark id="b1" data-passage="1"><a href="#a1">y</a></mark>')
