"""Runs the Kedro nodes of one Vertex AI task through Kedro's own session.

Run in the Kedro project root (the container's working directory):
  python task_runtime.py --pipeline P --env E --nodes '["a", "b"]' --stored '["x"]' --root gs://bucket/prefix
                         [--param NAME TYPE VALUE ...] [--host-alias IP=HOST1,HOST2 ...]
                         [--config-provider '{"cls": "pkg.Class", "params": {...}}' ...]
                         [--mlflow [--mlflow-header-provider pkg.Class --mlflow-header-params '{...}']]
                         [--mlflow-start-run FILE | --exit-status '<final status JSON>']
Environment: KEDRO_CONFIG_JOB_NAME (required; names the folder of the stored datasets), KEDRO_VERTEXAI_TIMINGS
(optional; a file that gets one JSON line per node run: {"node": name, "seconds": float}).

The datasets named by --stored cross task boundaries, and the catalog cannot carry them there (it keeps them in
memory, or in a local file of this container): they are kept as bz2-compressed cloudpickle files at
<root>/kedro-vertexai-temp/<job name>/<dataset>.bin. The task that produces one saves it as its catalog says, then
copies what the catalog loads back to that file; a task that reads one loads it from that file. Everything else
is left to the project's catalog. Needs nothing beyond kedro; a task that stores datasets also needs cloudpickle
and fsspec (gcsfs for gs://).

Around the nodes (see "Tracking and exit handling" below): each --config-provider writes a config file into
conf/<env> before the Kedro session starts; with --mlflow the task logs into the MLflow run that MLFLOW_RUN_ID
names, --mlflow-start-run opens that run (and writes its id to FILE), and --exit-status makes this the exit task:
its nodes get the pipeline's outcome as the runtime parameter pipeline_outcome, and it closes the MLflow run.
"""

import argparse
import bz2
import functools
import importlib
import importlib.util
import inspect
import json
import os
import re
import sys
import time
import traceback
import types

STORAGE_FOLDER = "kedro-vertexai-temp"
PARAMETER_TYPES = ("string", "int", "float", "bool", "list", "dict")


def stored_dataset_url(root, job_name, dataset):
    return "{}/{}/{}/{}.bin".format(root.rstrip("/"), STORAGE_FOLDER, job_name, dataset)


# Large enough that compression dominates, small enough that a buffer of it never matters next to a dataset.
STREAM_CHUNK_BYTES = 1 << 20


class _Chunks:
    """Hands writes on in chunks: pickle writes a large bytes or array buffer in one call, and bz2 would otherwise
    return its whole compressed form at once."""

    def __init__(self, target):
        self._target = target

    def write(self, data):
        with memoryview(data) as view, view.cast("B") as flat:
            size = len(flat)
            for start in range(0, size, STREAM_CHUNK_BYTES):
                self._target.write(flat[start : start + STREAM_CHUNK_BYTES])
        return size


def write_stored(data, stored):
    """Pickles data into the binary file stored as one bz2 stream, a chunk at a time: memory stays about the size
    of data itself. The bytes are those of bz2.compress(cloudpickle.dumps(data)), so either side reads the other's."""
    import cloudpickle

    with bz2.BZ2File(stored, "wb") as compressed:
        cloudpickle.dump(data, _Chunks(compressed))


def read_stored(stored):
    """The object in the binary file stored as write_stored wrote it (or as one bz2.compress of a pickle), unpickled
    while it is decompressed."""
    import cloudpickle

    with bz2.BZ2File(stored, "rb") as compressed:
        return cloudpickle.load(compressed)


def save_stored(url, data):
    import fsspec

    filesystem, path = fsspec.core.url_to_fs(url)
    protocols = filesystem.protocol if isinstance(filesystem.protocol, (tuple, list)) else (filesystem.protocol,)
    if "file" in protocols or "local" in protocols:
        # Object stores have no folders; a local root needs them.
        filesystem.makedirs(os.path.dirname(path), exist_ok=True)
    with filesystem.open(path, "wb") as stored:
        write_stored(data, stored)


def load_stored(url):
    import fsspec

    with fsspec.open(url, "rb") as stored:
        return read_stored(stored)


