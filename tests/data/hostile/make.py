"""Writes the small hostile files of this folder, their .expect and assets/ (run this file)."""
import io
import random
from pathlib import Path

from PIL import Image

OUT = Path(__file__).resolve().parent
HEAD = "format: briefing/1\ntitle: Hostile input\nas_of: 2024-01-19\n"
SEC = "sections:\n  - {kind: summary, title: Bottom line, text: Nothing here.}\n"
OK = HEAD + SEC


def marked(text):
    i = text.index("¦")
    line = text.count("\n", 0, i) + 1
    col = i - (text.rfind("\n", 0, i) + 1) + 1
    return text.replace("¦", "", 1), f"{line}:{col}"


CASES = {}


def case(name, text, path, message, comment=None, raw=None, where=None):
    """text with one '¦' marks the expected location; raw bytes with `where` given by hand."""
    if raw is None:
        body, loc = marked(text) if "¦" in text else (text, "-")
        data = body.encode("utf-8")
    else:
        data, loc = raw, where or "-"
    CASES[name] = (data, [f"{loc} | {path or '-'} | {message}"], comment)


def valid(name, data, comment):
    CASES[name] = (data, None, comment)


# -- empty and not-a-mapping -------------------------------------------------------------------
case("empty", "", "", "the file is empty", "0 bytes")
case("only-comments", "# a briefing\n# to be written\n", "", "the file is empty", "comments only")
case("only-whitespace", "\n\n   \n\n", "", "the file is empty", "blank lines only")
case("only-document-marker", "---\n", "", "the file is empty", "a bare '---'")
case("top-level-list", "¦- format: briefing/1\n- title: A list\n", "", "the top level is a list",
     "a list where the mapping should be")
case("top-level-scalar", "¦Just a sentence, not a briefing.\n", "", "the top level is a single value",
     "one line of text")
case("top-level-number", "¦42\n", "", "the top level is a single value", "a number")
case("top-level-null", "¦~\n", "", "the top level is a single value", "null")
case("flow-list-at-top", "¦[format, title, sections]\n", "", "the top level is a list", "flow list")
# -- YAML syntax ---------------------------------------------------------------------------------
case("tab-indent", HEAD + "sections:\n¦\t- {kind: summary, title: T, text: x}\n", "",
     "indent with spaces, not tabs", "a tab before the dash")
case("tab-indent-mapping", HEAD + "sections:\n  - kind: summary\n¦\ttitle: T\n", "",
     "indent with spaces, not tabs", "a tab inside a block mapping")
case("indent-too-deep", HEAD + "sections:\n  - kind: summary\n     title¦: T\n", "",
     "fix the indentation", "a key indented further than its siblings")
case("indent-too-shallow", HEAD + "sections:\n  - kind: summary\n   ¦title: T\n", "",
     "did not find expected '-' indicator", "a key indented less than its siblings")
case("indented-top-key", HEAD + " subtitle¦: x\n" + SEC, "", "fix the indentation", "a top-level key indented by one space")
case("unclosed-double-quote", HEAD + 'subtitle: "Balochistan strikes\n' + SEC + "¦", "",
     "a quote is not closed", "a double quote never closed")
case("unclosed-single-quote", HEAD + "subtitle: 'Balochistan strikes\n" + SEC + "¦", "",
     "a quote is not closed", "a single quote never closed")
case("unclosed-bracket", HEAD + "sections: [{kind: summary, title: T, text: x}\n¦", "",
     "close the bracket, or add the missing comma", "flow list without ]")
case("unclosed-brace", HEAD + "sections: [{kind: summary, title: T, text: x¦]\n", "",
     "close the bracket, or add the missing comma", "flow mapping without }")
case("missing-colon", HEAD + "subtitle Balochistan\n¦" + SEC, "",
     "could not find expected ':'", "a key without its colon")
case("colon-in-plain-value", HEAD + "subtitle: Time¦: 14:30 local\n" + SEC, "",
     "put the value in quotes", "': ' inside an unquoted value")
case("at-sign-start", HEAD + "author: ¦@desk\n" + SEC, "", "quote the value",
     "a reserved character starts a plain value")
case("backtick-start", HEAD + "author: ¦`desk`\n" + SEC, "", "quote the value",
     "a backtick starts a plain value")
case("bad-escape", HEAD + 'subtitle: "C:\\new¦\\q"\n' + SEC, "", "backslash starts an escape",
     "an unknown escape in double quotes")
case("surrogate-escape", HEAD + 'subtitle: "bad \\u¦d800"\n' + SEC, "", "escape",
     "a lone surrogate escape (libyaml points just after the \\u)")
