"""Tests for claimcheck.sources: decoding, markup removal, offset mapping, path walking."""
from __future__ import annotations

import html
import io
import os
import re
from array import array
from pathlib import Path

import pytest

from claimcheck import sources
from claimcheck.errors import InputError
from claimcheck.sources import (SUPPORTED, Source, iter_paths, read_source,
                                source_from_text)

DATA = Path(__file__).parent / "data" / "sources"
SAMPLE_MD = DATA / "sample.md"
SAMPLE_HTML = DATA / "sample.html"


# --------------------------------------------------------------------------- helpers

def raw_of(src: Source, a: int, b: int) -> str:
    return src.raw[src.to_raw(a):src.to_raw(b)]


def find_raw(src: Source, needle: str, start: int = 0) -> str:
    i = src.prose.index(needle, start)
    return raw_of(src, i, i + len(needle))


def check_offsets_shape(src: Source) -> None:
    offs = src.offsets
    if offs is None:                      # nothing removed: prose is raw
        assert src.prose == src.raw
        return
    assert isinstance(offs, array) and offs.typecode == "l"
    assert len(offs) == len(src.prose) + 1
    assert all(offs[i] <= offs[i + 1] for i in range(len(offs) - 1)), "offsets decrease"
    assert 0 <= offs[0] and offs[-1] <= len(src.raw)
    assert "\r" not in src.prose


# --------------------------------------------------------------------------- Markdown

@pytest.fixture(scope="module")
def md() -> Source:
    return read_source(str(SAMPLE_MD))


def test_markdown_every_word_maps_back_to_identical_raw(md):
    check_offsets_shape(md)
    words = list(re.finditer(r"\w+", md.prose))
    assert len(words) > 80
    for m in words:
        assert raw_of(md, *m.span()) == m.group(), m.group()


def test_markdown_verbatim_characters_satisfy_prose_equals_raw_at_offset(md):
    for i, c in enumerate(md.prose):
        if c.isalnum():
            assert md.raw[md.offsets[i]] == c, (i, c)


def test_markdown_figures_map_to_exact_source_text(md):
    assert find_raw(md, "61 million") == "61 million"          # inside **...**
    assert find_raw(md, "$12 billion") == "$12 billion"
    assert find_raw(md, "135%") == "135%"
    assert find_raw(md, "€4 billion") == "€4 billion"           # table cell
    assert find_raw(md, "3%") == "3%"                           # after &nbsp;
    assert find_raw(md, "about\xa03%") == "about&nbsp;3%"       # entity inside the span
    esc = source_from_text("Priced at \\$5 (\\*), **\\$6**.\n", format="markdown")
    assert esc.prose == "Priced at $5 (*), $6.\n"
    assert find_raw(esc, "$5") == "$5" and find_raw(esc, "$6") == "$6"


def test_markdown_front_matter_parsed_and_not_prose(md):
    assert md.format == "markdown"
    assert md.meta["date"] == "2015-01-15"
    assert md.meta["title"] == "Xiaomi's record year"
    assert md.meta["entity"] == "Xiaomi"
    assert md.meta["source"] == "Company statement"
    assert "date:" not in md.prose and "Company statement" not in md.prose
    assert md.prose.startswith("Xiaomi sold 61 million phones in 2014\n\n")


def test_markdown_markup_removed_text_kept(md):
    p = md.prose
    assert "#" not in p and "**" not in p and "_Chinese_" not in p and "~~" not in p
    assert "Chinese handset maker" in p and "a guess" in p
    assert "the annual report" in p
    assert "example.com" not in p and "report-99" not in p and "Report 77" not in p
    assert "chart" not in p and "2013" not in p                 # image dropped, alt too
    assert "foo.example" not in p and "123" not in p            # autolink dropped
    assert "4242" not in p and "987654321" not in p             # code dropped
    assert "ref link" in p and "999" not in p and "[1]" not in p
    assert "[^2]" not in p and "Footnote text with 77 units." in p
    assert "> " not in p and "Analysts expected 50 million units," in p
    assert "- first" not in p and "first item: 1.5 million users" in p
    assert "second item with 7% share" in p
    assert "1. one" not in p and "one\n\ntwo" in p
    assert "|" not in p and "---" not in p
    assert re.search(r"2014 +\$3 billion", p)
    assert "snake_case_name" in p and "3 * 4" in p and "escaped *stars* too" in p
    assert "AT&amp;" not in p and " & about" in p