@functools.lru_cache(maxsize=None)
def _stored_dataset_class():
    """Kedro, cloudpickle and fsspec are imported when a task stores datasets, so other tasks need none of them."""
    import fsspec
    from kedro.io import AbstractDataset

    class StoredDataset(AbstractDataset):
        """A dataset kept between tasks: one bz2-compressed cloudpickle file, read and written with fsspec."""

        def __init__(self, url):
            self._url = url

        def _load(self):
            return load_stored(self._url)

        def _save(self, data):
            save_stored(self._url, data)

        def _exists(self):
            filesystem, path = fsspec.core.url_to_fs(self._url)
            return filesystem.exists(path)

        def _describe(self):
            return {"url": self._url}

    return StoredDataset


def _hooks(root, job_name, stored, timings_path):
    """The hooks this task registers on the session: stored datasets, and node timings when asked for."""
    from kedro.framework.hooks import hook_impl

    class StoredDatasetsHook:
        """Keeps the datasets this task shares with other tasks in StoredDatasets.

        A task that reads one loads it from its StoredDataset. The task that produces one leaves it to the catalog,
        so that a file the catalog writes is written as in `kedro run`, and copies what the catalog loads back (what
        a reading node gets in `kedro run`) to the StoredDataset.
        """

        def __init__(self):
            # Only a task that stores datasets makes this hook, so only it needs cloudpickle and fsspec.
            self._stored_dataset = _stored_dataset_class()
            self._catalog = None
            self._produced = set()

        @hook_impl
        def before_pipeline_run(self, pipeline, catalog):
            self._produced = set(stored) & set(pipeline.all_outputs())
            for name in set(stored) - self._produced:
                dataset = self._stored_dataset(stored_dataset_url(root, job_name, name))
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
                self._stored_dataset(stored_dataset_url(root, job_name, dataset_name)).save(data)

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

    return ([StoredDatasetsHook()] if stored else []) + ([NodeTimingsHook()] if timings_path else [])


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
    parser.add_argument("--config-provider", action="append", default=[], metavar="JSON")
    parser.add_argument("--mlflow", action="store_true", help="the pipeline tracks its run in MLflow")
    parser.add_argument("--mlflow-header-provider", default="", metavar="CLASS")
    parser.add_argument("--mlflow-header-params", default="{}", metavar="JSON")
    role = parser.add_mutually_exclusive_group()
    role.add_argument("--mlflow-start-run", default=None, metavar="FILE", help="open the MLflow run, write its id")
    role.add_argument("--exit-status", default=None, metavar="JSON", help="the final status of the pipeline's DAG")
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


# ---- Tracking and exit handling: dynamic config providers, the MLflow run, the exit task's outcome. ----

OUTCOME_PARAM = "pipeline_outcome"
RUN_ID_TAG = "vertexai_run_id"
JOB_NAME_TAG = "vertexai_job_name"
# The MLflow status that ends the run, by the Vertex AI state of the pipeline's DAG.
MLFLOW_END_STATUS = {"SUCCEEDED": "FINISHED", "FAILED": "FAILED", "CANCELLED": "KILLED"}
FAILED_TASKS = re.compile(r"The failed tasks are: \[(.*?)\]")
# kedro-vertexai's classes that projects name in vertexai.yml or mlflow.yml, served when it is not installed.
SHIM_PACKAGE = "kedro_vertexai"


def pipeline_outcome(text, job_name):
    """The runtime parameter the exit pipeline's nodes read, from the final status Vertex AI hands the exit task:
    {"status": SUCCEEDED|FAILED|CANCELLED, "failed_tasks": [...], "error": "...", "job_name": ..., "job_resource_name":
    ...}. Newer backends write the status keys in snake_case; both are read."""
    try:
        status = json.loads(text) if text.strip() else {}
    except ValueError:
        raise SystemExit("--exit-status must be the JSON final status of the pipeline, got: {}".format(text))
    if not isinstance(status, dict):
        raise SystemExit("--exit-status must be a JSON object, got: {}".format(text))
    error = status.get("error") or {}
    message = error.get("message", "") if isinstance(error, dict) else str(error)
    failed = FAILED_TASKS.search(message)
    return {
        "status": str(status.get("state") or "UNKNOWN"),
        "failed_tasks": [task.strip() for task in failed.group(1).split(",") if task.strip()] if failed else [],
        "error": message,
        "job_name": job_name,
        "job_resource_name": status.get("pipelineJobResourceName") or status.get("pipeline_job_resource_name") or "",
    }