case("duplicate-top-key", HEAD + "¦title: Again\n" + SEC, "title", "duplicate key 'title'",
     "title given twice")
case("duplicate-key-in-flow", HEAD + "sections:\n  - {kind: summary, title: T, ¦title: U, text: x}\n",
     "sections[0].title", "duplicate key 'title'", "duplicate key inside {...}")
case("two-documents", OK + "¦---\nformat: briefing/1\n", "", "a briefing is one YAML document",
     "two YAML documents in one file")
case("undefined-alias", HEAD + "subtitle: ¦*nowhere\n" + SEC, "", "every '*name' needs an '&name'",
     "an alias without its anchor")
case("duplicate-anchor", HEAD + "subtitle: &a x\nauthor: ¦&a y\n" + SEC, "",
     "the anchor is defined twice", "the same anchor twice")
case("merge-key", HEAD + "sections:\n  - ¦<<: {kind: summary}\n    title: T\n    text: x\n",
     "sections[0].<<", "merge keys", "a YAML merge key")
case("yaml-2-directive", "¦%YAML 2.0\n---\n" + OK, "", "incompatible YAML document",
     "a YAML version this reader does not know")
case("complex-key", HEAD + "? ¦[a, b]\n: x\n" + SEC, "", "a key must be a plain word",
     "a list used as a key")
case("control-character", HEAD + "subtitle: bell¦\x07\n" + SEC, "", "U+0007 is not allowed",
     "a control character in the text")
case("control-character-after-unicode", HEAD + "subtitle: Sīstān-Balūchestān ☂¦\x1b\n" + SEC, "",
     "U+001B is not allowed", "column counted in characters after non-ASCII text")
