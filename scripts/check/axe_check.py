"""axe-core's accessibility rules on the page as it stands, for the page
check (page_check.py, beside this file), which runs it after the page has
trained and run an experiment, so the charts, tables and results that only
appear then are checked too. axe-core is the exact version scripts/setup.sh
installs into .tools/; WebDriver's execute script puts it in the page
(a script run that way is not subject to the page's Content-Security-Policy).

Fails on any violation of impact serious or critical (rule, help, the first
elements as CSS selectors); counts the minor and moderate ones."""
import os

from lib.webdriver import call

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
AXE = os.path.join(ROOT, ".tools", "node_modules", "axe-core", "axe.min.js")
FAILING = ("serious", "critical")

RUN = """
const r = await axe.run(document, {resultTypes: ['violations']});
return {version: axe.version, violations: r.violations.map(v => ({
  id: v.id, impact: v.impact, help: v.help, count: v.nodes.length,
  targets: v.nodes.slice(0, 4).map(n => n.target.join(' '))}))};
"""


def check(b):
    """The failures (a list of lines) of axe-core's rules in `b`'s page."""
    if not os.path.exists(AXE):
        return [f"no axe-core at {AXE} (scripts/setup.sh installs it)"]
    with open(AXE, encoding="utf-8") as f:
        source = f.read()
    b.js(source + "\n;return typeof window.axe")
    # A big page takes axe some seconds; WebDriver's default is 30.
    call("POST", b.s + "/timeouts", {"script": 120_000})
    result = b.js_async(RUN)
    if not isinstance(result, dict) or "violations" not in result:
        return [f"axe-core did not run: {result!r}"]
    serious = [v for v in result["violations"] if v["impact"] in FAILING]
    minor = [v for v in result["violations"] if v["impact"] not in FAILING]
    failures = [f"axe-core: {v['impact']} {v['id']} on {v['count']} element(s): {v['help']}; "
                f"{', '.join(v['targets'])}" for v in serious]
    print(f"page check: axe-core {result['version']} on the trained page: {len(serious)} serious or critical "
          f"violations, {len(minor)} minor or moderate"
          + (" (" + ", ".join(f"{v['id']} ×{v['count']}" for v in minor) + ")" if minor else ""))
    return failures