def test_markdown_keeps_every_newline_and_marks_blocks(md):
    body = md.raw[md.raw.index("# Xiaomi"):]
    assert md.prose.count("\n") >= body.count("\n")
    # heading, list items and table rows are separate blocks for the sentence splitter
    assert "phones in 2014\n\nXiaomi, the" in md.prose
    assert "1.5 million users\n\nsecond" in md.prose
    # soft line breaks inside a paragraph stay single newlines
    assert "$12 billion\n(see the annual report), up\n135%" in md.prose


def test_markdown_plain_paragraphs_newlines_one_to_one():
    raw = "First line with *emphasis*\nsecond [link](http://x.org/1)\n\nThird `c` line\n"
    src = source_from_text(raw, format="markdown")
    assert src.prose == "First line with emphasis\nsecond link\n\nThird  line\n"
    assert src.prose.count("\n") == raw.count("\n")


def test_markdown_comments_collected_with_raw_offsets(md):
    (start, end, text), = md.meta["comments"]
    assert md.raw[start:end] == "<!-- claimcheck: ignore core.share -->"
    assert text == "claimcheck: ignore core.share"
    assert "claimcheck" not in md.prose


def test_markdown_multiline_comment_and_comment_in_code_block():
    raw = "Before 1\n<!-- a\n\nb 99 -->\nAfter 2\n\n```\n<!-- in code -->\n```\n"
    src = source_from_text(raw, format="markdown")
    assert "99" not in src.prose and "in code" not in src.prose
    assert src.meta["comments"] == [(9, 25, "a\n\nb 99")]
    assert src.prose.count("\n") == raw.count("\n")


def test_markdown_link_across_lines_drops_url():
    src = source_from_text("See [the\nreport](http://x.org/2015/7) now.\n", format="markdown")
    assert src.prose == "See the\nreport now.\n"
    assert find_raw(src, "report") == "report"


def test_markdown_no_front_matter_and_empty_front_matter():
    assert source_from_text("Just 5 words here.\n", format="markdown").meta["date"] is None
    src = source_from_text("---\n---\nBody 3.\n", format="markdown")
    assert src.prose == "Body 3.\n" and src.meta["title"] is None


@pytest.mark.parametrize("raw, line", [
    ("---\ntitle: ok\ndate: [unclosed\nentity: x\n---\nBody\n", 4),
    ("---\ntitle: ok\n  bad: indent\n---\nBody\n", 3),
    ("---\n- a list\n- not a mapping\n---\nBody\n", 2),
    ("---\ntitle: t\ndate: January 2015\n---\nBody\n", 3),
    ("---\ntitle: never closed\nBody\n", 1),
])
def test_markdown_bad_front_matter_names_file_and_line(raw, line):
    with pytest.raises(InputError) as ei:
        source_from_text(raw, path="story.md", format="markdown")
    assert ei.value.path == "story.md"
    assert ei.value.line == line
    assert str(ei.value).startswith(f"story.md:{line}")


def test_markdown_front_matter_date_forms():
    for value in ("2015-01-15", "'2015-01-15'", "2015-01-15 10:30:00", "'2015-01-15T10:30:00Z'"):
        src = source_from_text(f"---\ndate: {value}\n---\nx\n", format="markdown")
        assert src.meta["date"] == "2015-01-15", value


