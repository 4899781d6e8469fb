"""How much minutegen will read: the largest input file, and how far a zip package (.docx,
.xlsx) may inflate. Past these, input is refused with one line and exit 2, before the work:
a 1 MB .docx that inflates to gigabytes would otherwise cost minutes and gigabytes of memory.
"""

from __future__ import annotations

# The largest file read (a minute or a table). A whole agenda pack as a PDF is tens of MB.
MAX_FILE_BYTES = 100 * 1024 * 1024
# What a .docx or .xlsx may inflate to: its XML parts together, and all its parts (pictures
# too). A 500-page minute's word/document.xml is under 10 MB; XML past this is a zip bomb.
MAX_INFLATED_XML = 64 * 1024 * 1024
MAX_INFLATED_TOTAL = 256 * 1024 * 1024
# Longer texts (whole agenda packs) are extracted in parts of this many characters.
MAX_CHARS = 200_000


def _size(count: int) -> str:
    return f"{count / (1024 * 1024):,.0f} MB"


def check_file_size(size: int, name: str) -> None:
    """Refuse a file larger than MAX_FILE_BYTES, by name, before reading it."""
    from .errors import InputError

    if size > MAX_FILE_BYTES:
        raise InputError(
            f"is larger than {_size(MAX_FILE_BYTES)} ({_size(size)}); minutegen reads files up "
            "to that size",
            path=name,
        )


def check_zip_inflation(data: bytes, name: str) -> None:
    """Refuse a zip package (.docx, .xlsx) whose parts would inflate past the limits.

    The sizes come from the zip's directory; zipfile never inflates a part past the size the
    directory gives it (a part that claims less fails its CRC check), so they bound the work.
    """
    import io
    import zipfile

    from .errors import InputError

    try:
        infos = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return  # not a zip: the format's own reader says what is wrong with it
    total = sum(info.file_size for info in infos)
    xml = sum(info.file_size for info in infos if info.filename.endswith((".xml", ".rels")))
    if xml > MAX_INFLATED_XML or total > MAX_INFLATED_TOTAL:
        raise InputError(
            f"would inflate to {_size(total)} ({_size(xml)} of XML) from {_size(len(data))}; "
            f"minutegen inflates at most {_size(MAX_INFLATED_XML)} of XML and "
            f"{_size(MAX_INFLATED_TOTAL)} in all",
            path=name,
        )
