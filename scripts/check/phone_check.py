#!/usr/bin/env python3
"""The served release page on touch screens, in headless Chromium emulating
a phone (360 × 740 and 390 × 844) and a tablet (820 × 1180): touch events,
(pointer: coarse), a narrow layout viewport. At each size it checks that

- the page never scrolls sideways (wide tables and charts scroll or scale
  inside their panel), and the header's line on where training runs is
  inside the screen;
- every control is a tap target of at least 44 × 44 CSS pixels (a checkbox
  or radio button counts with its label; links inside running text are
  exempt, as in WCAG 2.5.8);
- a finger can do what a mouse does: draw a digit on the pad (touch events
  through WebDriver's input pipeline; the drawing is classified and the page
  does not scroll under the finger), move the temperature slider, and read
  a chart's tooltip by tapping a mark.

usage: phone_check.py URL [SHOT_FOLDER]
With SHOT_FOLDER, saves screenshot-phone.png (390 × 844) and
screenshot-tablet.png (820 × 1180) there after ten seconds of ?demo training.
"""
import base64, os, sys, time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from lib.page import CONTROLS, DESCRIBE, MOUNTED  # noqa: E402
from lib.webdriver import Browser, call, settles  # noqa: E402

SIZES = [("phone", 360, 740), ("phone", 390, 844), ("tablet", 820, 1180)]
MIN_TAP = 44

# The page's width against the screen's; if wider, the outermost elements
# that stick out (inside a box that scrolls sideways on its own is fine).
OVERFLOW = """
const w = document.documentElement.clientWidth;
const scrolls = el => { for (let p = el.parentElement; p; p = p.parentElement) {
  if (['auto', 'scroll', 'hidden'].includes(getComputedStyle(p).overflowX)) return true; } return false; };
const out = [...document.querySelectorAll('body *')].filter(el => {
  const r = el.getBoundingClientRect(); return r.width > 0 && r.right > w + 1 && !scrolls(el); });
const outer = out.filter(el => !out.includes(el.parentElement));
const name = el => `${el.tagName.toLowerCase()}.${el.className.baseVal ?? el.className}[${el.dataset.testid || ''}]`;
// Text wider than its box (an unbreakable word) sticks out with no element's box showing it.
const texts = [], walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
for (let n; (n = walker.nextNode());) {
  const range = document.createRange(); range.selectNodeContents(n);
  const r = range.getBoundingClientRect();
  if (r.width > 0 && r.right > w + 1 && !scrolls(n)) texts.push(`text ${JSON.stringify(n.textContent.slice(0, 40))} in ${name(n.parentElement)} right=${Math.round(r.right)}`);
}
return {page: document.documentElement.scrollWidth, screen: w,
  out: outer.slice(0, 6).map(el => `${name(el)} right=${Math.round(el.getBoundingClientRect().right)}`).concat(texts.slice(0, 6))};
"""

# Controls smaller than a finger: a checkbox or radio button measured with
# its label, links in running text left out.
SMALL = CONTROLS + DESCRIBE + f"""
return all.filter(el => !(el.tagName === 'A' && !el.classList.contains('button'))).map(el => {{
  const target = ['checkbox', 'radio'].includes(el.type) ? (el.closest('label') || el) : el;
  const r = target.getBoundingClientRect();
  return [d(el), Math.round(r.width), Math.round(r.height)];
}}).filter(([, w, h]) => w < {MIN_TAP} - 0.5 || h < {MIN_TAP} - 0.5);
"""


def mounted(js):
    return settles(js, MOUNTED, 90)


def rect(js, selector):
    """The element's centre and size in viewport pixels, scrolled into the middle of the screen."""
    return js(f"const el = document.querySelector({selector!r}); el.scrollIntoView({{block: 'center'}});"
              "const r = el.getBoundingClientRect(); return [r.left + r.width / 2, r.top + r.height / 2, r.width, r.height]")


def tap(b, x, y):
    b.touch([{"type": "pointerMove", "x": round(x), "y": round(y), "duration": 0},
             {"type": "pointerDown", "button": 0}, {"type": "pause", "duration": 50}, {"type": "pointerUp", "button": 0}])


def check_layout(b, name, width):
    failures = []
    o = b.js(OVERFLOW)
    if o["page"] > o["screen"]:
        failures.append(f"{name} {width} px: the page scrolls sideways ({o['page']} px wide on a {o['screen']} px screen): {o['out']}")
    right = b.js("return document.querySelector('[data-testid=backend]').getBoundingClientRect().right")
    if right > o["screen"] + 1:
        failures.append(f"{name} {width} px: the header's backend line is cut off (its right edge at {right:.0f} px)")
    small = b.js(SMALL)
    if small:
        failures.append(f"{name} {width} px: {len(small)} controls smaller than {MIN_TAP} × {MIN_TAP} px: {small[:6]}")
    print(f"phone check: {name} {width} px: page {o['page']} px wide on a {o['screen']} px screen; "
          f"{b.js(CONTROLS + 'return all.length')} controls, {len(small)} below {MIN_TAP} px")
    return failures