def test_front_matter_reads_as_yaml_safe_load():
    """Simple ``key: value`` front matter skips PyYAML's scanner; every value (and every
    error) must still be what ``yaml.safe_load`` gives, whichever path reads it."""
    import random

    import yaml

    def outcome(load, text):
        try:
            data = load(text)
        except Exception as e:
            return "error", type(e).__name__, str(e)
        pairs = data.items() if isinstance(data, dict) else [(None, data)]
        return "ok", [(k, type(k), v, type(v)) for k, v in pairs]

    keys = ["date", "title", "null", "true", "Yes", "on", "_x", "a-b", "1", "~"]
    values = ["2007-10-28", "2007-13-45", "2007-10-28 10:00:00", "'2007-10-28'", "Apple Inc.", "a: b", "a:",
              "a#b", "a #b", "12", "1_000", "0x1f", "1:20", ".inf", "-5", "=", "~", "null", "yes", "http://x.org/a#b",
              "[1, 2]", "{a: 1}", "a, b", "a  b", "é ’ ü", "|", ">", "%x", "@x", "!x", "&x", "*x", "? x", "- x", "",
              '"say \'hi\'"', "'it''s'", "'x \"y\"'", '"a\\"b"', '"', '""', "a\tb", "b\x07", "x\u2028y"]
    rnd = random.Random(7)
    fast = 0
    for _ in range(3000):
        lines = [rnd.choice(keys) + rnd.choice([": ", ": ", ": ", ":  ", ":", " : ", ":\t"]) + rnd.choice(values)
                 + rnd.choice(["", "", " "]) for _ in range(rnd.randint(1, 4))]
        if rnd.random() < 0.2:
            lines.insert(rnd.randint(0, len(lines)), rnd.choice(["", "  ", "# note", "  more", "\r"]))
        text = "\n".join(lines) + rnd.choice(["\n", ""])
        fast += sources._simple_mapping(text) is not None
        assert outcome(sources._load_front_matter, text) == outcome(yaml.safe_load, text), text
    assert fast > 100          # the fast path was exercised, not only the fallback


def test_markdown_ordered_list_rule_keeps_years_in_paragraph():
    src = source_from_text("Sales grew in\n2014. Then they fell.\n", format="markdown")
    assert "2014. Then" in src.prose


# --------------------------------------------------------------------------- HTML

@pytest.fixture(scope="module")
def page() -> Source:
    return read_source(str(SAMPLE_HTML))


def test_html_every_word_maps_back_to_its_source_text(page):
    check_offsets_shape(page)
    words = list(re.finditer(r"\w+", page.prose))
    assert len(words) > 30
    for m in words:
        r = raw_of(page, *m.span())
        assert "<" not in r and html.unescape(r) == m.group(), (m.group(), r)
    for i, c in enumerate(page.prose):
        if c.isalnum():
            assert page.raw[page.offsets[i]] == c


def test_html_entities_map_to_whole_entity(page):
    assert find_raw(page, "€3m") == "&euro;3m"
    assert find_raw(page, "€5bn") == "&#8364;5bn"
    assert find_raw(page, "€6bn") == "&#x20AC;6bn"
    assert find_raw(page, "AT&T") == "AT&amp;T"
    assert find_raw(page, "3\xa0million") == "3&nbsp;million"
    i = page.prose.index("€3m")
    raw_start = page.raw.index("&euro;3m")
    assert page.to_raw(i) == raw_start
    assert page.to_raw(i + 1) == raw_start + len("&euro;")      # just after the entity
    assert "&foo;" in page.prose                                 # unknown entity kept


def test_html_entity_before_space_tag_and_end():
    src = source_from_text("<p>Costs 5&euro; &amp; 7&#37;</p><p>x &lt;</p>&pound;", format="html")
    assert src.prose == "Costs 5€ & 7%\n\nx <\n\n£"
    assert find_raw(src, "5€") == "5&euro;"
    assert find_raw(src, "&") == "&amp;"
    assert find_raw(src, "7%") == "7&#37;"
    assert find_raw(src, "<") == "&lt;"
    assert find_raw(src, "£") == "&pound;" and src.to_raw(len(src.prose)) == len(src.raw)


def test_html_invisible_content_absent(page):
    p = page.prose
    for hidden in ("12345", "secret", "width", "300px", "42", "43", "44", "document.write",
                   "Enable", "example.com", "charset", "<", ">"):
        assert hidden not in p, hidden
    assert "Xiaomi" not in p                                     # the title is meta only
    assert page.meta["title"] == "Xiaomi & the 2014 market"
    assert page.meta["date"] == "2015-01-15"
    assert page.format == "html"


