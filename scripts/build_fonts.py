"""Subset Debian's Noto fonts (fonts-noto-core) to the scripts of needsfirst's users, as WOFF2.

Run once when the fonts change; the result is committed under the static folder, so nothing is
fetched at run time and an office PC without these fonts shows no boxes. Needs fontTools with
brotli (`pip install "fonttools[woff]"`) and `apt-get install fonts-noto-core`.

    .venv/bin/python scripts/build_fonts.py
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

SOURCE = Path("/usr/share/fonts/truetype/noto")
TARGET = Path(__file__).resolve().parent.parent / "src/needsfirst/web/static/needsfirst/fonts"
# The same ranges are the unicode-range of each @font-face in needsfirst.css.
RANGES = {
    "NotoSans": "U+0000-024F,U+0300-036F,U+1E00-1EFF,U+2000-206F,U+20AC,U+2122,U+2190-21FF,U+2212",
    "NotoSansArabic": "U+0600-06FF,U+0750-077F,U+08A0-08FF,U+200C-200F,U+FB50-FDFF,U+FE70-FEFF",
    "NotoSansDevanagari": "U+0900-097F,U+1CD0-1CFF,U+200C-200D,U+20B9,U+25CC,U+A8E0-A8FF",
    "NotoSansBengali": "U+0980-09FF,U+200C-200D,U+25CC",
    "NotoSansEthiopic": "U+1200-139F,U+2D80-2DDF,U+AB00-AB2F",
}


def main() -> int:
    TARGET.mkdir(parents=True, exist_ok=True)
    for family, unicodes in RANGES.items():
        for weight in ("Regular", "Bold"):
            source = SOURCE / f"{family}-{weight}.ttf"
            output = TARGET / f"{family}-{weight}.woff2"
            subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "fontTools.subset",
                    str(source),
                    f"--unicodes={unicodes}",
                    "--layout-features=*",
                    "--flavor=woff2",
                    "--no-hinting",
                    "--desubroutinize",
                    f"--output-file={output}",
                ],
                check=True,
            )
            print(f"{output.name}: {output.stat().st_size // 1024} KiB")
    shutil.copy("/usr/share/doc/fonts-noto-core/copyright", TARGET / "LICENSE-Noto-OFL.txt")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
