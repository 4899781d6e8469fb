"""Does charset-normalizer earn its place in reading minutes? Each corpus minute is encoded
the ways minutes arrive (UTF-8, UTF-8 with BOM, Windows-1252, UTF-16 with and without a BOM)
and decoded by minutegen's reader and by charset-normalizer alone; prints how many came back
exactly and the time per document.

    python benchmarks/encodings.py corpus/dev
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from minutegen.errors import InputError
from minutegen.extract.readers import decode_text

ENCODINGS = {
    "utf-8": lambda t: t.encode("utf-8"),
    "utf-8 BOM": lambda t: t.encode("utf-8-sig"),
    "cp1252": lambda t: t.encode("cp1252", "replace"),
    "utf-16 BOM": lambda t: t.encode("utf-16"),
    "utf-16-le no BOM": lambda t: t.encode("utf-16-le"),
    "utf-16-be no BOM": lambda t: t.encode("utf-16-be"),
}


def _normalizer(data: bytes) -> str | None:
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    return None if best is None else str(best)


def _minutegen(data: bytes) -> str | None:
    try:
        return decode_text(data, "x.txt")
    except InputError:
        return None


def main(folder: str) -> None:
    texts = [p.read_text(encoding="utf-8") for p in sorted(Path(folder).glob("*.txt"))]
    print(f"{len(texts)} minutes, {sum(map(len, texts)):,} characters")
    for name, decoder in (("minutegen", _minutegen), ("charset-normalizer", _normalizer)):
        right = total = 0
        elapsed = 0.0
        for label, encode in ENCODINGS.items():
            good = 0
            for text in texts:
                data = encode(text)
                expected = data.decode(label.split()[0].replace("utf-8", "utf-8-sig"))
                start = time.perf_counter()
                got = decoder(data)
                elapsed += time.perf_counter() - start
                good += got is not None and got.lstrip("\ufeff") == expected.lstrip("\ufeff")
            print(f"  {name:18} {label:17} {good}/{len(texts)}")
            right += good
            total += len(texts)
        print(f"{name:20} {right}/{total} exact, {1000 * elapsed / total:.2f} ms per document")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "corpus/dev")
