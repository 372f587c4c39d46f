"""Starts the tasks of a local run from one warm Python: local runs only, never part of an image.

Run with the project's interpreter, in the project root:  python fork_server.py --project DIR [--env ENV]
It imports Kedro, the project's package, its pipelines' modules and the catalog's dataset classes once (as far as it
can: what fails is imported again, and fails, in the task that needs it), then forks one child per task. Each child
is a task process of its own: its own folder, environment, output file, Kedro session and exit code.

Protocol, one JSON object per line. On stdout, first {"event": "ready", "pid": ..., "seconds": ..., "problems":
[...]} (or {"event": "unavailable", "reason": ...} where Python cannot fork). Then for each request on stdin
  {"id": ..., "script": ..., "argv": [...], "cwd": ..., "env": {...}, "log": FILE}
which stands for `python -c SCRIPT ARGV...` run in CWD with ENV set over the environment the server started with,
its stdout and stderr appended to FILE: {"event": "started", "id": ..., "pid": ...} and, when the child has ended,
{"event": "exited", "id": ..., "code": ...} (128 + N for signal N), or {"event": "failed", "id": ..., "message": ...}
when no child could be forked. When stdin ends the server stops its children still running, and exits.
"""

import argparse
import atexit
import builtins
import json
import os
import select
import signal
import sys
import time
import traceback
import types

# Set before anything is imported, so that each task starts from the environment the server was started with.
BASE_ENVIRONMENT = dict(os.environ)
STOP_GRACE_SECONDS = 5


def _preload(project, env):
    """Imports what every task imports; returns what could not be imported, one line each."""
    problems = []

    def attempt(what, action):
        try:
            action()
        except BaseException as error:  # noqa: BLE001 - a task that needs it fails on its own, with its own message
            problems.append("{}: {}: {}".format(what, type(error).__name__, error))
            traceback.print_exc()

    def project_modules():
        from kedro.framework.project import pipelines
        from kedro.framework.startup import bootstrap_project

        bootstrap_project(project)
        # Registering the pipelines imports every pipeline module, and with them the libraries the nodes use.
        pipelines.keys()

    def dataset_classes():
        from kedro.framework.project import settings
        from kedro.io.core import parse_dataset_definition

        loader = settings.CONFIG_LOADER_CLASS(
            conf_source=os.path.join(project, settings.CONF_SOURCE), env=env or None, **settings.CONFIG_LOADER_ARGS
        )
        for name, config in dict(loader["catalog"] or {}).items():
            if isinstance(config, dict) and "type" in config and not name.startswith("_"):
                attempt("dataset class of " + name, lambda: parse_dataset_definition(dict(config)))

    def plugin_hooks():
        from importlib.metadata import entry_points

        # Each session loads the hooks of installed Kedro plugins (kedro-telemetry imports requests, for one).
        found = entry_points()
        group = found.select(group="kedro.hooks") if hasattr(found, "select") else found.get("kedro.hooks", [])
        for entry_point in group:
            attempt("plugin " + entry_point.name, entry_point.load)

    attempt("kedro", lambda: __import__("kedro.framework.session"))
    attempt("the project", project_modules)
    attempt("the catalog", dataset_classes)
    attempt("Kedro's plugins", plugin_hooks)
    # What the task runtime itself needs to keep datasets between tasks; optional there, so here too.
    for module in ("kedro.runner", "cloudpickle", "fsspec"):
        try:
            __import__(module)
        except ImportError:
            pass
    # Configuring Kedro's settings walks the call stack with inspect, which maps every module in sys.modules to its
    # file once and caches that; done here for all the modules above, rather than in every task.
    import inspect

    inspect.stack()
    return problems


class Server:
    def __init__(self, requests, events):
        self.requests = requests
        self.events = events
        self.children = {}
        self.wakeup_read, self.wakeup_write = os.pipe()
        os.set_blocking(self.wakeup_read, False)
        os.set_blocking(self.wakeup_write, False)
        # The file descriptors a child must not keep: with the events pipe open in a child, Java would not see the
        # server end while that child runs.
        self.private_fds = (self.requests, self.events, self.wakeup_read, self.wakeup_write)

    def send(self, event):
        os.write(self.events, (json.dumps(event) + "\n").encode("utf-8"))

    def serve(self):
        signal.signal(signal.SIGCHLD, lambda signum, frame: None)
        signal.set_wakeup_fd(self.wakeup_write, warn_on_full_buffer=False)
        pending = b""
        while True:
            readable, _, _ = select.select([self.requests, self.wakeup_read], [], [])
            if self.wakeup_read in readable:
                self._drain_wakeups()
                self.reap()
            if self.requests in readable:
                data = os.read(self.requests, 1 << 16)
                if not data:
                    break
                pending += data
                while b"\n" in pending:
                    line, pending = pending.split(b"\n", 1)
                    if line.strip():
                        self.start(json.loads(line))
        self.stop_children()

    def _drain_wakeups(self):
        try:
            while os.read(self.wakeup_read, 512):
                pass
        except BlockingIOError:
            pass

    def reap(self):
        while self.children:
            try:
                pid, status = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                return
            if pid == 0:
                return
            task = self.children.pop(pid, None)
            if task is not None:
                # As Java reports a process killed by signal N.
                code = 128 + os.WTERMSIG(status) if os.WIFSIGNALED(status) else os.WEXITSTATUS(status)
                self.send({"event": "exited", "id": task, "code": code})

    def start(self, request):
        # Nothing buffered in the server may be written again by a child.
        sys.stdout.flush()
        sys.stderr.flush()
        try:
            pid = os.fork()
        except OSError as error:
            self.send({"event": "failed", "id": request["id"], "message": "cannot fork: {}".format(error)})
            return
        if pid == 0:
            _run_child(request, self.private_fds)  # never returns
        self.children[pid] = request["id"]
        self.send({"event": "started", "id": request["id"], "pid": pid})

    def stop_children(self):
        """Java stops the tasks before the server; these are left only when Java itself is gone."""
        for pid in list(self.children):
            _signal(pid, signal.SIGTERM)
        deadline = time.monotonic() + STOP_GRACE_SECONDS
        while self.children and time.monotonic() < deadline:
            self.reap()
            time.sleep(0.05)
        for pid in list(self.children):
            _signal(pid, signal.SIGKILL)