def _json_object(option, text):
    try:
        value = json.loads(text)
    except ValueError:
        value = None
    if not isinstance(value, dict):
        raise SystemExit("{} must be a JSON object, got: {}".format(option, text))
    return value


def _import_class(dotted, what):
    """The class a dotted name names, or an exit naming it and why it cannot be had."""
    module_name, _, class_name = dotted.rpartition(".")
    try:
        return getattr(importlib.import_module(module_name), class_name)
    except Exception as error:  # noqa: BLE001 - any import failure is the project's to fix
        raise SystemExit("{} {} cannot be imported: {}: {}".format(what, dotted, type(error).__name__, error))


def _takes(cls, name):
    """Whether the constructor of cls names the parameter name (kedro-vertexai's interfaces do)."""
    try:
        return name in inspect.signature(cls.__init__).parameters
    except (TypeError, ValueError):
        return False


def _google_id_token(audience):
    """An ID token for audience from the task's own identity: the metadata server on Vertex AI (GCE_METADATA_HOST
    moves it), or the service account key GOOGLE_APPLICATION_CREDENTIALS names."""
    from google.auth.transport.requests import Request
    from google.oauth2 import id_token

    return id_token.fetch_id_token(Request(), audience)


def _google_iam_id_token(service_account, audience):
    """An ID token of service_account for audience, signed by the IAM credentials API for the task's identity (which
    needs roles/iam.serviceAccountTokenCreator on that account)."""
    import google.auth
    from google.auth.transport.requests import AuthorizedSession

    credentials, _ = google.auth.default(scopes=["https://www.googleapis.com/auth/cloud-platform"])
    response = AuthorizedSession(credentials).post(
        "https://iamcredentials.googleapis.com/v1/projects/-/serviceAccounts/{}:generateIdToken".format(service_account),
        json={"audience": audience, "includeEmail": True},
    )
    if response.status_code != 200:
        raise RuntimeError("IAM refused an ID token of {}: HTTP {}".format(service_account, response.status_code))
    return response.json()["token"]


class _CachedToken:
    """A token fetched again 5 minutes before the hour Google ID tokens live; never printed."""

    LIFETIME_SECONDS = 55 * 60

    def __init__(self, fetch):
        self._fetch = fetch
        self._token = None
        self._fetched = 0.0

    def get(self):
        if self._token is None or time.monotonic() - self._fetched > self.LIFETIME_SECONDS:
            self._token = self._fetch()
            self._fetched = time.monotonic()
        return self._token


