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

usage: csp_server.py PORT DIR [--worker-fails-after SECS] [--prefix /PATH/]"""
import functools, http.server, sys, time

WORKER_SCRIPT = "/session_worker.js"

CSP = ("default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self' 'unsafe-inline'; "
       "img-src 'self' data: blob:; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'")


class Handler(http.server.SimpleHTTPRequestHandler):
    worker_fails_after = None
    prefix = "/"
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map, ".wasm": "application/wasm", ".js": "text/javascript"}

    def end_headers(self):
        self.send_header("Content-Security-Policy", CSP)
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

    def log_message(self, *args):
        pass


if __name__ == "__main__":
    port, folder = int(sys.argv[1]), sys.argv[2]
    if sys.argv[3:4] == ["--worker-fails-after"]:
        Handler.worker_fails_after = float(sys.argv[4])
    if "--prefix" in sys.argv:
        Handler.prefix = sys.argv[sys.argv.index("--prefix") + 1]
    http.server.ThreadingHTTPServer(("127.0.0.1", port), functools.partial(Handler, directory=folder)).serve_forever()
