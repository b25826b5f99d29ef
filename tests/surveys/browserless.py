"""Read a form from HTML as a browser would send it: no JavaScript, just the HTML rules.

Used where a test sends a page's form again (the resident clicks Versturen once more), and to
check that a re-shown form holds exactly what was sent.
"""

from __future__ import annotations

from html.parser import HTMLParser


class _FormReader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.fields: list[tuple[str, str]] = []
        self._textarea: str | None = None
        self._text: list[str] = []
        self._in_form = False

    def handle_starttag(self, tag, attrs) -> None:
        attributes = dict(attrs)
        if tag == "form":
            self._in_form = True
        elif not self._in_form:
            return
        elif tag == "input":
            kind = (attributes.get("type") or "text").lower()
            name = attributes.get("name")
            if not name or kind in ("submit", "button", "image", "file", "reset"):
                return
            if kind in ("radio", "checkbox") and "checked" not in attributes:
                return
            self.fields.append((name, attributes.get("value") or ""))
        elif tag == "textarea":
            self._textarea = attributes.get("name")
            self._text = []

    def handle_data(self, data) -> None:
        if self._textarea is not None:
            self._text.append(data)

    def handle_endtag(self, tag) -> None:
        if tag == "form":
            self._in_form = False
        elif tag == "textarea" and self._textarea is not None:
            text = "".join(self._text)
            # HTML drops one newline right after <textarea>.
            self.fields.append((self._textarea, text[1:] if text.startswith("\n") else text))
            self._textarea = None


def form_fields(html: str) -> dict[str, list[str]]:
    """The (first) form's successful controls: name → values, in document order."""
    reader = _FormReader()
    reader.feed(html)
    fields: dict[str, list[str]] = {}
    for name, value in reader.fields:
        fields.setdefault(name, []).append(value)
    return fields


def form_post(html: str) -> dict[str, str | list[str]]:
    """The form as a POST body for Django's test client (lists for repeated names)."""
    return {
        name: values if len(values) > 1 else values[0] for name, values in form_fields(html).items()
    }