def _install_kedro_vertexai_shim(env):
    """Makes kedro-vertexai's public classes importable when the image lacks kedro-vertexai, so that providers
    written for its interface (subclasses of kedro_vertexai.dynamic_config.DynamicConfigProvider or of
    kedro_vertexai.auth.mlflow_request_header_provider.RequestHeaderProviderWithKedroContext) and its built-in class
    names work unchanged. Classes are made on first use: those on MLflow's interface need mlflow."""
    if SHIM_PACKAGE in sys.modules or importlib.util.find_spec(SHIM_PACKAGE) is not None:
        return

    def plugin_config_class():
        class PluginConfig:
            """What kedro-vertexai passes its providers as config: the project and region of the job."""

            def __init__(self, **values):
                self.__dict__.update(values)

        return PluginConfig

    def dynamic_config_provider_class():
        class DynamicConfigProvider:
            def __init__(self, config=None, **kwargs):
                self.config = config

            @classmethod
            def full_name(cls):
                return "{}.{}".format(cls.__module__, cls.__qualname__)

            @property
            def target_env(self):
                return env

            @property
            def target_config_file(self):
                raise NotImplementedError()

            def generate_config(self):
                raise NotImplementedError()

            def merge_with_existing(self, existing_config, generated_config):
                existing_config.update(generated_config)
                return existing_config

        return DynamicConfigProvider

    def header_provider_base_class():
        from mlflow.tracking.request_header.abstract_request_header_provider import RequestHeaderProvider

        class RequestHeaderProviderWithKedroContext(RequestHeaderProvider):
            def __init__(self, kedro_context=None, **kwargs):
                self.kedro_context = kedro_context
                self.params = kwargs

            def in_context(self):
                return True

            def request_headers(self):
                return {}

        return RequestHeaderProviderWithKedroContext

    def credentials_provider(name, required, fetch):
        base = attribute("dynamic_config", "DynamicConfigProvider")

        class Provider(base):
            def __init__(self, config=None, **kwargs):
                super().__init__(config)
                missing = [key for key in required if not kwargs.get(key)]
                if missing:
                    raise ValueError("params need {}".format(" and ".join(missing)))
                self.params = kwargs

            @property
            def target_config_file(self):
                return "credentials.yml"

            def generate_config(self):
                return {"gcp_credentials": {"MLFLOW_TRACKING_TOKEN": fetch(self.params)}}

        Provider.__name__ = Provider.__qualname__ = name
        Provider.__module__ = SHIM_PACKAGE + ".auth.gcp"
        return Provider

    def header_provider(name, required, fetch):
        base = attribute("auth.mlflow_request_header_provider", "RequestHeaderProviderWithKedroContext")

        class Provider(base):
            def __init__(self, kedro_context=None, **kwargs):
                super().__init__(kedro_context, **kwargs)
                self._token = _CachedToken(lambda: fetch(self.params))

            def in_context(self):
                return all(self.params.get(key) for key in required)

            def request_headers(self):
                return {"Authorization": "Bearer " + self._token.get()}

        Provider.__name__ = Provider.__qualname__ = name
        Provider.__module__ = SHIM_PACKAGE + ".auth.gcp"
        return Provider

    def oauth_token(params):
        return _google_id_token(params["client_id"])

    def iam_token(params):
        return _google_iam_id_token(params["service_account"], params["client_id"])

    oauth, iam = ("client_id",), ("client_id", "service_account")
    factories = {
        "config": {"PluginConfig": plugin_config_class},
        "dynamic_config": {"DynamicConfigProvider": dynamic_config_provider_class},
        "auth.mlflow_request_header_provider": {
            "RequestHeaderProviderWithKedroContext": header_provider_base_class,
        },
        "auth.gcp": {
            "MLFlowGoogleOAuthCredentialsProvider": lambda: credentials_provider(
                "MLFlowGoogleOAuthCredentialsProvider", oauth, oauth_token
            ),
            "MLFlowGoogleIAMCredentialsProvider": lambda: credentials_provider(
                "MLFlowGoogleIAMCredentialsProvider", iam, iam_token
            ),
            "MLFlowGoogleOauthRequestHeaderProvider": lambda: header_provider(
                "MLFlowGoogleOauthRequestHeaderProvider", oauth, oauth_token
            ),
            "MLFlowGoogleIAMRequestHeaderProvider": lambda: header_provider(
                "MLFlowGoogleIAMRequestHeaderProvider", iam, iam_token
            ),
        },
    }
    # The spellings kedro-vertexai's documentation uses for the same two header providers.
    aliases = {
        "MLFlowGoogleOAuthRequestHeaderProvider": "MLFlowGoogleOauthRequestHeaderProvider",
        "MLflowGoogleOAuthRequestHeaderProvider": "MLFlowGoogleOauthRequestHeaderProvider",
        "MLflowGoogleIAMRequestHeaderProvider": "MLFlowGoogleIAMRequestHeaderProvider",
    }
    made = {}

    def attribute(module, name):
        key = (module, aliases.get(name, name) if module == "auth.gcp" else name)
        if key not in made:
            made[key] = factories[module][key[1]]()
        return made[key]

    for module in ("", "auth") + tuple(factories):
        full_name = SHIM_PACKAGE + ("." + module if module else "")
        shim = types.ModuleType(full_name)
        shim.__path__ = []  # a package, so that its submodules import
        names = set(factories.get(module, ())) | (set(aliases) if module == "auth.gcp" else set())

        def module_getattr(name, module=module, names=names, full_name=full_name):
            if name in names:
                return attribute(module, name)
            raise AttributeError("module {} has no attribute {}".format(full_name, name))

        shim.__getattr__ = module_getattr
        sys.modules[full_name] = shim


def write_generated_config(spec, conf_dir, env):
    """Runs one dynamic config provider ({"cls": ..., "params": {...}}) and writes the dict of its generate_config()
    as YAML to <conf_dir>/<target_config_file>, merged into the file there as kedro-vertexai merges (the provider's
    merge_with_existing, by default the generated top-level keys replacing the file's). Returns the path written; a
    provider that cannot be imported, fails, or names a file outside conf_dir ends the task naming it."""
    import yaml

    _install_kedro_vertexai_shim(env)
    cls_name = spec["cls"]
    cls = _import_class(cls_name, "Dynamic config provider")
    # What kedro-vertexai hands its providers as self.config, as far as a task knows it.
    config = types.SimpleNamespace(project_id=os.environ.get("GCP_PROJECT_ID", ""), region=os.environ.get("GCP_REGION", ""))
    conf_dir = os.path.realpath(conf_dir)
    try:
        params = spec.get("params") or {}
        # kedro-vertexai builds its providers with its config first; other classes take the params alone.
        provider = cls(config, **params) if _takes(cls, "config") and "config" not in params else cls(**params)
        target = provider.target_config_file
        generated = provider.generate_config()
        path = os.path.realpath(os.path.join(conf_dir, str(target)))
        if os.path.commonpath([conf_dir, path]) != conf_dir or path == conf_dir:
            raise ValueError("its target_config_file {!r} is not a file inside {}".format(target, conf_dir))
        if not isinstance(generated, dict):
            raise ValueError("generate_config() returned {}, not a dict".format(type(generated).__name__))
        existing = {}
        if os.path.exists(path):
            with open(path, "r", encoding="utf-8") as current:
                existing = yaml.safe_load(current) or {}
        merge = getattr(provider, "merge_with_existing", None)
        if merge is not None:
            merged = merge(existing, generated)
        else:
            existing.update(generated)
            merged = existing
        merged = existing if merged is None else merged
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8") as out:
            yaml.safe_dump(merged, out, default_flow_style=False)
        return path
    except Exception as error:  # noqa: BLE001 - the task fails naming the provider and its error
        raise SystemExit("Dynamic config provider {} failed: {}: {}".format(cls_name, type(error).__name__, error))


