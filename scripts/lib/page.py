"""What the page check and the performance harness both read from the page,
as WebDriver script bodies."""

# The app has mounted: its controls are there (an expression).
MOUNTED = "document.querySelector('[data-testid=temperature-slider]')"
# Where the header says training runs: "worker" (the page's web worker) or
# "page" (the page's own thread); empty while the session starts.
PLACE = "return document.querySelector('[data-testid=placement]')?.dataset.place || ''"
# Every visible, enabled control, in document order (the array `all`); a
# control is named by its index in this list, or described by `d(el)`.
CONTROLS = ("const all = [...document.querySelectorAll('input, select, button, textarea, a[href]')]"
            ".filter(el => !el.disabled && el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden');")
DESCRIBE = "const d = el => `${el.tagName.toLowerCase()}#${el.dataset.testid || ''}:${(el.closest('label')||el).textContent.trim().slice(0,30)}`;"


def q(testid):
    """The element with `data-testid=testid` (an expression)."""
    return f"document.querySelector('[data-testid={testid}]')"


def text(testid):
    """Its trimmed text (a script body)."""
    return f"return ({q(testid)}?.textContent || '').trim()"
