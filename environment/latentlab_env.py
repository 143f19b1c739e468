"""Shared helpers of LatentLab's environment scripts (run-notebooks, integration-tests, kernel-starts).

Runs on Debian's /usr/bin/python3 with jupyter-nbconvert / nbformat; no pip packages.
"""
import glob
import html.parser
import json
import os
import re
import shutil
import subprocess
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
KERNEL_NAME = "latentlab"
JUPYTER_DIR = os.path.join(ROOT, "environment", "kernel", "jupyter")
KERNEL_JSON = os.path.join(JUPYTER_DIR, "kernels", KERNEL_NAME, "kernel.json")
DEFAULT_REPORT = os.path.join(ROOT, "build", "report")
MATHJAX_JS = os.path.join(ROOT, "environment", "mathjax", "tex-svg-full.js")
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
                  "--disable-default-apps", "--disable-extensions"]


def native_env():
    """The process environment every training JVM gets (environment/native-env: NAME=value lines)."""
    out = {}
    for line in open(os.path.join(ROOT, "environment", "native-env")).read().splitlines():
        if line.strip() and not line.startswith("#"):
            k, _, v = line.partition("=")
            out[k.strip()] = v.strip()
    return out


def jupyter_bin():
    return "/usr/bin/jupyter" if os.access("/usr/bin/jupyter", os.X_OK) else (shutil.which("jupyter") or "jupyter")


def python_bin():
    return "/usr/bin/python3" if os.access("/usr/bin/python3", os.X_OK) else (shutil.which("python3") or "python3")


def chromium_bin():
    for c in ("/usr/bin/chromium", shutil.which("chromium"), shutil.which("chromium-browser"),
              shutil.which("google-chrome")):
        if c and os.access(c, os.X_OK):
            return c
    raise FileNotFoundError("no Chromium found (environment/setup installs the Debian package 'chromium')")


def notebook_env(mode=None):
    """Environment for executing notebooks: the repo's kernelspec first on JUPYTER_PATH, quick mode by default."""
    if not os.path.isfile(KERNEL_JSON):
        raise FileNotFoundError(f"{KERNEL_JSON} is missing: run environment/setup first")
    env = dict(os.environ)
    env["JUPYTER_PATH"] = JUPYTER_DIR + (os.pathsep + env["JUPYTER_PATH"] if env.get("JUPYTER_PATH") else "")
    env["LATENTLAB_MODE"] = mode or env.get("LATENTLAB_MODE") or "quick"
    env.setdefault("LATENTLAB_HOME", ROOT)
    env.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")
    return env


def find_notebooks(folder=None):
    folder = folder or os.path.join(ROOT, "notebooks")
    return sorted(p for p in glob.glob(os.path.join(folder, "*.ipynb")) if not p.endswith("-checkpoint.ipynb"))


class NotebookResult:
    def __init__(self, source, executed, html, ok, seconds, message, code_cells=0, errors=None, mode=None):
        self.source, self.executed, self.html = source, executed, html
        self.ok, self.seconds, self.message = ok, seconds, message
        self.code_cells, self.errors = code_cells, errors or []
        self.mode = mode or os.environ.get("LATENTLAB_MODE") or "quick"
        try:
            self.verdicts = replication_counts(executed) if executed and os.path.isfile(executed) else None
        except ValueError as e:
            self.verdicts, self.ok, self.message = None, False, f"{message}; replication table unreadable: {e}"

    def as_dict(self):
        return {k: getattr(self, k) for k in ("source", "executed", "html", "ok", "seconds", "message",
                                              "code_cells", "errors", "mode", "verdicts")}


VERDICT_CATEGORIES = ("reproduced", "not reproduced", "n/a")
_REPLICATION_ATTR = re.compile(r'data-replication="([^"]*)"')