def _signal(pid, signum):
    try:
        os.kill(pid, signum)
    except ProcessLookupError:
        pass


def _run_child(request, private_fds):
    """The task process: set up as a new interpreter would be, run the script as `python -c` does, exit with its
    status. Whatever happens, the child ends here and never returns into the server's loop."""
    status = 1
    try:
        signal.set_wakeup_fd(-1)
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        signal.signal(signal.SIGINT, signal.default_int_handler)
        for fd in private_fds:
            os.close(fd)
        null = os.open(os.devnull, os.O_RDONLY)
        os.dup2(null, 0)
        os.close(null)
        log = os.open(request["log"], os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        os.dup2(log, 1)
        os.dup2(log, 2)
        os.close(log)
        os.chdir(request["cwd"])
        os.environ.clear()
        os.environ.update(BASE_ENVIRONMENT)
        os.environ.update(request["env"])
        # A forked child inherits the server's numpy random state; a new interpreter would seed its own.
        if "numpy" in sys.modules:
            sys.modules["numpy"].random.seed()
        status = _run_script(request["script"], request["argv"])
        _finalize()
    except BaseException:  # noqa: BLE001 - the child must end here, with the failure in its log
        try:
            traceback.print_exc()
            sys.stderr.flush()
        finally:
            os._exit(1)
    os._exit(status)


def _run_script(script, argv):
    """Runs script as `python -c script argv...` would, in a fresh __main__; returns the exit status."""
    main = types.ModuleType("__main__")
    main.__dict__["__builtins__"] = builtins
    sys.modules["__main__"] = main
    sys.argv = ["-c"] + list(argv)
    try:
        exec(compile(script, "<string>", "exec"), main.__dict__)
        return 0
    except SystemExit as error:
        return _exit_status(error.code)
    except KeyboardInterrupt:
        traceback.print_exc()
        _finalize()
        # As Python ends on an uncaught KeyboardInterrupt: killed by SIGINT.
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        os.kill(os.getpid(), signal.SIGINT)
        return 130
    except BaseException:  # noqa: BLE001 - reported as the interpreter reports an uncaught exception
        sys.excepthook(*sys.exc_info())
        return 1


def _exit_status(code):
    if code is None:
        return 0
    if isinstance(code, int):
        return code & 0xFF
    sys.stderr.write(str(code) + "\n")
    return 1


def _finalize():
    """What the interpreter does on exit: wait for non-daemon threads, run atexit functions, flush."""
    import threading

    shutdown = getattr(threading, "_shutdown", None)
    if shutdown is not None:
        shutdown()
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):
            pass


def main():
    parser = argparse.ArgumentParser(description="Fork one child per local task from a warm Python.")
    parser.add_argument("--project", required=True)
    parser.add_argument("--env", default="")
    args = parser.parse_args()
    # The protocol keeps its own descriptors; what the server or the code it imports prints goes to stderr, the
    # server's log, and no task reads stdin.
    events = os.dup(1)
    requests = os.dup(0)
    os.dup2(2, 1)
    null = os.open(os.devnull, os.O_RDONLY)
    os.dup2(null, 0)
    os.close(null)
    server = Server(requests, events)
    if not hasattr(os, "fork"):
        server.send({"event": "unavailable", "reason": "this Python cannot fork ({})".format(sys.platform)})
        return
    # Ctrl-C reaches the whole process group: the tasks stop on it, the server stays to report how they ended
    # until Java closes it.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    started = time.monotonic()
    problems = _preload(os.path.abspath(args.project), args.env)
    server.send(
        {"event": "ready", "pid": os.getpid(), "seconds": round(time.monotonic() - started, 3), "problems": problems}
    )
    server.serve()
    # Tearing down all that was imported would take a second for nothing: the server has nothing left to write.
    sys.stderr.flush()
    os._exit(0)


if __name__ == "__main__":
    main()
