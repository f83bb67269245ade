"""Helpers of the web app tests: the app rendered in-process, and its readable texts."""

from __future__ import annotations

from html.parser import HTMLParser

from process_helpers import wait_for  # noqa: F401  (shared, re-exported)


# --- in-process rendering ------------------------------------------------------------------
class Rendered:
    """An app rendered with ``solara.render``, with helpers that act like a user."""

    def __init__(self, session=None):
        import solara

        from simulation.web.app import App
        from simulation.web.state import Session

        self.session = session or Session("de")
        self.box, self.rc = solara.render(App(self.session), handle_error=False)

    def close(self):
        self.session.playing.value = False
        self.rc.close()

    # --- finding ---------------------------------------------------------------------------
    def widgets(self, cls=None, **kwargs):
        import ipyvuetify as v

        return self.rc.find(cls or v.VuetifyWidget, **kwargs).widgets

    def by_class(self, name: str, cls=None):
        """Widgets whose CSS classes include ``name``."""
        import ipyvue

        found = []
        for w in self.all_widgets():
            if isinstance(w, ipyvue.VueWidget):
                classes = (w.class_ or "").split()
            else:  # plain ipywidgets (images, the upload button)
                classes = list(getattr(w, "_dom_classes", ()))
            if name in classes and (cls is None or isinstance(w, cls)):
                found.append(w)
        return found

    def one(self, name: str, cls=None):
        found = self.by_class(name, cls)
        assert len(found) == 1, f"expected one widget with class {name!r}, got {len(found)}"
        return found[0]

    def click(self, name: str):
        import ipyvuetify as v

        self.one(name, v.Btn).click()

    def select_tab(self, label: str):
        """Click the tab labelled ``label`` (the header's views or the planner's tabs)."""
        import ipyvuetify as v

        for tabs in self.all_widgets():
            if not isinstance(tabs, v.Tabs):
                continue
            items = [c for c in tabs.children if isinstance(c, v.Tab)]
            for index, tab in enumerate(items):
                if label in [c for c in tab.children if isinstance(c, str)]:
                    tabs.v_model = index
                    return
        raise AssertionError(f"no tab {label!r}")

    def all_widgets(self):
        """Every widget below the root, including the separate live-run trees."""
        seen, out, todo = set(), [], [self.box]
        while todo:
            w = todo.pop()
            if id(w) in seen:
                continue
            seen.add(id(w))
            out.append(w)
            for attr in ("children", "v_slots"):
                value = getattr(w, attr, None) or []
                for child in value:
                    if isinstance(child, dict):
                        child = child.get("children")
                    if child is None or isinstance(child, (str, dict)):
                        continue
                    todo.append(child)
        return out

    def texts(self) -> list[str]:
        """Every text a user can read: children strings, labels, HTML blocks, tooltips,
        select items, button descriptions."""
        import ipyvuetify as v

        out: list[str] = []
        for w in self.all_widgets():
            if isinstance(w, v.Icon):  # icon names, not text
                continue
            for child in getattr(w, "children", None) or []:
                if isinstance(child, str):
                    out.append(child)
            for attr in ("label", "description", "hint", "placeholder"):
                value = getattr(w, attr, None)
                if isinstance(value, str):
                    out.append(value)
            for attr in ("error_messages", "messages"):
                value = getattr(w, attr, None)
                if isinstance(value, list):
                    out.extend(x for x in value if isinstance(x, str))
                elif isinstance(value, str):
                    out.append(value)
            items = getattr(w, "items", None)
            if isinstance(items, list):
                out.extend(i["text"] for i in items if isinstance(i, dict) and "text" in i)
            title = (getattr(w, "attributes", None) or {}).get("title")
            if isinstance(title, str):
                out.append(title)
            html = getattr(w, "unsafe_innerHTML", None)
            if isinstance(html, str):
                out.extend(html_texts(html))
        return [" ".join(s.split()) for s in out if s and s.strip()]

    def text(self) -> str:
        return "\n".join(self.texts())


class _TextParser(HTMLParser):
    def __init__(self):
        super().__init__()
        self.out: list[str] = []

    def handle_data(self, data):
        if data.strip():
            self.out.append(data)


def html_texts(html: str) -> list[str]:
    parser = _TextParser()
    parser.feed(html)
    return parser.out
