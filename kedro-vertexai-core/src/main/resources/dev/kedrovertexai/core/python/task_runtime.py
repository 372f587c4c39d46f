"""Runs the Kedro nodes of one Vertex AI task through Kedro's own session.

Run in the Kedro project root (the container's working directory):
  python task_runtime.py --pipeline P --env E --nodes '["a", "b"]' --stored '["x"]' --root gs://bucket/prefix
                         [--param NAME TYPE VALUE ...] [--host-alias IP=HOST1,HOST2 ...]
Environment: KEDRO_CONFIG_JOB_NAME (required; names the folder of the stored datasets), KEDRO_VERTEXAI_TIMINGS
(optional; a file that gets one JSON line per node run: {"node": name, "seconds": float}).

The datasets named by --stored cross task boundaries, and the catalog cannot carry them there (it keeps them in
memory, or in a local file of this container): they are kept as bz2-compressed cloudpickle files at
<root>/kedro-vertexai-temp/<job name>/<dataset>.bin. The task that produces one saves it as its catalog says, then
copies what the catalog loads back to that file; a task that reads one loads it from that file. Everything else
is left to the project's catalog. Needs nothing beyond kedro, cloudpickle and fsspec (gcsfs for gs://).
"""

import argparse
import bz2
import functools
import inspect
import json
import os
import sys
import time
import traceback

STORAGE_FOLDER = "kedro-vertexai-temp"
PARAMETER_TYPES = ("string", "int", "float", "bool", "list", "dict")


def stored_dataset_url(root, job_name, dataset):
    return "{}/{}/{}/{}.bin".format(root.rstrip("/"), STORAGE_FOLDER, job_name, dataset)


@functools.lru_cache(maxsize=None)
def _stored_dataset_class():
    """Kedro, cloudpickle and fsspec are imported when a task runs, so the argument handling above needs none."""
    import cloudpickle
    import fsspec
    from kedro.io import AbstractDataset

    def is_local(filesystem):
        protocols = filesystem.protocol if isinstance(filesystem.protocol, (tuple, list)) else (filesystem.protocol,)
        return "file" in protocols or "local" in protocols

    class StoredDataset(AbstractDataset):
        """A dataset kept between tasks: one bz2-compressed cloudpickle file, read and written with fsspec."""

        def __init__(self, url):
            self._url = url

        def _load(self):
            with fsspec.open(self._url, "rb") as stored:
                return cloudpickle.loads(bz2.decompress(stored.read()))

        def _save(self, data):
            filesystem, path = fsspec.core.url_to_fs(self._url)
            if is_local(filesystem):
                # Object stores have no folders; a local root needs them.
                filesystem.makedirs(os.path.dirname(path), exist_ok=True)
            with filesystem.open(path, "wb") as stored:
                stored.write(bz2.compress(cloudpickle.dumps(data)))

        def _exists(self):
            filesystem, path = fsspec.core.url_to_fs(self._url)
            return filesystem.exists(path)

        def _describe(self):
            return {"url": self._url}

    return StoredDataset


def _hooks(root, job_name, stored, timings_path):
    """The hooks this task registers on the session: stored datasets, and node timings when asked for."""
    from kedro.framework.hooks import hook_impl

    stored_dataset = _stored_dataset_class()

    class StoredDatasetsHook:
        """Keeps the datasets this task shares with other tasks in StoredDatasets.

        A task that reads one loads it from its StoredDataset. The task that produces one leaves it to the catalog,
        so that a file the catalog writes is written as in `kedro run`, and copies what the catalog loads back (what
        a reading node gets in `kedro run`) to the StoredDataset.
        """

        def __init__(self):
            self._catalog = None
            self._produced = set()

        @hook_impl
        def before_pipeline_run(self, pipeline, catalog):
            self._produced = set(stored) & set(pipeline.all_outputs())
            for name in set(stored) - self._produced:
                dataset = stored_dataset(stored_dataset_url(root, job_name, name))
                if hasattr(catalog, "add"):
                    catalog.add(name, dataset, replace=True)  # Kedro 0.19
                else:
                    catalog[name] = dataset  # Kedro 1.x

        @hook_impl
        def before_node_run(self, catalog):
            # The catalog the runner saves to: Kedro 0.19 runs on a copy of the session's.
            self._catalog = catalog

        @hook_impl
        def after_dataset_saved(self, dataset_name):
            if dataset_name in self._produced:
                data = self._catalog.load(dataset_name)
                stored_dataset(stored_dataset_url(root, job_name, dataset_name)).save(data)

    class NodeTimingsHook:
        """Appends {"node": name, "seconds": s} per node run, for local runs that plan by timings."""

        def __init__(self):
            self._started = {}

        @hook_impl
        def before_node_run(self, node):
            self._started[node.name] = time.monotonic()

        @hook_impl
        def after_node_run(self, node):
            seconds = time.monotonic() - self._started.pop(node.name, time.monotonic())
            # One write per line in append mode: tasks running side by side do not mix their lines.
            with open(timings_path, "a", encoding="utf-8") as timings:
                timings.write(json.dumps({"node": node.name, "seconds": round(seconds, 6)}) + "\n")

    return [StoredDatasetsHook()] + ([NodeTimingsHook()] if timings_path else [])


