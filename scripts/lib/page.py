"""What the page check and the performance harness both read from the page,
as WebDriver script bodies."""

# Where the header says training runs: "worker" (the page's web worker) or
# "page" (the page's own thread); empty while the session starts.
PLACE = "return document.querySelector('[data-testid=placement]')?.dataset.place || ''"
