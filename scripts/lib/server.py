"""The checks' and the harness's one way to serve a build folder: starts
scripts/check/csp_server.py (the strict Content-Security-Policy, the
precompressed files) on 127.0.0.1 and returns once it answers."""
import os, subprocess, sys, time, urllib.error, urllib.request

CSP_SERVER = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "check", "csp_server.py")


def status(url):
    """The HTTP status of a GET of `url`, or None where nothing answers."""
    try:
        with urllib.request.urlopen(url, timeout=5) as r:
            return r.status
    except urllib.error.HTTPError as e:
        return e.code
    except OSError:
        return None


def serve(folder, port, *options):
    """csp_server.py serving `folder` on `port` with `options` (its flags:
    --prefix, --log, ...), started and answering; the caller kills it."""
    server = subprocess.Popen([sys.executable, CSP_SERVER, str(port), folder, *options])
    for _ in range(100):
        if status(f"http://127.0.0.1:{port}/") is not None:  # a 404 (with --prefix) is an answer too
            return server
        time.sleep(0.1)
    server.kill()
    sys.exit(f"the server for {folder} on port {port} never answered")
