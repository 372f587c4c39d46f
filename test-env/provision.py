"""Sets up, once per machine, the real tools the tests run against, pinned by the files beside this script.

  python3 test-env/provision.py --out <module>/target/test-env

- Every `python-<name>.txt` here is a Python environment: a venv with exactly those requirements.
- Every line `<name> <module>@<version>` of `go-tools.txt` is a program built with `go install`, else found on
  the PATH under <name> when there is no Go.

Each is made in a cache folder keyed by a hash of its pins and of the toolchain that builds it
(KEDRO_VERTEXAI_TEST_CACHE, else $XDG_CACHE_HOME/kedro-vertexai-maven-plugin, else
~/.cache/kedro-vertexai-maven-plugin), so a second run installs nothing. A folder is used only once its
`.complete` marker is written, the last step of its set-up: one left by an interrupted set-up is made anew.
A lock per folder lets parallel builds share the cache.

The script links each into --out (<out>/<name>) and writes <out>/environment.json:
  {"<name>": {"path": "<out>/<name>/bin/python"}, "<other>": {"unavailable": "<why>"}}
A set-up that fails is reported with the tool's own output and what to do. With CI=true the script then exits
with 1, failing the build; elsewhere it exits with 0 and the tests that need that tool skip, giving the reason.
"""

import argparse
import fcntl
import hashlib
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
# Part of every cache key: bump it when the way an environment is made changes.
LAYOUT_VERSION = "1"
COMPLETE_MARKER = ".complete"
OUTPUT_LINES_SHOWN = 25


class SetupFailed(Exception):
    """A tool could not be set up: a one-line summary (what the tests that need it report) and, for the build
    log, the tool's own output and what to do."""

    def __init__(self, summary, output="", advice=""):
        super().__init__(summary)
        self.summary = summary
        self.details = "\n".join(part for part in (summary, tail(output) if output else "", advice) if part)


def last_error_line(output):
    lines = [line.strip() for line in output.strip().splitlines() if line.strip()]
    errors = [line for line in lines if "error" in line.lower()]
    return (errors or lines or ["no output"])[-1]


def in_ci():
    return os.environ.get("CI", "").strip().lower() in ("true", "1", "yes")


def cache_root():
    configured = os.environ.get("KEDRO_VERTEXAI_TEST_CACHE", "").strip()
    if configured:
        return os.path.abspath(configured)
    base = os.environ.get("XDG_CACHE_HOME", "").strip() or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "kedro-vertexai-maven-plugin")


def cache_key(*parts):
    digest = hashlib.sha256()
    for part in (LAYOUT_VERSION,) + parts:
        digest.update(part.encode("utf-8") if isinstance(part, str) else part)
        digest.update(b"\0")
    return digest.hexdigest()[:16]


def tail(text):
    lines = text.strip().splitlines()
    shown = lines[-OUTPUT_LINES_SHOWN:]
    prefix = ["  ... ({} earlier lines in the log)".format(len(lines) - len(shown))] if len(lines) > len(shown) else []
    return "\n".join(prefix + ["  " + line for line in shown])


def run_logged(command, log_path, env=None):
    """Runs a set-up command with its output appended to log_path; returns (exit code, output)."""
    with tempfile.TemporaryFile(mode="w+", encoding="utf-8", errors="replace") as output:
        try:
            code = subprocess.call(command, stdout=output, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, env=env)
        except OSError as error:
            code, text = 127, "cannot run {}: {}".format(command[0], error)
        else:
            output.seek(0)
            text = output.read()
    with open(log_path, "a", encoding="utf-8") as log:
        log.write("$ " + " ".join(command) + "\n" + text + "\n")
    return code, text