def test_html_blocks_become_paragraph_breaks(page):
    assert page.prose.startswith("Sales rose 61%\n\nRevenue was")
    assert "one 1\n\ntwo 2\n\n2014\n\n$3m" in page.prose
    assert "€6bn.\n\nNext line 2014." in page.prose
    i = page.prose.index("61%") + 3
    assert page.raw[page.to_raw(i):].startswith("</h1>")


def test_html_comment_collected(page):
    (start, end, text), = page.meta["comments"]
    assert page.raw[start:end] == "<!-- claimcheck: ignore -->" and text == "claimcheck: ignore"


def test_html_date_from_time_element_and_inline_markup_boundaries():
    src = source_from_text('<p>On <time datetime="2014-11-25T09:00">Nov. 25</time> it '
                           'earned <b>$1.5bn</b>, <i>12</i>% more.</p>', format="html")
    assert src.meta["date"] == "2014-11-25"
    assert find_raw(src, "$1.5bn") == "$1.5bn"
    assert find_raw(src, "12") == "12"
    assert src.prose == "On Nov. 25 it earned $1.5bn, 12% more.\n\n"


def test_html_malformed_never_raises():
    for doc in ("<p>Unclosed <b>bold 3% <i>x", "<p>x &euro", "<script>var a = 1",
                "<p>a</p><!-- never closed 5%", "text < 5 & > 3 <p>", "<<<>>>&&&;",
                "<p>a <![if !supportLists]> 3% b</p>", "</p></div>7%"):
        src = source_from_text(doc, format="html")
        check_offsets_shape(src)


def test_html_tokens_read_as_a_browser_reads_them():
    src = source_from_text(
        '<HTML><Head><TITLE>Q3 &amp; more</TITLE><script type="x">if (a</b) { "</p>" }</SCRIPT>'
        '<META NAME="Date" CONTENT="2015-02-03"></head><BODY><P CLASS="a>b">Revenue &euro;3m'
        '<br/>up 5%<style>p::after{content:"7%"}</style></p><p>AT&T &amp 9</p>', format="html")
    assert src.meta["title"] == "Q3 & more" and src.meta["date"] == "2015-02-03"
    assert src.prose == "Revenue €3m\n\nup 5%\n\nAT&T & 9\n\n"     # "&amp" without ";" too
    assert find_raw(src, "€3m") == "&euro;3m"
    check_offsets_shape(src)


def test_html_unclosed_comment_or_tag_hides_the_rest_as_in_a_browser():
    src = source_from_text("<p>a 1%</p><!-- draft: 5%", format="html")
    assert src.prose == "a 1%\n\n" and src.meta["comments"] == [(11, 25, "draft: 5%")]
    assert source_from_text("<p>b 2%</p><p class='x 6%", format="html").prose == "b 2%\n\n"
    assert source_from_text("<p>c 3%</p><script>var d = 8", format="html").prose == "c 3%\n\n"
    assert source_from_text("x < 5, y<3 and z<b 4%", format="html").prose == "x < 5, y<3 and z"


# --------------------------------------------------------------------------- text, stdin

def test_plain_text_is_a_no_op(tmp_path):
    f = tmp_path / "a.txt"
    f.write_text("Revenue was $3m.\n\nUp 5%.\n", encoding="utf-8")
    src = read_source(str(f))
    assert src.format == "text" and src.offsets is None and src.prose is src.raw
    assert src.to_raw(3) == 3 and src.to_raw(len(src.prose)) == len(src.raw)
    assert src.meta["date"] is None and src.meta["comments"] == []


def test_crlf_text_prose_uses_lf_and_maps_back():
    raw = "Line one 1\r\nLine two 22\r\n\r\nEnd 333"
    src = source_from_text(raw)
    assert src.prose == "Line one 1\nLine two 22\n\nEnd 333"
    check_offsets_shape(src)
    for m in re.finditer(r"\w+", src.prose):
        assert raw_of(src, *m.span()) == m.group()
    assert src.line_col(src.to_raw(src.prose.index("333"))) == (4, 5)


