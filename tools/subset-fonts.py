#!/usr/bin/env python3
"""Makes the social-card fonts of the default theme (themes/default/fonts/) from Debian's Noto
packages, subset to what cards need, without hinting (cards are rendered at 30-60 px).

    apt-get install fonts-noto-core fonts-noto-cjk
    python3 -m venv /tmp/ft && /tmp/ft/bin/pip install fonttools==4.68.0
    /tmp/ft/bin/python tools/subset-fonts.py

Latin (with Greek and Cyrillic) and Arabic keep every character their fonts have, in regular and
bold; Chinese, in bold only, keeps the 6,763 characters of GB 2312 (taken from Python's own
gb2312 codec, so no list needs downloading; level 1 alone, 3,755 characters, lacks place names
such as 圳 of 深圳), kana and CJK punctuation. The same inputs (and fonttools 4.68.0) give the
same bytes: the source fonts' timestamps are kept. A character no font covers is a located
warning at build time, naming the page.
"""
import os
import sys

from fontTools import subset
from fontTools.ttLib import TTCollection, TTFont

NOTO = "/usr/share/fonts/truetype/noto"
CJK = "/usr/share/fonts/opentype/noto"
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "themes", "default", "fonts")
CJK_SC = 2  # index of "Noto Sans CJK SC" in Debian's NotoSansCJK-*.ttc


def gb2312():
    """GB 2312 rows 16-87: its 6,763 characters (level 1, the 3,755 most common, and level 2)."""
    chars = []
    for row in range(0xB0, 0xF8):
        for cell in range(0xA1, 0xFF):
            try:
                chars.append(bytes([row, cell]).decode("gb2312"))
            except UnicodeDecodeError:
                pass  # rows 55 and 87 end early
    return chars


def cjk_text():
    ranges = [
        (0x3000, 0x303F),  # CJK symbols and punctuation
        (0x3040, 0x30FF),  # hiragana, katakana
        (0xFF01, 0xFF5E),  # full-width forms
        (0x2010, 0x2027),  # dashes, quotes, ellipsis
        (0x00B7, 0x00B7),
    ]
    chars = gb2312()
    for a, b in ranges:
        chars.extend(chr(c) for c in range(a, b + 1))
    return "".join(chars)


def options():
    o = subset.Options()
    o.hinting = False  # cards are rasterised unhinted
    o.desubroutinize = False
    o.layout_features = ["*"]  # Arabic joining, ligatures, mark positioning, kerning
    o.name_IDs = [0, 1, 2, 3, 4, 5, 6, 13, 14]  # keep copyright, licence and names
    o.notdef_outline = True
    o.drop_tables += ["DSIG"]
    return o


def run(font, out, unicodes=None, text=None):
    s = subset.Subsetter(options())
    s.populate(unicodes=unicodes or [], text=text or "")
    s.subset(font)
    font.save(os.path.join(OUT, out))
    print(f"{out}: {os.path.getsize(os.path.join(OUT, out)):,} bytes")


def main():
    os.makedirs(OUT, exist_ok=True)
    latin = list(range(0x20, 0x250)) + list(range(0x370, 0x530)) + list(range(0x1E00, 0x1F00)) + list(
        range(0x2000, 0x20CF)) + [0x2116, 0x2122, 0x2190, 0x2192, 0x2212, 0x25CC]
    arabic = list(range(0x600, 0x700)) + list(range(0x750, 0x780)) + list(range(0x8A0, 0x900)) + list(
        range(0xFB50, 0xFE00)) + list(range(0xFE70, 0xFF00)) + [0x20, 0xA0, 0x200C, 0x200D, 0x200E, 0x200F, 0x25CC]
    for weight in ("Regular", "Bold"):
        run(TTFont(f"{NOTO}/NotoSans-{weight}.ttf", recalcTimestamp=False), f"NotoSans-{weight}.ttf", unicodes=latin)
        run(TTFont(f"{NOTO}/NotoSansArabic-{weight}.ttf", recalcTimestamp=False), f"NotoSansArabic-{weight}.ttf", unicodes=arabic)
    # Chinese in one weight: 3 MB each, and the title (the card's main text) is bold; the
    # smaller lines differ by size and colour
    cjk = TTCollection(f"{CJK}/NotoSansCJK-Bold.ttc", recalcTimestamp=False).fonts[CJK_SC]
    run(cjk, "NotoSansSC-Bold.otf", text=cjk_text())


if __name__ == "__main__":
    sys.exit(main())
