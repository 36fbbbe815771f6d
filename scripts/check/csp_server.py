#!/usr/bin/env python3
"""Serves a folder on 127.0.0.1 with a strict Content-Security-Policy
header, as the page check wants it: scripts only from this origin, wasm
compilation allowed, no inline script.

With --worker-fails-after SECS it answers the training worker's script
(session_worker.js) with a 404 after SECS seconds: a worker that fails while
it boots, for the page check of the page's fallback to its own thread.

With --prefix /kd-playground/ it serves the folder only under that path, as
GitHub Pages serves a project, and answers 404 to everything else, the root
included: for the offline check (offline_check.py), that the page asks for
nothing at the host's root.

Where the request's Accept-Encoding allows it and the build wrote one
(scripts/build/precompress.mjs), it sends FILE.br or FILE.gz in place of
FILE, with Content-Encoding, FILE's own Content-Type and Vary:
Accept-Encoding, as a static host that serves precompressed files does.

With --log FILE it appends one JSON line per answer (time, path, bytes of
the body sent, encoding), for the harness's count of the bytes a first
visit loads (scripts/harness/first_load.py).

usage: csp_server.py PORT DIR [--worker-fails-after SECS] [--prefix /PATH/] [--log FILE]"""
import argparse, functools, http.server, json, os, time

WORKER_SCRIPT = "/session_worker.js"

CSP = ("default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self' 'unsafe-inline'; "
       "img-src 'self' data: blob:; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'")


class Handler(http.server.SimpleHTTPRequestHandler):
    worker_fails_after = None
    prefix = "/"
    log = None
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map, ".wasm": "application/wasm", ".js": "text/javascript"}

    def send_header(self, keyword, value):
        if keyword == "Content-Length":
            self.length = int(value)
        elif keyword == "Content-Encoding":
            self.encoding = value
        super().send_header(keyword, value)

    def end_headers(self):
        if self.log:
            with open(self.log, "a") as f:
                line = {"t": time.time(), "path": self.path, "bytes": getattr(self, "length", 0), "encoding": getattr(self, "encoding", None)}
                f.write(json.dumps(line) + "\n")
            self.length, self.encoding = 0, None
        self.send_header("Content-Security-Policy", CSP)
        if getattr(self, "vary", False):
            self.send_header("Vary", "Accept-Encoding")
            self.vary = False
        super().end_headers()

    def translate_path(self, path):
        return super().translate_path("/" + path[len(self.prefix):])

    def do_GET(self):
        # "/kd-playground" too: the folder's own redirect to "/kd-playground/".
        if not (self.path + "/").startswith(self.prefix):
            self.send_error(404, f"only {self.prefix} is served here")
            return
        if self.worker_fails_after is not None and self.path.split("?")[0] == WORKER_SCRIPT:
            time.sleep(self.worker_fails_after)
            self.send_error(404, "the page check's failing worker")
            return
        super().do_GET()

    def accepts(self, encoding):
        """Whether Accept-Encoding allows `encoding` (by name or as *, q above 0)."""
        weights = {}
        for part in self.headers.get("Accept-Encoding", "").split(","):
            name, *params = [p.strip() for p in part.split(";")]
            q = next((p[2:] for p in params if p.startswith("q=")), "1")
            try:
                weights[name.lower()] = float(q)
            except ValueError:
                weights[name.lower()] = 0.0
        return weights.get(encoding, weights.get("*", 0.0)) > 0

    def send_head(self):
        path = self.translate_path(self.path)
        if os.path.isdir(path) and self.path.split("?")[0].endswith("/"):
            path = os.path.join(path, "index.html")
        variants = [(enc, path + ext) for enc, ext in (("br", ".br"), ("gzip", ".gz")) if os.path.isfile(path + ext)]
        if not (os.path.isfile(path) and variants):
            return super().send_head()
        self.vary = True
        chosen = next((v for v in variants if self.accepts(v[0])), None)
        if chosen is None:
            return super().send_head()
        f = open(chosen[1], "rb")
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(path))
        self.send_header("Content-Encoding", chosen[0])
        self.send_header("Content-Length", str(os.fstat(f.fileno()).st_size))
        self.send_header("Last-Modified", self.date_time_string(os.stat(path).st_mtime))
        self.end_headers()
        return f

    def log_message(self, *args):
        pass


if __name__ == "__main__":
    args = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    args.add_argument("port", type=int)
    args.add_argument("folder")
    args.add_argument("--worker-fails-after", type=float, metavar="SECS")
    args.add_argument("--prefix", default="/", metavar="/PATH/")
    args.add_argument("--log", metavar="FILE")
    a = args.parse_args()
    Handler.worker_fails_after, Handler.prefix, Handler.log = a.worker_fails_after, a.prefix, a.log
    http.server.ThreadingHTTPServer(("127.0.0.1", a.port), functools.partial(Handler, directory=a.folder)).serve_forever()