def test_crlf_markdown():
    src = source_from_text("---\r\ndate: 2015-02-01\r\n---\r\n# Head 1\r\n\r\n**Bold 2** x\r\n",
                           format="markdown")
    assert src.meta["date"] == "2015-02-01"
    assert src.prose == "Head 1\n\nBold 2 x\n"
    assert find_raw(src, "Bold 2") == "Bold 2"


@pytest.mark.parametrize("data, fmt", [
    (b"---\ntitle: t\n---\n# Hi 1\n", "markdown"),
    (b"  \n<html><body><p>Hi 1</p></body></html>", "html"),
    (b"<p>Hi 1</p>", "html"),
    (b"<3 Hi 1", "text"),
    (b"Hi 1 <p>", "text"),
])
def test_stdin_is_sniffed(data, fmt):
    src = read_source("-", stdin=io.BytesIO(data))
    assert src.path == "<stdin>" and src.format == fmt
    assert "Hi 1" in src.prose


def test_source_from_text_format_checks():
    assert source_from_text("\ufeffabc").raw == "abc"
    assert source_from_text("<p>x</p>", format="auto").format == "html"
    with pytest.raises(ValueError):
        source_from_text("x", format="rtf")


# --------------------------------------------------------------------------- decoding

def write(tmp_path: Path, name: str, data: bytes) -> str:
    p = tmp_path / name
    p.write_bytes(data)
    return str(p)


def test_utf8_bom_removed(tmp_path):
    src = read_source(write(tmp_path, "a.txt", b"\xef\xbb\xbfPrice \xe2\x82\xac5\n"))
    assert src.raw == "Price €5\n" and src.prose == src.raw


@pytest.mark.parametrize("codec, bom", [("utf-16-le", b"\xff\xfe"), ("utf-16-be", b"\xfe\xff")])
def test_utf16_with_bom(tmp_path, codec, bom):
    text = "Revenue €3m\nup 5%\n"
    src = read_source(write(tmp_path, "a.md", bom + text.encode(codec)))
    assert src.raw == text and src.prose == text


def test_invalid_utf8_names_byte_offset_and_line(tmp_path):
    path = write(tmp_path, "bad.txt", b"line one\nline two \xff here\n")
    with pytest.raises(InputError) as ei:
        read_source(path)
    err = ei.value
    assert err.path == path and err.line == 2
    assert err.message == ("invalid UTF-8 at byte 18 (line 2); use --encoding to read it as "
                           "another encoding")


def test_encoding_override_and_unknown_encoding(tmp_path):
    path = write(tmp_path, "latin.txt", "Caf\xe9 costs 5\u20ac".encode("cp1252"))
    assert read_source(path, encoding="cp1252").raw == "Caf\xe9 costs 5\u20ac"
    with pytest.raises(InputError, match="unknown encoding"):
        read_source(path, encoding="no-such-codec")