class Tracking:
    """What a task does around its Kedro session for run_config.dynamic_config_providers and run_config.mlflow."""

    def __init__(self, args, job_name):
        self._args = args
        self._job_name = job_name
        self._providers = [_json_object("--config-provider", text) for text in args.config_provider]
        for provider in self._providers:
            if not isinstance(provider.get("cls"), str) or not isinstance(provider.get("params", {}), dict):
                raise SystemExit('--config-provider must be {"cls": "pkg.Class", "params": {...}}, got: ' + json.dumps(provider))
        self._header_params = _json_object("--mlflow-header-params", args.mlflow_header_params)
        self._context_box = {}

    def before_session(self, project_path):
        """Before the Kedro session starts: kedro-vertexai's classes, the generated config files, and the MLflow
        request header provider (registered now, built with the Kedro context once there is one)."""
        env = self._args.env or "local"
        _install_kedro_vertexai_shim(env)
        if self._providers:
            from kedro.framework.project import settings

            conf_dir = os.path.join(project_path, settings.CONF_SOURCE, env)
            for provider in self._providers:
                path = write_generated_config(provider, conf_dir, env)
                # The file may hold credentials: its name only, never its content.
                print("Dynamic config provider {} wrote {}".format(provider["cls"], os.path.relpath(path, project_path)))
        if self._args.mlflow and self._args.mlflow_header_provider:
            self._register_header_provider()

    def hooks(self):
        if not (self._args.mlflow and self._args.mlflow_header_provider):
            return []  # only the header provider needs the context
        from kedro.framework.hooks import hook_impl

        box = self._context_box

        class KedroContextHook:
            """Hands the Kedro context to the header provider before kedro-mlflow's first request."""

            @hook_impl(tryfirst=True)
            def after_context_created(self, context):
                box["context"] = context

        return [KedroContextHook()]

    def _register_header_provider(self):
        try:
            import mlflow.tracking.request_header.registry as registry
            from mlflow.tracking.request_header.abstract_request_header_provider import RequestHeaderProvider
        except ImportError:
            raise SystemExit("run_config.mlflow needs mlflow in the image (install kedro-mlflow)")
        cls_name = self._args.mlflow_header_provider
        cls = _import_class(cls_name, "MLflow request header provider")
        params = self._header_params
        box = self._context_box

        class ConfiguredProvider(RequestHeaderProvider):
            """The project's provider, built with the Kedro context when it takes one (kedro-vertexai's interface)."""

            def __init__(self):
                self._provider = None

            def _get(self):
                if self._provider is None:
                    if _takes(cls, "kedro_context"):
                        self._provider = cls(kedro_context=box.get("context"), **params)
                    else:
                        self._provider = cls(**params)
                return self._provider

            def in_context(self):
                return bool(self._get().in_context())

            def request_headers(self):
                try:
                    return self._get().request_headers()
                except Exception as error:  # noqa: BLE001 - MLflow would drop it and send the request unauthenticated
                    sys.stderr.write(
                        "MLflow request header provider {} failed: {}: {}\n".format(cls_name, type(error).__name__, error)
                    )
                    raise

        provider = ConfiguredProvider()
        registry._request_header_provider_registry.register(lambda: provider)

    def check_kedro_mlflow(self, session):
        """A pipeline that tracks in MLflow needs kedro-mlflow's hook in every task, or its tasks log nothing."""
        if not any(type(plugin).__module__.startswith("kedro_mlflow.") for plugin in session._hook_manager.get_plugins()):
            raise SystemExit(
                "The pipeline tracks its run in MLflow, but kedro-mlflow's hook is not active in this project: install"
                " kedro-mlflow in the image and keep its hook enabled, or set run_config.mlflow.enabled: false"
            )

    def _client_and_experiment(self, context):
        """The MLflow client and experiment that kedro-mlflow set up for this project and env."""
        config = getattr(context, "mlflow", None)
        if config is None:
            raise SystemExit(
                "The pipeline tracks its run in MLflow, but kedro-mlflow's hook is not active in this project: install"
                " kedro-mlflow in the image and keep its hook enabled, or set run_config.mlflow.enabled: false"
            )
        from mlflow.tracking import MlflowClient

        client = MlflowClient()
        name = config.tracking.experiment.name
        experiment = client.get_experiment_by_name(name)
        if experiment is None:
            raise SystemExit("MLflow has no experiment {!r} (kedro-mlflow creates it when a session starts)".format(name))
        return client, experiment, config

    def _runs_of_this_job(self, client, experiment):
        run_uuid = os.environ.get("KEDRO_CONFIG_RUN_ID", "")
        if not run_uuid:
            raise SystemExit("KEDRO_CONFIG_RUN_ID is not set: it tags the MLflow run of this pipeline run")
        query = "tags.{} = '{}'".format(RUN_ID_TAG, run_uuid.replace("'", ""))
        return client.search_runs([experiment.experiment_id], filter_string=query, max_results=2)

    def start_run(self, context, output_file):
        """Opens the pipeline run's MLflow run (or finds the one a retry of this task opened) and writes its id."""
        from kedro.framework.startup import _get_project_metadata

        client, experiment, config = self._client_and_experiment(context)
        runs = self._runs_of_this_job(client, experiment)
        if runs:
            run_id = runs[0].info.run_id
        else:
            tags = {
                RUN_ID_TAG: os.environ.get("KEDRO_CONFIG_RUN_ID", ""),
                JOB_NAME_TAG: self._job_name,
                "kedro_project": _get_project_metadata(context.project_path).project_name,
                "kedro_pipeline": self._args.pipeline,
                "kedro_env": self._args.env or "local",
            }
            # kedro-mlflow names the run so in every task that resumes it; the same name from the start.
            run_name = config.tracking.run.name or self._args.pipeline
            run_id = client.create_run(experiment.experiment_id, tags=tags, run_name=run_name).info.run_id
        directory = os.path.dirname(os.path.abspath(output_file))
        os.makedirs(directory, exist_ok=True)
        with open(output_file, "w", encoding="utf-8") as out:
            out.write(run_id)
        print("MLflow run {} of pipeline run {} in experiment {!r}".format(run_id, self._job_name, experiment.name))

    def find_run(self, context):
        """The id of this pipeline run's MLflow run, or None (with a warning) when its first task never opened it."""
        client, experiment, _ = self._client_and_experiment(context)
        runs = self._runs_of_this_job(client, experiment)
        if not runs:
            sys.stderr.write(
                "No MLflow run of pipeline run {} in experiment {!r}: nothing to close\n".format(self._job_name, experiment.name)
            )
            return None
        return runs[0].info.run_id

    def end_run(self, run_id, status):
        import mlflow
        from mlflow.tracking import MlflowClient

        # kedro-mlflow can leave the run active (it resumes it per node); MLflow would end it FINISHED at exit.
        while mlflow.active_run() is not None:
            mlflow.end_run()
        MlflowClient().set_terminated(run_id, status)
        print("MLflow run {} ended {}".format(run_id, status))


