"""Minutes are written in Markdown; the HTML is sanitised with nh3 before any page shows it."""

import markdown
import nh3

ALLOWED_TAGS = {
    "p", "br", "hr", "h2", "h3", "h4", "h5", "h6", "strong", "em", "ul", "ol", "li", "blockquote", "code", "pre",
    "table", "thead", "tbody", "tr", "th", "td", "a",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"scope"}}


def render_markdown(text: str) -> str:
    """Markdown to safe HTML: raw HTML, scripts, event handlers and `javascript:` links are removed.

    Headings start at h2 (`#` becomes h2) because the page around the minutes owns the h1. Minutes keep the
    result in their `html` field (converted when saved).
    """
    html = markdown.markdown(text or "", extensions=["tables", "sane_lists"], output_format="html")
    for level in range(5, 0, -1):
        html = html.replace(f"<h{level}>", f"<h{level + 1}>").replace(f"</h{level}>", f"</h{level + 1}>")
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )
