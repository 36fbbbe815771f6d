#!/usr/bin/env python3
"""Serves a folder on 127.0.0.1 with a strict Content-Security-Policy
header, as the page check wants it: scripts only from this origin, wasm
compilation allowed, no inline script.

With --worker-fails-after SECS it answers the training worker's script
(session_worker.js) with a 404 after SECS seconds: a worker that fails while
it boots, for the page check of the page's fallback to its own thread.

usage: csp_server.py PORT DIR [--worker-fails-after SECS]"""
import functools, http.server, sys, time

WORKER_SCRIPT = "/session_worker.js"

CSP = ("default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self' 'unsafe-inline'; "
       "img-src 'self' data: blob:; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'")


class Handler(http.server.SimpleHTTPRequestHandler):
    worker_fails_after = None
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map, ".wasm": "application/wasm", ".js": "text/javascript"}

    def end_headers(self):
        self.send_header("Content-Security-Policy", CSP)
        super().end_headers()

    def do_GET(self):
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
    http.server.ThreadingHTTPServer(("127.0.0.1", port), functools.partial(Handler, directory=folder)).serve_forever()
