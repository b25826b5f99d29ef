import re
import subprocess
import zlib


def pdf_text(data: bytes) -> str:
    """The text of a PDF as pdftotext reads it, with runs of white space (a no-break space
    too) made one space: compare with ``plain(...)``."""
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-", "-"], input=data, capture_output=True, check=True
    ).stdout.decode()
    return plain(text)


def plain(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").split())


def pdf_structure(data: bytes) -> str:
    """The structure tree as poppler prints it (empty when the PDF is not tagged)."""
    import tempfile

    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(data)
        handle.flush()
        return subprocess.run(
            ["pdfinfo", "-struct", handle.name], capture_output=True, check=True
        ).stdout.decode()


def pdf_objects(data: bytes) -> bytes:
    """The PDF with its compressed streams unpacked, to look for dictionary entries."""
    parts = [data]
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", data, re.S):
        try:
            parts.append(zlib.decompress(match.group(1)))
        except zlib.error:
            continue
    return b"\n".join(parts)