def parse_parameter(name, kind, text):
    """A runtime parameter's value from its text: strings as they are, other types as JSON."""
    if kind == "string":
        return text
    if kind == "bool" and text.strip().lower() in ("true", "false"):
        return text.strip().lower() == "true"
    try:
        value = json.loads(text)
    except ValueError:
        raise SystemExit("Runtime parameter '{}' is not valid JSON for type {}: {}".format(name, kind, text))
    if kind == "int" and isinstance(value, float) and value.is_integer():
        value = int(value)  # Vertex AI may render whole numbers as 3.0
    if kind == "float" and isinstance(value, int) and not isinstance(value, bool):
        value = float(value)
    expected = {"int": int, "float": float, "bool": bool, "list": list, "dict": dict}[kind]
    if not isinstance(value, expected) or (kind in ("int", "float") and isinstance(value, bool)):
        raise SystemExit("Runtime parameter '{}' must be of type {}, got: {}".format(name, kind, text))
    return value


def runtime_params(triples):
    """Nested parameters from (name, type, value) triples; a dotted name sets a nested key, as `kedro run
    --params a.b=1` does."""
    params = {}
    for name, kind, text in triples:
        if kind not in PARAMETER_TYPES:
            raise SystemExit(
                "Runtime parameter '{}' has type '{}', expected one of {}".format(name, kind, ", ".join(PARAMETER_TYPES))
            )
        target = params
        *parents, leaf = name.split(".")
        for parent in parents:
            target = target.setdefault(parent, {})
            if not isinstance(target, dict):
                raise SystemExit("Runtime parameter '{}' is nested under a parameter that is not a dict".format(name))
        target[leaf] = parse_parameter(name, kind, text)
    return params


def add_host_aliases(aliases, hosts_path="/etc/hosts"):
    """Vertex AI tasks have no host-alias setting, so run_config.network.host_aliases arrive here as IP=HOSTS and
    are appended to the hosts file, once each. Returns the lines added."""
    wanted = []
    for alias in aliases:
        ip, separator, hosts = alias.partition("=")
        names = [name for name in hosts.split(",") if name]
        if not separator or not ip or not names:
            raise SystemExit("--host-alias must be IP=HOST1,HOST2, got: {}".format(alias))
        wanted.append(" ".join([ip] + names))
    if not wanted:
        return []
    try:
        with open(hosts_path, "r", encoding="utf-8") as hosts:
            present = {" ".join(line.split()) for line in hosts}
        missing = [line for line in wanted if line not in present]
        if missing:
            with open(hosts_path, "a", encoding="utf-8") as hosts:
                hosts.write("".join(line + "\n" for line in missing))
        return missing
    except OSError as error:
        sys.stderr.write("Cannot add host aliases to {}: {}\n".format(hosts_path, error))
        return []


def _json_list(option, text):
    try:
        value = json.loads(text)
    except ValueError:
        value = None
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise SystemExit("{} must be a JSON array of strings, got: {}".format(option, text))
    return value


def parse_args(argv):
    parser = argparse.ArgumentParser(description="Run the Kedro nodes of one Vertex AI task.")
    parser.add_argument("--pipeline", required=True)
    parser.add_argument("--env", default="")
    parser.add_argument("--nodes", required=True, help="JSON array of full Kedro node names")
    parser.add_argument("--stored", default="[]", help="JSON array of datasets kept between tasks")
    parser.add_argument("--root", required=True, help="gs://bucket/prefix or file:///path")
    parser.add_argument("--param", nargs=3, action="append", default=[], metavar=("NAME", "TYPE", "VALUE"))
    parser.add_argument("--host-alias", action="append", default=[], metavar="IP=HOST1,HOST2")
    return parser.parse_args(argv)


def _check_storage_support(root):
    """Fails early, with the fix, when the image lacks what the stored datasets need."""
    missing = []
    for module in ("cloudpickle", "fsspec") + (("gcsfs",) if root.startswith("gs://") else ()):
        try:
            __import__(module)
        except ImportError:
            missing.append(module)
    if missing:
        raise SystemExit(
            "The image lacks {} (needed to keep datasets between tasks under {}): add {} to the project's"
            " requirements".format(", ".join(missing), root, "them" if len(missing) > 1 else "it")
        )


def run_task(args, job_name, timings_path):
    nodes = _json_list("--nodes", args.nodes)
    stored = _json_list("--stored", args.stored)
    params = runtime_params(args.param)
    _check_storage_support(args.root)
    from kedro.framework.session import KedroSession
    from kedro.framework.startup import bootstrap_project

    project_path = os.getcwd()
    bootstrap_project(project_path)

    create_options = {"project_path": project_path, "env": args.env or None}
    create_parameters = inspect.signature(KedroSession.create).parameters
    create_options["runtime_params" if "runtime_params" in create_parameters else "extra_params"] = params
    with KedroSession.create(**create_options) as session:
        for hook in _hooks(args.root, job_name, stored, timings_path):
            session._hook_manager.register(hook)
        if "pipeline_names" in inspect.signature(session.run).parameters:
            session.run(pipeline_names=[args.pipeline], node_names=nodes)  # Kedro 1.x
        else:
            session.run(pipeline_name=args.pipeline, node_names=nodes)  # Kedro 0.19


def main(argv=None):
    args = parse_args(argv)
    job_name = os.environ.get("KEDRO_CONFIG_JOB_NAME", "")
    if not job_name:
        raise SystemExit("KEDRO_CONFIG_JOB_NAME is not set: it names the folder of the datasets kept between tasks")
    add_host_aliases(args.host_alias)
    try:
        run_task(args, job_name, os.environ.get("KEDRO_VERTEXAI_TIMINGS", ""))
    except Exception as error:  # noqa: BLE001 - any failure ends the task with Kedro's own message
        traceback.print_exc()
        sys.stderr.write("Kedro failed in nodes {}: {}: {}\n".format(args.nodes, type(error).__name__, error))
        sys.exit(1)


if __name__ == "__main__":
    main()
