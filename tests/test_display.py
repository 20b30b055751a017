"""Highlighting escapes untrusted text and keeps HTML well formed."""

from __future__ import annotations

from html.parser import HTMLParser

import pandas as pd

from helpers.output import display

VOID = {"br", "img", "hr", "meta", "input", "link", "wbr"}
NASTY = ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "</table>", "javascript:alert(1)"]


class Balance(HTMLParser):
    """Record tags; fail on a closing tag that does not match the innermost open one."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.tags: list[str] = []
        self.text: list[str] = []
        self.attrs: list[tuple[str, str | None]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attrs.extend(attrs)
        if tag not in VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> with open {self.stack}")
        else:
            self.stack.pop()

    def handle_data(self, data):
        self.text.append(data)


def parse(html: str) -> Balance:
    p = Balance()
    p.feed(html)
    p.close()
    return p


def test_text_is_escaped():
    text = "Intro " + " ".join(NASTY) + " end."
    out = display.highlight(text, [], [])
    p = parse(out)
    assert not p.errors and not p.stack
    assert set(p.tags) <= {"div", "span", "sup"}
    for bad in NASTY[:3]:
        assert bad not in out
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in out
    assert "".join(p.text).endswith(text)  # the text reads back exactly


def test_speaker_actor_and_theme_are_escaped():
    text = "He said: <script>x</script> and more text here."
    mentions = pd.DataFrame([{"start": 0, "end": 2, "actor": "<img src=x onerror=alert(1)>", "type": "</table>"}])
    statements = pd.DataFrame([{"start": 9, "end": 27, "speaker": "<script>alert(1)</script>",
                                "kind": "quote", "via": '" onmouseover="alert(1)'}])
    hits = [{"start": 0, "end": len(text), "theme": "<b>t</b>", "terms": "</table>"}]
    out = display.highlight(text, mentions, statements, hits)
    p = parse(out)
    assert not p.errors and not p.stack
    assert "<script>" not in out and "<img" not in out and "</table>" not in out and "<b>" not in out
    assert "onmouseover" not in [name for name, _ in p.attrs]
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in out  # the speaker label, as text


def test_overlapping_spans_are_well_formed():
    text = "Xi Jinping told Vladimir Putin: “we are old friends” on Wednesday."
    mentions = [{"start": 0, "end": 10, "actor": "Xi Jinping", "type": "person"},
                {"start": 16, "end": 30, "actor": "Vladimir Putin", "type": "person"},
                {"start": 25, "end": 40, "actor": "crossing", "type": "person"}]  # crosses the statement
    statements = [{"start": 33, "end": 51, "speaker": "Xi Jinping", "kind": "quote", "via": "subject of 'told'"},
                  {"start": 20, "end": 45, "speaker": None, "kind": "quote", "via": "none"}]
    hits = [{"start": 0, "end": len(text), "theme": "china_russia_alignment", "terms": "old friends"},
            {"start": 5, "end": 35, "theme": "world_order", "terms": "x"}]
    out = display.highlight(text, mentions, statements, hits)
    p = parse(out)
    assert not p.errors, p.errors
    assert not p.stack
    assert "".join(t for t in p.text if t not in ("Xi Jinping", "speaker not found")).endswith("Wednesday.")
    assert out.count('class="mp-statement"') >= 2


def test_offsets_beyond_the_text_are_clipped_or_dropped():
    text = "Short text."
    mentions = [{"start": 6, "end": 500, "actor": "A", "type": "person"},
                {"start": 400, "end": 500, "actor": "B", "type": "person"},
                {"start": -5, "end": 3, "actor": "C", "type": "person"},
                {"start": None, "end": 3, "actor": "D", "type": "person"},
                {"start": 8, "end": 2, "actor": "E", "type": "person"}]
    out = display.highlight(text, mentions, [])
    p = parse(out)
    assert not p.errors and not p.stack
    assert "".join(p.text).endswith(text)
    assert 'title="A (person)"' in out and 'title="C (person)"' in out
    assert 'title="B' not in out and 'title="D' not in out and 'title="E' not in out


def test_empty_text_and_no_annotations():
    p = parse(display.highlight("", None, None))
    assert not p.errors and not p.stack


def test_html_table_escapes_and_limits_rows():
    df = pd.DataFrame({"<th>": NASTY * 5, "n": range(20)})
    out = display.html_table(df, max_rows=5)
    p = parse(out)
    assert not p.errors and not p.stack
    assert "<script>" not in out and "<img" not in out and ">&lt;th&gt;</th>" in out
    assert out.count("<tr") == 6 and "border-collapse" in out and "Showing 5 of 20 rows." in out
    assert display.html_table(pd.DataFrame(), empty="<none>").count("&lt;none&gt;") == 1


def test_html_table_aligns_text_left_and_keeps_dates_on_one_line():
    df = pd.DataFrame({"date": ["2024-05-16", None], "speaker": ["Wang Yi", "Xi Jinping"], "n": [3, 12]})
    p = parse(display.html_table(df))
    assert not p.errors and not p.stack
    styles = [value for name, value in p.attrs if name == "style"]
    cells = [s for s in styles if "vertical-align:top" in s]
    heads = [s for s in styles if "vertical-align:bottom" in s]
    assert len(heads) == 3 and all("text-align:left" in s for s in heads)
    assert len(cells) == 6 and all("text-align:left" in s for s in cells)
    assert [("nowrap" in s) for s in cells] == [True, False, False] * 2


def test_date_columns_are_told_from_text():
    assert display.is_date_column(pd.Series(["2024-05-16", None, "", "2023-01"]))
    assert display.is_date_column(pd.to_datetime(pd.Series(["2024-05-16"])))
    assert not display.is_date_column(pd.Series(["2024-05-16", "Moscow"]))
    assert not display.is_date_column(pd.Series([2024, 2023]))
    assert not display.is_date_column(pd.Series([None, ""], dtype=object))


def test_metadata_html_shows_links_as_text():
    out = display.metadata_html({"title": "<script>alert(1)</script>", "url": "javascript:alert(1)", "date": None})
    assert "<script>" not in out and "href" not in out and "javascript:alert(1)" in out
    assert not parse(out).errors


def test_document_html():
    doc = {"id": "d1", "meta": {"id": "d1", "title": "</table><script>x</script>"}, "text": "Xi spoke.",
           "mentions": [{"start": 0, "end": 2, "actor": "Xi Jinping", "type": "person"}],
           "statements": None, "theme_hits": None}
    out = display.document_html(doc)
    assert "<script>" not in out and "</table>" not in out and 'title="Xi Jinping (person)"' in out
    assert not parse(out).errors
    assert "no documents" in display.document_html({"id": None})