def test_binary_file_rejected(tmp_path):
    path = write(tmp_path, "img.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    with pytest.raises(InputError, match="binary file, not a text document") as ei:
        read_source(path)
    assert ei.value.path == path


def test_empty_file_ok(tmp_path):
    for name in ("e.txt", "e.md", "e.html"):
        src = read_source(write(tmp_path, name, b""))
        assert src.raw == "" and src.prose == "" and src.to_raw(0) == 0
        assert src.line_col(0) == (1, 1)


def test_missing_path_and_directory(tmp_path):
    missing = str(tmp_path / "nope.md")
    with pytest.raises(InputError) as ei:
        read_source(missing)
    assert str(ei.value) == f"{missing}: no such file or directory"
    with pytest.raises(InputError, match="is a directory"):
        read_source(str(tmp_path))


def test_max_bytes(tmp_path):
    path = write(tmp_path, "big.txt", b"x" * 100)
    assert read_source(path, max_bytes=100).raw == "x" * 100
    with pytest.raises(InputError) as ei:
        read_source(path, max_bytes=99)
    assert ei.value.message == "document is 100 bytes, over the limit of 99 (--max-bytes)"
    with pytest.raises(InputError, match="over the limit"):
        read_source("-", max_bytes=10, stdin=io.BytesIO(b"y" * 11))


def test_file_is_not_modified(tmp_path):
    data = b"\xef\xbb\xbf---\r\ndate: 2015-01-01\r\n---\r\nRevenue **$3m**\r\n"
    path = write(tmp_path, "keep.md", data)
    os.utime(path, ns=(1_000_000_000_000_000_000, 1_000_000_000_000_000_000))
    before = os.stat(path).st_mtime_ns
    read_source(path)
    assert Path(path).read_bytes() == data
    assert os.stat(path).st_mtime_ns == before


# --------------------------------------------------------------------------- line_col

def test_line_col_first_last_line_and_crlf():
    src = source_from_text("ab\r\ncd\nef")
    assert src.line_col(0) == (1, 1)
    assert src.line_col(1) == (1, 2)
    assert src.line_col(2) == (1, 3)          # the \r
    assert src.line_col(3) == (1, 4)          # the \n
    assert src.line_col(4) == (2, 1)          # first char after \r\n
    assert src.line_col(7) == (3, 1)
    assert src.line_col(8) == (3, 2)
    assert src.line_col(9) == (3, 3)          # end of text
    with pytest.raises(IndexError):
        src.line_col(10)
    with pytest.raises(IndexError):
        src.to_raw(len(src.prose) + 1)
    with pytest.raises(IndexError):
        src.to_raw(-1)


def test_line_col_of_markdown_figure(md):
    i = md.prose.index("135%")
    line, col = md.line_col(md.to_raw(i))
    assert md.raw.splitlines()[line - 1][col - 1:].startswith("135%")
    assert line == 11 and col == 1


# --------------------------------------------------------------------------- iter_paths

@pytest.fixture
def tree(tmp_path) -> Path:
    root = tmp_path / "docs"
    for rel in ("b.md", "a.txt", "c.html", "notes.rst", "image.png", "Z.HTM",
                "sub/x.markdown", "sub/deeper/y.htm", "sub/draft-1.md",
                "drafts/old.md", "aa/first.md"):
        p = root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text("x 1\n", encoding="utf-8")
    return root


def rels(paths, root: Path) -> list[str]:
    return [os.path.relpath(p, root).replace(os.sep, "/") for p in paths]


def test_walk_sorted_recursive_supported_only(tree):
    got = list(iter_paths([str(tree)]))
    assert rels(got, tree) == ["Z.HTM", "a.txt", "aa/first.md", "b.md", "c.html",
                               "drafts/old.md", "sub/deeper/y.htm", "sub/draft-1.md",
                               "sub/x.markdown"]
    assert all(p.startswith(str(tree)) for p in got)


def test_walk_include_exclude(tree):
    assert rels(iter_paths([str(tree)], include=["*.md"]), tree) == [
        "aa/first.md", "b.md", "drafts/old.md", "sub/draft-1.md"]
    assert rels(iter_paths([str(tree)], exclude=["drafts", "draft-*", "*.htm*", "*.HTM"]),
                tree) == ["a.txt", "aa/first.md", "b.md", "sub/x.markdown"]
    assert rels(iter_paths([str(tree)], include=["sub/*"], exclude=["sub/deeper/*"]),
                tree) == ["sub/draft-1.md", "sub/x.markdown"]


def test_explicit_files_any_extension_and_stdin_pass_through(tree):
    got = list(iter_paths([str(tree / "notes.rst"), "-", str(tree / "b.md"),
                           str(tree / "b.md")], exclude=["*.rst"]))
    assert got == [str(tree / "notes.rst"), "-", str(tree / "b.md")]


def test_missing_path_raises_before_yielding(tree):
    it = iter_paths([str(tree / "b.md"), str(tree / "missing.md")])
    with pytest.raises(InputError) as ei:
        next(it)
    assert ei.value.path == str(tree / "missing.md")
    assert ei.value.message == "no such file or directory"


def test_directory_without_documents_is_an_error(tmp_path):
    empty = tmp_path / "empty"
    (empty / "sub").mkdir(parents=True)
    (empty / "sub" / "x.pdf").write_bytes(b"%PDF")
    with pytest.raises(InputError) as ei:
        list(iter_paths([str(empty)]))
    assert ei.value.message == "no supported documents (.txt, .md, .markdown, .html, .htm)"
    assert ei.value.path == str(empty)


def test_include_filtering_everything_is_an_error(tree):
    with pytest.raises(InputError, match="no supported documents"):
        list(iter_paths([str(tree)], include=["*.nothing"]))


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symlinks")
def test_symlink_loop_reported_not_fatal(tree):
    os.symlink(str(tree), str(tree / "sub" / "loop"))
    os.symlink(str(tree / "sub"), str(tree / "sub-again"))
    os.symlink(str(tree / "gone.md"), str(tree / "broken.md"))
    warnings, seen = [], []
    got = list(iter_paths([str(tree)], warnings=warnings,
                          on_warning=lambda p, m: seen.append(p)))
    assert len(got) == len(set(os.path.realpath(p) for p in got)) == 9
    msgs = dict(warnings)
    assert "loop" in msgs[str(tree / "sub" / "loop")]
    assert "already walked" in msgs[str(tree / "sub-again")]
    assert "broken" in msgs[str(tree / "broken.md")]
    assert seen == [p for p, _ in warnings]


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0,
                    reason="needs POSIX permissions and a non-root user")