def check_touch_drawing(b, name, width):
    js = b.js
    js("const s = document.querySelector('[data-testid=dataset-kind]'); s.value = 'digits'; s.dispatchEvent(new Event('change', {bubbles: true}))")
    if not settles(js, "document.querySelector('[data-testid=draw-pad]')", 20):
        return [f"{name} {width} px: no drawing pad after choosing the digits"]
    time.sleep(1)  # the digits' views replace the 2-D ones above the pad
    x, y, w, h = rect(js, "[data-testid=draw-pad]")
    # Had the browser taken the finger for a scroll, it would cancel the pad's pointer.
    js("window.__cancelled = 0; document.querySelector('[data-testid=draw-pad]').addEventListener('pointercancel', () => window.__cancelled++)")
    # A "7": a stroke across the top, then down to the left.
    stroke = [(x - w * .3, y - h * .3), (x + w * .3, y - h * .3), (x, y + h * .35)]
    steps = [{"type": "pointerMove", "x": round(stroke[0][0]), "y": round(stroke[0][1]), "duration": 0}, {"type": "pointerDown", "button": 0}]
    for (ax, ay), (bx, by) in zip(stroke, stroke[1:]):
        for i in range(1, 9):
            steps.append({"type": "pointerMove", "x": round(ax + (bx - ax) * i / 8), "y": round(ay + (by - ay) * i / 8), "duration": 16})
    steps.append({"type": "pointerUp", "button": 0})
    b.touch(steps)
    if not settles(js, "document.querySelector('[data-testid=drawn-outputs]')", 20):
        return [f"{name} {width} px: a digit drawn with a finger was not classified"]
    failures = []
    if js("return window.__cancelled"):
        failures.append(f"{name} {width} px: the browser took the finger on the pad for a scroll (pointercancel)")
    said = js("return [...document.querySelectorAll('[data-testid=drawn-outputs] .bar-caption')].map(c => c.textContent)")
    print(f"phone check: {name} {width} px: a digit drawn by touch was classified ({'; '.join(said)})")
    return failures


def check_touch_slider_and_tip(b, name, width):
    js = b.js
    failures = []
    shown = "document.querySelector('[data-testid=temperature-value]').textContent"
    before = js(f"return {shown}")
    x, y, w, _ = rect(js, "[data-testid=temperature-slider]")
    tap(b, x + w * 0.4, y)
    if not settles(js, f"{shown} !== {before!r}", 5):
        failures.append(f"{name} {width} px: a tap on the temperature slider did not move it (T = {before})")
    after = js(f"return {shown}")
    # A tooltip by touch: tap one of the soft-target bars (the digits choose samples of their own).
    tip = "document.querySelector('[data-testid=tap-tip]')?.textContent || ''"
    if not settles(js, "document.querySelector('[data-testid=soft-target-bars] .bar-slot')", 10):
        return failures + [f"{name} {width} px: no soft-target bars to tap"]
    bx, by, _, _ = rect(js, "[data-testid=soft-target-bars] .bar-slot")
    tap(b, bx, by)
    if not settles(js, f"({tip}).startsWith('class ')", 5):
        failures.append(f"{name} {width} px: tapping a bar did not show its value: {js('return ' + tip)!r}")
    print(f"phone check: {name} {width} px: a tap moved T from {before} to {after}; a tapped bar reads {js('return ' + tip)!r}")
    return failures


def screenshot(b, path):
    with open(path, "wb") as f:
        f.write(base64.b64decode(call("GET", b.s + "/screenshot")))
    print(f"phone check: screenshot {path}")


def main():
    url = sys.argv[1]
    shots = sys.argv[2] if len(sys.argv) > 2 else None
    failures = []
    for i, (name, width, height) in enumerate(SIZES):
        with Browser("chromium", port=9527 + i, window=(width, height), phone=True) as b:
            if shots:
                if (width, height) not in [(390, 844), (820, 1180)]:
                    continue
                b.open(url.rstrip("/") + "/?demo")
                if not mounted(b.js):
                    return print("phone check: the app never mounted", file=sys.stderr) or 1
                time.sleep(10)
                b.js("window.scrollTo(0, 0)")
                screenshot(b, os.path.join(shots, f"screenshot-{name}.png"))
                continue
            b.open(url)
            if not mounted(b.js):
                print(f"phone check: {name} {width} px: the app never mounted", file=sys.stderr)
                return 1
            failures += check_layout(b, name, width)
            failures += check_touch_drawing(b, name, width)
            failures += check_touch_slider_and_tip(b, name, width)
            # The digits views are wider than the 2-D ones: the layout again.
            failures += check_layout(b, name + " (digits)", width)
    for f in failures:
        print(f"phone check: {f}", file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