def replication_counts(nb_path):
    """Verdict counts of the replication table(s) in an executed notebook: {'reproduced': n, 'not reproduced': n,
    'n/a': n} summed over every output carrying org.latentlab.notebook.Replication's data-replication attribute,
    or None when the notebook shows no replication table. ValueError for a malformed attribute."""
    nb = json.load(open(nb_path, encoding="utf-8"))
    found, counts = False, dict.fromkeys(VERDICT_CATEGORIES, 0)
    for cell in nb.get("cells", []):
        for out in cell.get("outputs", []) if cell.get("cell_type") == "code" else []:
            html_text = out.get("data", {}).get("text/html", "")
            html_text = "".join(html_text) if isinstance(html_text, list) else html_text
            for attr in _REPLICATION_ATTR.findall(html_text):
                found = True
                for part in attr.split(";"):
                    k, sep, v = part.partition("=")
                    if not sep or k not in counts or not v.isdigit():
                        raise ValueError(f"{nb_path}: malformed data-replication part {part!r} in {attr!r}")
                    counts[k] += int(v)
    return counts if found else None


def error_outputs(nb_path):
    """(number of code cells, list of 'cell i: Ename: value' for every error output) of a notebook file."""
    nb = json.load(open(nb_path, encoding="utf-8"))
    errs, n = [], 0
    for i, cell in enumerate(nb.get("cells", [])):
        if cell.get("cell_type") != "code":
            continue
        n += 1
        for out in cell.get("outputs", []):
            if out.get("output_type") == "error":
                errs.append(f"cell {i}: {out.get('ename')}: {out.get('evalue')}")
    return n, errs


