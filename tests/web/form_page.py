"""What a browser would send back from a page's schema form: every input, the checked radio, the chosen option."""

from __future__ import annotations

from html.parser import HTMLParser


class _FormFields(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.values: dict[str, str] = {}
        self.labels: dict[str, str] = {}  # for= -> label text
        self.ids: dict[str, dict] = {}  # id -> attributes of every element with an id
        self._textarea: str | None = None
        self._select: str | None = None
        self._label: str | None = None
        self._in_form = False

    def handle_starttag(self, tag: str, attrs: list) -> None:
        a = {k: (v if v is not None else "") for k, v in attrs}
        if "id" in a:
            self.ids[a["id"]] = {"tag": tag, **a}
        if tag == "label" and "for" in a:
            self._label = a["for"]
            self.labels[a["for"]] = ""
        if tag == "form" and "schema-form" in a.get("class", ""):
            self._in_form = True
        if not self._in_form:
            return
        name = a.get("name")
        if tag == "input" and name and a.get("type") != "submit":
            if a.get("type") == "radio":
                self.values.setdefault(name, None)
                if "checked" in a:
                    self.values[name] = a.get("value", "")
            else:
                self.values[name] = a.get("value", "")
        elif tag == "textarea":
            self._textarea = name
            self.values[name] = ""
        elif tag == "select":
            self._select = name
            self.values.setdefault(name, "")
        elif tag == "option" and self._select and "selected" in a:
            self.values[self._select] = a.get("value", "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None
        elif tag == "label":
            self._label = None
        elif tag == "form":
            self._in_form = False

    def handle_data(self, data: str) -> None:
        if self._textarea:
            self.values[self._textarea] += data
        if self._label:
            self.labels[self._label] += data


def parse(html: str) -> _FormFields:
    parser = _FormFields()
    parser.feed(html)
    # A browser drops the one newline that follows <textarea>.
    return parser


def form_values(html: str) -> dict[str, str]:
    """The fields as the browser sends them (a radio nobody chose is not sent)."""
    values = parse(html).values
    result = {}
    for name, value in values.items():
        if value is None:
            continue
        result[name] = value[1:] if value.startswith("\n") and _is_textarea(html, name) else value
    result.pop("csrf_token", None)
    return result


def _is_textarea(html: str, name: str) -> bool:
    return f'name="{name}" rows=' in html