def test_unreadable_subdirectory_skipped_with_warning(tree):
    locked = tree / "sub" / "deeper"
    locked.chmod(0)
    try:
        warnings = []
        got = rels(iter_paths([str(tree)], warnings=warnings), tree)
        assert "sub/deeper/y.htm" not in got and "sub/x.markdown" in got
        assert warnings and warnings[0][0] == str(locked)
    finally:
        locked.chmod(0o755)


def test_supported_constant():
    assert SUPPORTED == (".txt", ".md", ".markdown", ".html", ".htm")


# --------------------------------------------------------------------------- robustness

@pytest.mark.parametrize("fmt, tokens", [
    ("markdown", ["*", "**", "_", "~~", "`", "```", "\n", "\n\n", "\r\n", "[", "]", "(", ")",
                  "![", "<", ">", "<!--", "-->", "&amp;", "&", "# ", "- ", "1. ", "> ", "|",
                  "|---|", "\\", "word", "3%", "$5m", " ", "http://x.y/1", "[^1]", "---",
                  "<b>", "\r", "€"]),
    ("html", ["<p>", "</p>", "<b>", "</b>", "<script>", "</script>", "<!--", "-->", "&amp;",
              "&euro;", "&#8364;", "&#x20ac", "&", "<", ">", "word", " ", "\n", "\r\n",
              "<br/>", "<head>", "</head>", "<title>", "</title>", "<![CDATA[", "]]>", "3%",
              "<a href='1'>", "<svg>", "</svg>"]),
])
def test_random_markup_never_breaks_the_offset_contract(fmt, tokens):
    import random
    rng = random.Random(1234)
    for _ in range(300):
        doc = "x" + "".join(rng.choice(tokens) for _ in range(rng.randint(0, 30)))
        src = source_from_text(doc, format=fmt)
        check_offsets_shape(src)
        if fmt == "markdown":
            assert src.prose.count("\n") >= doc.count("\n")


def test_directory_whose_documents_were_already_given_is_not_an_error(tmp_path):
    d = tmp_path / "d"
    d.mkdir()
    (d / "only.md").write_text("x 1\n", encoding="utf-8")
    assert list(iter_paths([str(d / "only.md"), str(d), str(d)])) == [str(d / "only.md")]


@pytest.mark.parametrize("text, prose", [
    ("**_bold italic_** and *_x_* $5 million", "bold italic and x $5 million"),
    ("*_" * 5000 + " $5 million", " $5 million"),
    ("a_b*c 5*6 _x_ snake_case", "a_bc 5*6 x snake_case"),
    ("x *_* y", "x  y"),
])
def test_mixed_emphasis_runs_are_markup(text, prose):
    """A run of '*' and '_' together is emphasis markup whatever surrounds it (dropped in one
    step, so a megabyte of '*_' is read in milliseconds)."""
    assert source_from_text(text, format="markdown").prose == prose