# -- bytes ------------------------------------------------------------------------------------------
case("nul-bytes", None, "", "binary file", "NUL bytes", raw=OK.encode()[:40] + b"\x00\x00" + OK.encode()[40:])
png = io.BytesIO()
Image.new("RGB", (4, 4), "red").save(png, "PNG")
case("png-renamed-yaml", None, "", "binary file", "a PNG saved as .yaml", raw=png.getvalue())
case("gzip-renamed-yaml", None, "", "binary file", "gzip data",
     raw=b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03" + bytes(range(1, 30)) + b"\x00\x00")
case("latin1", None, "", "not UTF-8 text (byte 0xe8)", "Latin-1 accented letter",
     raw=(HEAD + "subtitle: Cr\xe8me de la cr\xe9me\n" + SEC).encode("latin-1"), where="4:13")
case("cp1252-quotes", None, "", "not UTF-8 text (byte 0x93)", "Windows smart quotes",
     raw=(HEAD + "subtitle: \x93quoted\x94\n").encode("latin-1") + SEC.encode(), where="4:11")
case("utf16-bom", None, "", "UTF-16", "UTF-16 with its byte-order mark", raw=OK.encode("utf-16"))
case("utf16-no-bom", None, "", "binary file", "UTF-16 without a BOM is full of NUL bytes",
     raw=OK.encode("utf-16-le"))
case("truncated-utf8", None, "", "not UTF-8 text (byte 0xe2)", "a multi-byte character cut off",
     raw=OK.encode() + b"# \xe2\x98", where="6:3")
random.seed(8)
case("random-bytes", None, "", "not UTF-8 text", "random high bytes",
     raw=bytes(random.randrange(128, 256) for _ in range(512)), where="1:1")
valid("bom-accepted", b"\xef\xbb\xbf" + OK.encode(), "a UTF-8 byte-order mark is accepted")
valid("crlf-accepted", OK.replace("\n", "\r\n").encode(), "Windows line ends are accepted")
valid("unicode-accepted", (HEAD.replace("Hostile input", "Ирано-пакистанский кризис — 🇮🇷🇵🇰")
                           + "subtitle: 'بلوچستان'\n" + SEC).encode(), "any Unicode text is accepted")
# -- unsafe tags ---------------------------------------------------------------------------------------
case("python-object-apply", "¦!!python/object/apply:os.system ['echo owned > /tmp/owned']\n", "",
     "'!!python/object/apply:os.system' is not allowed", "the classic code-execution tag")
case("python-object-in-value", HEAD + "subtitle: ¦!!python/object/apply:os.system ['id']\n" + SEC,
     "subtitle", "is not allowed in a briefing file", "code execution inside a field")
case("python-name", HEAD + "theme: ¦!!python/name:os.system\n" + SEC, "theme",
     "'!!python/name:os.system' is not allowed", "a reference to a Python function")
case("python-module", HEAD + "author: ¦!!python/module:os\n" + SEC, "author",
     "'!!python/module:os' is not allowed", "a module import")
case("python-object-new", HEAD + "sections:\n  - ¦!!python/object/new:subprocess.Popen\n    args: [[id]]\n",
     "sections[0]", "is not allowed", "object construction in a section")
case("python-tuple-in-chart", HEAD + "sections:\n  - kind: chart\n    title: C\n    chart:\n      type: column\n"
     "      categories: ¦!!python/tuple [a, b]\n      series: [{name: s, values: [1, 2]}]\n",
     "sections[0].chart.categories", "'!!python/tuple' is not allowed", "a tuple tag")
case("local-tag", HEAD + "subtitle: ¦!secret value\n" + SEC, "subtitle", "'!secret' is not allowed",
     "an application-specific tag")
case("binary-tag", HEAD + "subtitle: ¦!!binary aGVsbG8=\n" + SEC, "subtitle", "'!!binary' is not allowed",
     "embedded binary data")
case("set-tag", HEAD + "markings: ¦!!set {PUBLIC, INTERNAL}\n" + SEC, "markings", "'!!set' is not allowed",
     "a set instead of a list")
case("omap-tag", HEAD + "sections: ¦!!omap\n  - a: 1\n", "sections", "'!!omap' is not allowed",
     "an ordered-map tag")
case("tag-on-key", HEAD + "¦!!python/name:os.system : x\n" + SEC, "",
     "'!!python/name:os.system' is not allowed", "an unsafe tag on a key")
case("verbatim-tag", HEAD + "subtitle: ¦!<tag:example.com,2024:x> y\n" + SEC, "subtitle",
     "'tag:example.com,2024:x' is not allowed", "a verbatim global tag")
# -- aliases ----------------------------------------------------------------------------------------------
lol = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
for i in range(1, 9):
    lol.append(f"a{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * 9) + "]")
bomb = "\n".join(lol) + "\n"
bline = bomb.splitlines()[5]
case("alias-bomb", bomb.replace(bline, bline[:4] + "¦" + bline[4:]), "",
     "would expand to more than 100,000 values", "billion laughs: 9 levels of 9")
mb = HEAD + "x0: &x0 {a: 1, b: 2, c: 3, d: 4, e: 5, f: 6, g: 7, h: 8}\n"
for i in range(1, 7):
    mb += f"x{i}: &x{i} {{a: *x{i - 1}, b: *x{i - 1}, c: *x{i - 1}, d: *x{i - 1}, e: *x{i - 1}, f: *x{i - 1}, g: *x{i - 1}, h: *x{i - 1}}}\n"
mbl = mb.splitlines()[8]
case("alias-bomb-mappings", mb.replace(mbl, mbl[:4] + "¦" + mbl[4:]), "",
     "would expand to more than 100,000 values", "the same with mappings")
case("alias-loop", "a: ¦&a [1, *a]\n", "", "endless loop", "a list that contains itself")
case("alias-loop-mapping", HEAD + "sections: ¦&s\n  - {kind: summary, title: T, text: x, more: *s}\n", "",
     "endless loop", "a section list that contains itself")
# -- nesting ------------------------------------------------------------------------------------------------
deep = HEAD + "sections: " + "[" * 63 + "¦[" + "]" * 64 + "\n"
case("deep-flow-65", deep, "sections[0]*", "nested more than 64 levels",
     "65 levels: the top mapping and 64 brackets")
blk = HEAD + "sections:\n" + "".join(" " * i + "- " + ("\n" if i < 70 else "x\n") for i in range(1, 71))
lines = blk.split("\n")
tgt = 3 + 1 + 63  # the top mapping, 'sections' and 62 more lists: the next is level 65
lines[tgt] = lines[tgt].replace("- ", "¦- ", 1)
case("deep-block-70", "\n".join(lines), "sections[0]*", "nested more than 64 levels",
     "70 block levels, one per line")
# -- numbers and types -------------------------------------------------------------------------------
CH = HEAD + "sections:\n  - kind: chart\n    title: C\n    chart:\n      type: column\n      categories: [a, b]\n"
case("number-5000-digits", CH + "      series: [{name: s, values: [¦" + "9" * 5000 + ", 1]}]\n",
     "sections[0].chart.series[0].values[0]", "implausibly large", "an integer too long for Python's int()")
case("exponent-overflow", CH + "      series: [{name: s, values: [¦1.0e+999, 1]}]\n",
     "sections[0].chart.series[0].values[0]", "implausibly large", "a float that overflows to inf")
case("negative-infinity-low", CH + "      series: [{name: s, values: [{low: ¦-.inf, high: 3}, 1]}]\n",
     "sections[0].chart.series[0].values[0].low", "not a finite number", "-inf as the low end")
case("nan-high", CH + "      series: [{name: s, values: [{low: 1, high: ¦.NaN}, 1]}]\n",
     "sections[0].chart.series[0].values[0].high", "not a finite number", "NaN as the high end")
case("quoted-number", CH + "      series: [{name: s, values: [¦'9', 1]}]\n",
     "sections[0].chart.series[0].values[0]", "write numbers without quotes", "a number in quotes")
case("boolean-value", CH + "      series: [{name: s, values: [¦yes, 1]}]\n",
     "sections[0].chart.series[0].values[0]", "expected a number, found true/false", "YAML 1.1 'yes'")
case("title-is-list", HEAD.replace("title: Hostile input", "title: ¦[Hostile, input]") + SEC, "title",
     "expected text, found a list", "a list where text belongs")
case("as-of-is-mapping", HEAD.replace("as_of: 2024-01-19", "as_of: ¦{year: 2024}") + SEC, "as_of",
     "expected a date", "a mapping where a date belongs")
case("sources-is-text", HEAD + "sources: ¦s1, s2\n" + SEC, "sources", "expected a list", "text where a list belongs")
case("chart-is-list", HEAD + "sections:\n  - kind: chart\n    title: C\n    chart: ¦[column]\n",
     "sections[0].chart", "expected a mapping", "a list where the chart mapping belongs")
case("values-is-mapping", CH + "      series: [{name: s, values: ¦{a: 1, b: 2}}]\n",
     "sections[0].chart.series[0].values", "expected a list", "a mapping where values belong")
case("include-quoted-yes", HEAD + "sections:\n  - {kind: summary, title: T, text: x, include: ¦'yes'}\n",
     "sections[0].include", "expected true or false, found text 'yes'", "'yes' in quotes is text")
case("kind-empty", HEAD + "sections:\n  - {kind: ¦, title: T, text: x}\n", "sections[0].kind",
     "kind must not be empty", "kind with no value")
case("key-null", HEAD + "¦~: x\n" + SEC, "~", "unknown key '~'", "a null key")
case("key-number", HEAD + "¦1: x\n" + SEC, "1", "unknown key '1'", "a number as a key")
case("series-mismatch-many", CH + "      series: [{name: s, values: ¦[1, 2, 3, 4, 5, 6, 7, 8]}]\n",
     "sections[0].chart.series[0].values", "8 values for 2 categories", "eight values, two categories")
# -- dates ----------------------------------------------------------------------------------------------
case("date-feb-30", HEAD.replace("2024-01-19", "¦2024-02-30") + SEC, "as_of", "not a real calendar date",
     "30 February")
case("date-feb-29-not-leap", HEAD.replace("2024-01-19", "¦2023-02-29") + SEC, "as_of",
     "not a real calendar date", "29 February in a common year")
case("date-quoted-feb-30", HEAD.replace("2024-01-19", "¦'2024-02-30'") + SEC, "as_of",
     "not a real calendar date", "the same in quotes")
case("date-month-13", HEAD.replace("2024-01-19", "¦2024-13-01") + SEC, "as_of", "not a real calendar date",
     "month 13")
case("datetime-hour-25", HEAD.replace("2024-01-19", "¦2024-01-19T25:00:00Z") + SEC, "as_of",
     "not a real calendar date or time", "hour 25")
case("date-year-zero", HEAD.replace("2024-01-19", "¦0000-01-01") + SEC, "as_of",
     "not a real calendar date", "year 0")
case("date-as-number", HEAD.replace("2024-01-19", "¦20240119") + SEC, "as_of", "expected a date",
     "a date without dashes")
# -- format version --------------------------------------------------------------------------------
case("format-number", HEAD.replace("briefing/1", "¦1") + SEC, "format", "unsupported format '1'",
     "version as a bare number")
case("format-minor", HEAD.replace("briefing/1", "¦briefing/1.1") + SEC, "format",
     "unsupported format 'briefing/1.1'", "a minor version this reader does not know")
case("format-other-app", HEAD.replace("briefing/1", "¦openapi/3") + SEC, "format",
     "unsupported format 'openapi/3'", "another application's file")
case("format-missing", "¦" + HEAD.replace("format: briefing/1\n", "") + SEC, "format",
     "required key 'format' is missing", "no format line")
# -- sizes (small files) ----------------------------------------------------------------------------
case("title-3000-chars", HEAD.replace("title: Hostile input", "title: ¦" + "x" * 3000) + SEC, "title",
     "3,000 characters; the limit here is 2,000", "an absurdly long title")
case("categories-600", HEAD + "sections:\n  - kind: chart\n    title: C\n    chart:\n      type: column\n"
     "      categories: ¦[" + ", ".join(f"c{i}" for i in range(600)) + "]\n"
     "      series: [{name: s, values: [" + ", ".join("1" for _ in range(600)) + "]}]\n",
     "sections[0].chart.categories", "600 categories; the limit is 500", "600 categories")
case("columns-60", HEAD + "sections:\n  - kind: table\n    title: T\n    table:\n"
     "      columns: ¦[" + ", ".join(f"c{i}" for i in range(60)) + "]\n      rows: []\n",
     "sections[0].table.columns", "60 columns; the limit is 50", "a 60-column table")
case("image-path-3000-chars", HEAD + "sections:\n  - kind: image\n    title: I\n    image: {path: ¦"
     + "a" * 3000 + ".png}\n", "sections[0].image.path", "the limit here is 2,000", "a path too long for the OS")
# -- images (assets/ beside these files) ---------------------------------------------------------
IMG = HEAD + "sections:\n  - kind: image\n    title: Picture\n    image: {path: ¦%s, alt: A picture}\n"
for name, rel, msg, comment in (
    ("image-missing", "assets/not-there.png", "not found next to the briefing", "no such file"),
    ("image-outside-folder", "../invalid/missing-title.yaml", "lies outside the briefing's folder",
     "a file in a sibling folder"),
    ("image-dotdot-escape", "assets/../../conftest.py", "lies outside the briefing's folder",
     "'..' that climbs out through a subfolder"),
    ("image-absolute", "/etc/passwd", "is an absolute path", "an absolute path"),
    ("image-home", "~/picture.png", "is an absolute path", "a home-relative path"),
    ("image-directory", "assets", "is a folder, not an image", "a folder"),
    ("image-not-an-image", "assets/not-an-image.png", "is not an image Briefing Desk can read",
     "text saved with a .png name"),
    ("image-truncated-png", "assets/truncated.png", "is damaged or cut short", "a PNG cut in half"),
    ("image-truncated-jpeg", "assets/truncated.jpg", "is damaged or cut short", "a JPEG cut in half"),
    ("image-empty-file", "assets/empty.png", "is an empty file", "0 bytes"),
    ("image-webp", "assets/picture.webp", "is a WEBP image, which the exports cannot embed",
     "a format the exporters cannot embed"),
    ("image-yaml-as-image", "assets/../only-comments.yaml", "is not an image Briefing Desk can read",
     "a YAML file given as the image"),
):
    case(name, IMG % rel, "sections[0].image.path", msg, comment)
case("image-nul-in-path", IMG % '"assets/good\\0.png"', "sections[0].image.path", "NUL character",
     "an escaped NUL byte in the path")
valid("image-good-png", (IMG % "assets/good.png").replace("¦", "").encode(), "a real PNG is accepted")
valid("image-good-jpeg", (IMG % "assets/good.jpg").replace("¦", "").encode(), "a real JPEG is accepted")


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    for p in [*OUT.glob("*.yaml"), *OUT.glob("*.expect")]:
        p.unlink()
    for name, (data, expects, comment) in CASES.items():
        (OUT / f"{name}.yaml").write_bytes(data)
        head = f"# {comment}\n" if comment else ""
        body = "valid\n" if expects is None else "".join(e + "\n" for e in expects)
        (OUT / f"{name}.expect").write_text(head + body, encoding="utf-8")
    assets = OUT / "assets"
    assets.mkdir(exist_ok=True)
    rng = random.Random(1)
    noise = Image.frombytes("RGB", (64, 64), bytes(rng.randrange(256) for _ in range(64 * 64 * 3)))
    b = io.BytesIO(); noise.save(b, "PNG"); full_png = b.getvalue()
    b = io.BytesIO(); noise.save(b, "JPEG", quality=80); full_jpg = b.getvalue()
    small = Image.new("RGB", (16, 12), (30, 90, 160))
    b = io.BytesIO(); small.save(b, "PNG"); (assets / "good.png").write_bytes(b.getvalue())
    b = io.BytesIO(); small.save(b, "JPEG"); (assets / "good.jpg").write_bytes(b.getvalue())
    b = io.BytesIO(); small.save(b, "WEBP"); (assets / "picture.webp").write_bytes(b.getvalue())
    (assets / "truncated.png").write_bytes(full_png[: len(full_png) // 2])
    (assets / "truncated.jpg").write_bytes(full_jpg[: len(full_jpg) // 2])
    (assets / "empty.png").write_bytes(b"")
    (assets / "not-an-image.png").write_text("This is a text file with a .png name.\n")
    print(len(CASES), "cases")


main()