class CacheEntry:
    """One cached tool folder, made at most once, under a lock, and trusted only with its marker."""

    def __init__(self, kind, name, key):
        self.dir = os.path.join(cache_root(), kind, "{}-{}".format(name, key))
        self.name = name
        self.log = self.dir + ".log"

    def ready(self):
        return os.path.isfile(os.path.join(self.dir, COMPLETE_MARKER))

    def make(self, build):
        """Runs build(dir) unless the folder is complete; a folder without the marker is removed first."""
        os.makedirs(os.path.dirname(self.dir), exist_ok=True)
        with open(self.dir + ".lock", "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            if self.ready():
                return False
            if os.path.exists(self.dir):
                say("{}: {} was left half made by an interrupted set-up; making it again".format(self.name, self.dir))
                shutil.rmtree(self.dir)
            if os.path.exists(self.log):
                os.remove(self.log)
            try:
                build(self.dir)
            except BaseException:
                # Nothing half made stays behind to be mistaken for a tool (the marker check would catch it too).
                shutil.rmtree(self.dir, ignore_errors=True)
                raise
            with open(os.path.join(self.dir, COMPLETE_MARKER), "w", encoding="utf-8") as marker:
                marker.write("complete\n")
            return True


def python_environment(requirements_file):
    """A venv with the pinned requirements; returns its interpreter."""
    name = os.path.basename(requirements_file)[len("python-") : -len(".txt")]
    with open(requirements_file, "rb") as f:
        pins = f.read()
    interpreter = "{} {}".format(sys.version, platform.machine())
    entry = CacheEntry("python", name, cache_key(pins, interpreter))

    def build(folder):
        say("{}: installing {} into {} (a few minutes, once)".format(name, os.path.basename(requirements_file), folder))
        code, output = run_logged([sys.executable, "-m", "venv", folder], entry.log)
        if code != 0:
            raise SetupFailed(
                "{}: python -m venv failed (exit code {}): {}".format(name, code, last_error_line(output)),
                output,
                "Install Python's venv module (on Debian: apt-get install python3-venv).",
            )
        python = os.path.join(folder, "bin", "python")
        code, output = run_logged(
            [python, "-m", "pip", "install", "--no-input", "--disable-pip-version-check", "-r", requirements_file],
            entry.log,
        )
        if code != 0:
            raise SetupFailed(
                "{}: pip could not install {} (exit code {}): {}".format(
                    name, requirements_file, code, last_error_line(output)
                ),
                output,
                "Check that this machine reaches the Python package index (`pip config list`; PIP_INDEX_URL points"
                " pip at a mirror). Full log: {}".format(entry.log),
            )

    made = entry.make(build)
    if not made:
        say("{}: reusing {}".format(name, entry.dir))
    return name, entry.dir, os.path.join("bin", "python")


def go_tools(tools_file):
    """Yields (name, folder or None, relative program path or absolute path, failure) per line of tools_file."""
    with open(tools_file, encoding="utf-8") as f:
        lines = [line.split("#", 1)[0].split() for line in f]
    go = shutil.which("go")
    go_version = ""
    if go:
        code, go_version = subprocess.getstatusoutput(go + " version")
    for fields in (line for line in lines if line):
        if len(fields) != 2 or "@" not in fields[1]:
            raise SystemExit("{}: expected '<name> <module>@<version>', got: {}".format(tools_file, " ".join(fields)))
        name, module = fields
        if not go:
            found = shutil.which(name)
            if found:
                say("{}: no Go here; using {} from the PATH (its version is not checked)".format(name, found))
                yield name, None, found, None
            else:
                yield name, None, None, SetupFailed(
                    "{}: neither Go (to run `go install {}`) nor a {} on the PATH".format(name, module, name),
                    advice="Install Go, or put {} on the PATH.".format(name),
                )
            continue
        entry = CacheEntry("go", name, cache_key(module, go_version, platform.machine()))

        def build(folder, name=name, module=module, entry=entry):
            say("{}: go install {} into {} (a few minutes, once)".format(name, module, folder))
            env = dict(os.environ, GOBIN=os.path.join(folder, "bin"))
            # -modcacherw: the module cache stays deletable; -buildvcs=false: no VCS stamping needed here.
            env["GOFLAGS"] = (env.get("GOFLAGS", "") + " -modcacherw -buildvcs=false").strip()
            os.makedirs(folder)
            code, output = run_logged([go, "install", module], entry.log, env=env)
            if code != 0:
                raise SetupFailed(
                    "{}: go install {} failed (exit code {}): {}".format(name, module, code, last_error_line(output)),
                    output,
                    "Check that this machine reaches the Go module proxy (`go env GOPROXY`). Full log: {}".format(
                        entry.log
                    ),
                )

        try:
            if not entry.make(build):
                say("{}: reusing {}".format(name, entry.dir))
            yield name, entry.dir, os.path.join("bin", name), None
        except SetupFailed as failure:
            yield name, None, None, failure


def link(out, name, target):
    """Points <out>/<name> at target, replacing an older link in one rename."""
    path = os.path.join(out, name)
    temporary = path + ".new"
    if os.path.lexists(temporary):
        os.remove(temporary)
    os.symlink(target, temporary)
    os.replace(temporary, path)
    return path


def say(message):
    print("[test-env] " + message, flush=True)


def main(argv=None):
    parser = argparse.ArgumentParser(description="Set up the tools the tests run against.")
    parser.add_argument("--out", required=True, help="folder for the links and environment.json")
    parser.add_argument("--pins", default=HERE, help="folder of python-*.txt and go-tools.txt")
    args = parser.parse_args(argv)
    out = os.path.abspath(args.out)
    os.makedirs(out, exist_ok=True)

    found, failures = {}, []

    def record(name, folder, relative, failure):
        if failure is not None:
            failures.append(failure.details)
            found[name] = {"unavailable": failure.summary}
        elif folder is None:
            found[name] = {"path": relative}
        else:
            found[name] = {"path": os.path.join(link(out, name, folder), relative)}

    for file_name in sorted(os.listdir(args.pins)):
        if file_name.startswith("python-") and file_name.endswith(".txt"):
            try:
                record(*python_environment(os.path.join(args.pins, file_name)), None)
            except SetupFailed as failure:
                record(file_name[len("python-") : -len(".txt")], None, None, failure)
    tools_file = os.path.join(args.pins, "go-tools.txt")
    if os.path.isfile(tools_file):
        for name, folder, relative, failure in go_tools(tools_file):
            record(name, folder, relative, failure)

    with open(os.path.join(out, "environment.json.new"), "w", encoding="utf-8") as f:
        json.dump(found, f, indent=2, sort_keys=True)
        f.write("\n")
    os.replace(os.path.join(out, "environment.json.new"), os.path.join(out, "environment.json"))

    if failures:
        for failure in failures:
            sys.stderr.write("[test-env] ERROR " + failure + "\n")
        if in_ci():
            sys.stderr.write("[test-env] CI=true: every test must run, so the build stops here.\n")
            return 1
        sys.stderr.write("[test-env] The tests that need these tools will be skipped, each saying why.\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