def execute_notebook(src, out_dir=DEFAULT_REPORT, timeout=1200, mode=None, startup_timeout=120):
    """Execute one notebook headlessly with the LatentLab kernel, sign it and export it to HTML.

    Writes <out_dir>/<name>.ipynb (executed, signed), <name>.html and, on failure, <name>.log (nbconvert's
    output, with the failing cell's traceback). A cell running longer than `timeout` seconds fails the notebook.
    """
    os.makedirs(out_dir, exist_ok=True)
    name = os.path.splitext(os.path.basename(src))[0]
    executed = os.path.join(out_dir, name + ".ipynb")
    html_path = os.path.join(out_dir, name + ".html")
    log_path = os.path.join(out_dir, name + ".log")
    for p in (executed, html_path, log_path):
        if os.path.exists(p):
            os.remove(p)
    env = notebook_env(mode)
    t0 = time.monotonic()
    cmd = [jupyter_bin(), "nbconvert", "--to", "notebook", "--execute",
           f"--ExecutePreprocessor.timeout={int(timeout)}",
           f"--ExecutePreprocessor.startup_timeout={int(startup_timeout)}",
           f"--ExecutePreprocessor.kernel_name={KERNEL_NAME}",
           "--output-dir", out_dir, "--output", name + ".ipynb", src]
    proc = subprocess.run(cmd, env=env, cwd=os.path.dirname(os.path.abspath(src)),
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    seconds = time.monotonic() - t0
    if proc.returncode != 0 or not os.path.isfile(executed):
        with open(log_path, "w") as f:
            f.write(" ".join(cmd) + "\n\n" + proc.stdout)
        return NotebookResult(src, None, None, False, seconds,
                              f"nbconvert --execute exited {proc.returncode}: {summarize_failure(proc.stdout)} "
                              f"(full log: {os.path.relpath(log_path, ROOT)})")
    n, errs = error_outputs(executed)
    if errs:
        return NotebookResult(src, executed, None, False, seconds, "error outputs: " + "; ".join(errs), n, errs,
                              mode=env["LATENTLAB_MODE"])
    sign = subprocess.run([python_bin(), "-m", "nbformat.sign", executed], env=env,
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if sign.returncode != 0:
        return NotebookResult(src, executed, None, False, seconds, "signing failed: " + sign.stdout.strip(), n)
    conv = subprocess.run([jupyter_bin(), "nbconvert", "--to", "html", "--output-dir", out_dir, executed], env=env,
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if conv.returncode != 0 or not os.path.isfile(html_path):
        with open(log_path, "w") as f:
            f.write(conv.stdout)
        return NotebookResult(src, executed, None, False, seconds, "HTML export failed: " + conv.stdout[-500:], n)
    try:
        make_portable(html_path)
    except (OSError, ValueError) as e:
        return NotebookResult(src, executed, None, False, seconds, f"HTML export: {e}", n)
    return NotebookResult(src, executed, html_path, True, seconds, f"{n} code cells, no errors", n,
                          mode=env["LATENTLAB_MODE"])


_MATHJAX_BLOCK = re.compile(r"<!-- Load mathjax -->.*?<!-- End of mathjax configuration -->", re.S)
# MathJax 3 set up as nbconvert sets up MathJax 2 ($…$ and \\(…\\) inline, $$…$$ and \\[…\\] display, \\$ escapes,
# \\begin{…} environments, AMS numbering); when typesetting has finished it marks <html data-mathjax="typeset">, and
# "failed" when it threw, so a browser check can tell "typeset" from "still raw". PlotlyConfig.MathJaxConfig 'local'
# keeps the inlined plotly.js 1.x from configuring MathJax through the version-2 API (MathJax.Hub), which MathJax 3
# lacks ("Cannot read properties of undefined (reading 'Config')").
_MATHJAX_CONFIG = r"""<script>
window.PlotlyConfig = Object.assign(window.PlotlyConfig || {}, {MathJaxConfig: 'local'});
window.MathJax = {
  tex: {inlineMath: [['$', '$'], ['\\(', '\\)']], displayMath: [['$$', '$$'], ['\\[', '\\]']],
        processEscapes: true, processEnvironments: true, tags: 'ams'},
  svg: {fontCache: 'global'},
  startup: {pageReady: function () {
    return MathJax.startup.defaultPageReady().then(
      function () { document.documentElement.setAttribute('data-mathjax', 'typeset'); },
      function (e) { document.documentElement.setAttribute('data-mathjax', 'failed'); console.error('MathJax: ' + e); });
  }}
};
</script>"""


_OTHER_MATHJAX = re.compile(r'<script[^>]*\bsrc="[^"]*mathjax[^"]*"[^>]*>\s*</script>|'
                            r'<script type="text/x-mathjax-config">.*?</script>', re.S | re.I)
_LOCAL_SCRIPT = re.compile(r'<script src="file://(/[^"?#]+)">\s*</script>')


def make_portable(html_path, mathjax_js=MATHJAX_JS):
    """Make an nbconvert HTML export open the same on any computer, offline: the MathJax loader nbconvert writes
    (a <script src> to file:///usr/share/javascript/mathjax on Debian, a CDN elsewhere) is replaced by MathJax 3
    inlined into the page (environment/mathjax/tex-svg-full.js, fetched by environment/setup), and every other
    script the template loads from this machine's disk (Debian: file:///usr/share/javascript/requirejs/
    require.min.js) is inlined too. A page from another template (no nbconvert MathJax block) gets its MathJax
    <script src> and text/x-mathjax-config scripts removed and ours at the end of <head>. Rewrites the file
    atomically. ValueError if MathJax cannot be placed or the page still names a file:// path afterwards, OSError
    if a file to inline is missing."""
    if not os.path.isfile(mathjax_js):
        raise OSError(f"{mathjax_js} is missing: run environment/setup (it fetches MathJax for the reports)")
    page = open(html_path, encoding="utf-8").read()
    block = (f"<!-- MathJax {mathjax_version(mathjax_js)} (tex-svg-full, Apache-2.0), inlined by LatentLab -->\n"
             + _MATHJAX_CONFIG + "\n" + _inline_script(mathjax_js))
    blocks = _MATHJAX_BLOCK.findall(page)
    if len(blocks) == 1:  # nbconvert 6/7's base/mathjax.html.j2: loader and configuration between two comments
        page = _MATHJAX_BLOCK.sub(lambda _: block, page)
    else:  # another template: drop whatever loads or configures MathJax, put ours at the end of <head>
        page = _OTHER_MATHJAX.sub("", page)
        if page.count("</head>") != 1:
            raise ValueError(f"{html_path}: found {len(blocks)} nbconvert MathJax blocks and "
                             f"{page.count('</head>')} </head> tags; cannot place MathJax")
        page = page.replace("</head>", block + "\n</head>")
    page = _LOCAL_SCRIPT.sub(lambda m: f"<!-- {os.path.basename(m.group(1))}, inlined by LatentLab -->\n"
                             + _inline_script(m.group(1)), page)
    if "file://" in page:
        i = page.index("file://")
        raise ValueError(f"{html_path} still references a local path after inlining: {page[i:i + 80]!r}")
    atomic_write(html_path, page)


def _inline_script(path):
    js = open(path, encoding="utf-8").read()
    if "</script" in js.lower():
        raise ValueError(f"{path} contains '</script' and cannot be inlined")
    return "<script>\n" + js + "\n</script>"


def mathjax_version(mathjax_js=MATHJAX_JS):
    v = os.path.join(os.path.dirname(mathjax_js), "VERSION")
    return open(v).read().strip() if os.path.isfile(v) else "3"


def summarize_failure(text):
    """The most telling lines of nbconvert's output: the exception name/message or the timeout."""
    lines = [ln for ln in text.splitlines() if ln.strip()]
    keys = ("CellTimeoutError", "DeadKernelError", "RuntimeError", "Kernel didn't respond", "Error:", "Exception",
            "error:", "CellExecutionError")
    hits = [ln.strip() for ln in lines if any(k in ln for k in keys)]
    picked = hits[-3:] if hits else lines[-3:]
    return " | ".join(picked)[:800]


def write_index(out_dir, results):
    """build/report/index.html and summary.json: per notebook its status, run time, mode and the verdict counts of
    its replication table (reproduced / not reproduced / n/a), linking to the report and its screenshot."""
    rows = []
    for r in results:
        name = os.path.splitext(os.path.basename(r.source))[0]
        link = f'<a href="{name}.html">{name}</a>' if r.html else name
        shot = f' (<a href="{name}.png">screenshot</a>)' if r.html and os.path.isfile(os.path.join(out_dir, name + ".png")) else ""
        status = "ok" if r.ok else "FAILED"
        v = r.verdicts
        cells = ("".join(f'<td class="{c.replace(" ", "-").replace("/", "")}">{v[c]}</td>' for c in VERDICT_CATEGORIES)
                 if v else f'<td colspan="{len(VERDICT_CATEGORIES)}">no replication table</td>')
        rows.append(f"<tr><td>{link}{shot}</td><td>{status}</td><td>{r.seconds:.1f} s</td><td>{html_escape(r.mode)}"
                    f"</td>{cells}<td>{html_escape(r.message)}</td></tr>")
    page = ("<!doctype html><meta charset='utf-8'><title>LatentLab report</title>"
            "<style>body{font-family:sans-serif}td,th{padding:4px 8px}.reproduced{color:#1a7f37}"
            ".not-reproduced{color:#b42318}</style><h1>LatentLab notebooks</h1>"
            "<p>Run time is the notebook's wall time as executed headlessly; verdicts are counted from each "
            "notebook's replication table (<i>in range</i> and <i>close</i> count as reproduced, <i>out of range</i> "
            "as not reproduced).</p>"
            "<table border=1 cellpadding=4><tr><th>notebook</th><th>status</th><th>run time</th><th>mode</th>"
            + "".join(f"<th>{c}</th>" for c in VERDICT_CATEGORIES) + "<th>note</th></tr>" + "".join(rows) + "</table>")
    atomic_write(os.path.join(out_dir, "index.html"), page)
    atomic_write(os.path.join(out_dir, "summary.json"), json.dumps([r.as_dict() for r in results], indent=1))


def html_escape(s):
    return (s or "").replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def atomic_write(path, text):
    d = os.path.dirname(path)
    os.makedirs(d, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=d, prefix="." + os.path.basename(path))
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(text)
    os.chmod(tmp, 0o644)
    os.replace(tmp, path)


# ------------------------------------------------------------------------------------------- browser check
class _Node:
    __slots__ = ("tag", "attrs", "children", "parent")

    def __init__(self, tag, attrs, parent):
        self.tag, self.attrs, self.children, self.parent = tag, attrs, [], parent

    def classes(self):
        return (self.attrs.get("class") or "").split()

    def walk(self):
        yield self
        for c in self.children:
            if not isinstance(c, str):
                yield from c.walk()


class _TreeBuilder(html.parser.HTMLParser):
    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = _Node("#root", {}, None)
        self.cur = self.root

    def handle_starttag(self, tag, attrs):
        node = _Node(tag, {k: (v or "") for k, v in attrs}, self.cur)
        self.cur.children.append(node)
        if tag not in self.VOID:
            self.cur = node

    def handle_startendtag(self, tag, attrs):
        self.cur.children.append(_Node(tag, {k: (v or "") for k, v in attrs}, self.cur))

    def handle_data(self, data):
        self.cur.children.append(data)

    def handle_endtag(self, tag):
        n = self.cur
        while n is not None and n.tag != tag:
            n = n.parent
        if n is not None and n.parent is not None:
            self.cur = n.parent


def _drawn(node):
    """Does this trace group hold real geometry (a path with coordinates, an image, or a filled rectangle)?"""
    for d in node.walk():
        if d.tag == "path" and len(d.attrs.get("d", "").strip()) > 3 and d.attrs.get("d", "").strip() != "M0,0Z":
            return True
        if d.tag == "image" and (d.attrs.get("href") or d.attrs.get("xlink:href")):
            return True
        if d.tag == "rect" and "point" in d.classes():
            return True
    return False


class FigureReport:
    def __init__(self, page, figures, drawn_figures, traces, console_errors, dom_bytes):
        self.page, self.figures, self.drawn_figures = page, figures, drawn_figures
        self.traces, self.console_errors, self.dom_bytes = traces, console_errors, dom_bytes

    def __str__(self):
        return (f"{os.path.basename(self.page)}: {self.drawn_figures}/{self.figures} Plotly figures drew "
                f"({self.traces} traces with geometry), {len(self.console_errors)} script errors")


MATHJAX_SYSTEM_DIR = "/usr/share/javascript/mathjax"


def can_hide_paths():
    """True when paths can be hidden from one Chromium process (root and a private mount namespace, unshare -m)."""
    if os.geteuid() != 0 or not shutil.which("unshare"):
        return False
    r = subprocess.run(["unshare", "--mount", "--propagation", "private", "true"], capture_output=True)
    return r.returncode == 0


def render_in_chromium(page, budget_ms=30000, timeout=180, screenshot=None, hide=(), window="1280,2000"):
    """Open an HTML file in headless Chromium, let its scripts run for `budget_ms` of virtual time (MathJax
    typesets asynchronously), and return (DOM after scripts, console log). `screenshot`: also write a PNG of the
    window after that time. `hide`: folders made empty (a tmpfs over each, in a private mount namespace of this
    one Chromium process; needs root) -- e.g. Debian's MathJax, to show that a page does not need it."""
    profile = tempfile.mkdtemp(prefix="latentlab-chromium-")
    try:
        cmd = [chromium_bin(), *CHROMIUM_FLAGS, f"--user-data-dir={profile}", "--enable-logging=stderr", "--v=0",
               f"--virtual-time-budget={budget_ms}", "--run-all-compositor-stages-before-draw",
               f"--window-size={window}", "--dump-dom", "file://" + os.path.abspath(page)]
        if screenshot:
            cmd.insert(-2, "--screenshot=" + os.path.abspath(screenshot))
        hide = [h for h in hide if os.path.isdir(h)]
        if hide:
            mounts = " && ".join(f"mount -t tmpfs -o ro,size=1k latentlab-hidden '{h}'" for h in hide)
            cmd = ["unshare", "--mount", "--propagation", "private", "sh", "-c", mounts + ' && exec "$@"', "sh", *cmd]
        proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, timeout=timeout)
        if proc.returncode != 0 or "<html" not in proc.stdout[:2000].lower():
            raise RuntimeError(f"chromium exited {proc.returncode} without a DOM for {page}: {proc.stderr[-800:]}")
        return proc.stdout, proc.stderr
    finally:
        shutil.rmtree(profile, ignore_errors=True)


class EquationReport:
    def __init__(self, page, state, typeset, raw_tex, errors):
        self.page, self.state, self.typeset, self.raw_tex, self.errors = page, state, typeset, raw_tex, errors

    def __str__(self):
        return (f"{os.path.basename(self.page)}: MathJax {self.state or 'never finished'}, {self.typeset} equations "
                f"typeset, {len(self.raw_tex)} raw TeX fragments left, {self.errors} MathJax errors")


# TeX a reader must never see: $…$ / $$…$$ pairs, \( \) \[ \], control words such as \mathcal or \frac
_RAW_TEX = re.compile(r"\$\$?[^$]+\$\$?|\\[()\[\]]|\\[A-Za-z]{2,}")
# text inside these is code, a script or MathJax's own output, not prose
_NOT_PROSE = {"script", "style", "pre", "code", "textarea", "svg", "mjx-container", "mjx-assistive-mml", "head",
              "template", "noscript", "math"}


def check_equations(dom, page=""):
    """Equations of a rendered page (the DOM after scripts): MathJax's state (<html data-mathjax>, set by the
    inlined configuration: 'typeset' or 'failed'), how many equations it typeset (mjx-container elements), the raw
    TeX left in visible prose (outside code, scripts and MathJax output) and its error nodes (merror)."""
    tb = _TreeBuilder()
    tb.feed(dom)
    state, typeset, errors, raw = "", 0, 0, []
    for node in tb.root.walk():
        if node.tag == "html" and node.attrs.get("data-mathjax"):
            state = node.attrs["data-mathjax"]
        if node.tag == "mjx-container":
            typeset += 1
        if node.tag == "mjx-merror" or node.attrs.get("data-mml-node") == "merror" or "data-mjx-error" in node.attrs:
            errors += 1

    def prose(node):
        if node.tag in _NOT_PROSE:
            return
        for c in node.children:
            if isinstance(c, str):
                raw.extend(m.group(0)[:60] for m in _RAW_TEX.finditer(c))
            else:
                prose(c)
    prose(tb.root)
    return EquationReport(page, state, typeset, raw, errors)


def check_figures(page, **kw):
    """Render `page` and count Plotly figures that really drew (see figures_in)."""
    dom, log = render_in_chromium(page, **kw)
    return figures_in(dom, log, page)


def figures_in(dom, log, page=""):
    """Plotly figures that really drew in a rendered DOM: a div Plotly took over (class js-plotly-plot) holding at
    least one trace group with geometry. Script errors are JavaScript console errors ('Uncaught ...') reported by
    Chromium for this page."""
    tb = _TreeBuilder()
    tb.feed(dom)
    figures = drawn = traces = 0
    for node in tb.root.walk():
        if node.tag == "div" and "js-plotly-plot" in node.classes():
            figures += 1
            tr = [t for t in node.walk() if t.tag == "g" and "trace" in t.classes() and _drawn(t)]
            traces += len(tr)
            if tr:
                drawn += 1
    errors = [ln.strip() for ln in log.splitlines()
              if "CONSOLE" in ln and ("Uncaught" in ln or "is not defined" in ln or "MathJax:" in ln)]
    return FigureReport(page, figures, drawn, traces, errors, len(dom))