def run_task(args, job_name, timings_path):
    nodes = _json_list("--nodes", args.nodes)
    stored = _json_list("--stored", args.stored)
    params = runtime_params(args.param)
    outcome = pipeline_outcome(args.exit_status, job_name) if args.exit_status is not None else None
    if outcome is not None:
        params[OUTCOME_PARAM] = outcome
    if stored:
        _check_storage_support(args.root)
    from kedro.framework.session import KedroSession
    from kedro.framework.startup import bootstrap_project

    project_path = os.getcwd()
    bootstrap_project(project_path)
    tracking = Tracking(args, job_name)
    tracking.before_session(project_path)

    create_options = {"project_path": project_path, "env": args.env or None}
    create_parameters = inspect.signature(KedroSession.create).parameters
    create_options["runtime_params" if "runtime_params" in create_parameters else "extra_params"] = params
    with KedroSession.create(**create_options) as session:
        for hook in _hooks(args.root, job_name, stored, timings_path) + tracking.hooks():
            session._hook_manager.register(hook)
        if args.mlflow:
            tracking.check_kedro_mlflow(session)
        if args.mlflow_start_run is not None:
            tracking.start_run(session.load_context(), args.mlflow_start_run)
            return
        run, tracking_error = None, None
        if outcome is not None and args.mlflow:
            try:
                run = tracking.find_run(session.load_context())
            except (Exception, SystemExit) as error:  # noqa: BLE001 - the exit pipeline runs all the same
                tracking_error = error
                sys.stderr.write("Cannot find the MLflow run to close: {}\n".format(error))
            if run is not None and nodes:
                # kedro-mlflow resumes the run MLFLOW_RUN_ID names, so the exit pipeline logs into it too.
                os.environ["MLFLOW_RUN_ID"] = run
        try:
            if nodes:
                if "pipeline_names" in inspect.signature(session.run).parameters:
                    session.run(pipeline_names=[args.pipeline], node_names=nodes)  # Kedro 1.x
                else:
                    session.run(pipeline_name=args.pipeline, node_names=nodes)  # Kedro 0.19
        except Exception:
            if run is not None:
                tracking.end_run(run, "FAILED")
            raise
        if run is not None:
            tracking.end_run(run, MLFLOW_END_STATUS.get(outcome["status"], "FAILED"))
        if tracking_error is not None:
            raise SystemExit("The MLflow run of pipeline run {} was not closed: {}".format(job_name, tracking_error))


def main(argv=None):
    args = parse_args(argv)
    job_name = os.environ.get("KEDRO_CONFIG_JOB_NAME", "")
    if not job_name:
        raise SystemExit("KEDRO_CONFIG_JOB_NAME is not set: it names the folder of the datasets kept between tasks")
    add_host_aliases(args.host_alias)
    if args.mlflow and args.mlflow_start_run is None and args.exit_status is None and not os.environ.get("MLFLOW_RUN_ID"):
        raise SystemExit("MLFLOW_RUN_ID is not set: it names the MLflow run that the pipeline's first task opened")
    try:
        run_task(args, job_name, os.environ.get("KEDRO_VERTEXAI_TIMINGS", ""))
    except Exception as error:  # noqa: BLE001 - any failure ends the task with Kedro's own message
        traceback.print_exc()
        sys.stderr.write("Kedro failed in nodes {}: {}: {}\n".format(args.nodes, type(error).__name__, error))
        sys.exit(1)


if __name__ == "__main__":
    main()
