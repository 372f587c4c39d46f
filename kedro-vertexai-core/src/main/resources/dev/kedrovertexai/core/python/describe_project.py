"""Prints the pipeline description of a Kedro project as one JSON document on stdout.

Run from the project's interpreter:  python describe_project.py --project-dir DIR [--env ENV]
Everything else (Kedro's logging, warnings, prints of the project's own code) goes to stderr, so that
stdout holds the JSON document alone. Works with Kedro 0.19 and 1.x.
"""

import argparse
import json
import os
import sys

FORMAT_VERSION = 2
# What Kedro's runners create for a dataset that no catalog entry or pattern defines.
RUNTIME_DEFAULT_TYPE = "kedro.io.MemoryDataset"
MEMORY_DATASET_TYPES = ("MemoryDataset", "SharedMemoryDataset")
# The configuration keys Kedro reads as a dataset's path (it makes the relative ones absolute with these).
LOCATION_KEYS = ("filepath", "path", "filename")


def _redirect_stdout_to_stderr():
    """Sends everything written to stdout, by Python or by native code, to stderr; returns the real stdout."""
    sys.stdout.flush()
    real_stdout = os.fdopen(os.dup(1), "w", encoding="utf-8")
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    return real_stdout


def _node_entry(node):
    return {
        "name": node.name,
        "namespace": node.namespace or None,
        "tags": sorted(node.tags),
        "inputs": list(node.inputs),
        "outputs": list(node.outputs),
    }


def _is_parameter(name):
    return name == "parameters" or name.startswith("params:")


def _without_credentials(value):
    """The catalog configuration without its credentials: the facts need none, so compiling needs none."""
    if isinstance(value, dict):
        return {key: _without_credentials(item) for key, item in value.items() if key != "credentials"}
    return value


def _catalog_resolver(catalog_config):
    """Kedro's own resolver of dataset names, the one `kedro run`'s catalog uses: declared entries first, then
    the factory patterns in Kedro's order, matched as Kedro matches them (case-insensitively, with format specs
    such as {x:d}). Building it instantiates no dataset, so no driver of any dataset is needed."""
    from kedro.io import CatalogConfigResolver, DataCatalog

    config = _without_credentials(catalog_config)
    runtime_patterns = getattr(DataCatalog, "default_runtime_patterns", None)
    if runtime_patterns is None:
        return CatalogConfigResolver(config)  # Kedro 0.19
    return CatalogConfigResolver(config, default_runtime_patterns=runtime_patterns)  # Kedro 1.x


def _catalog_entry(resolver, name):
    """The declared entry or the factory pattern that defines `name`, or None (Kedro's default applies)."""
    if name in resolver.config:
        return name
    if hasattr(resolver, "match_dataset_pattern"):  # Kedro 1.x: the user's patterns, then their catch-all
        return resolver.match_dataset_pattern(name) or resolver.match_user_catch_all_pattern(name)
    return resolver.match_pattern(name)  # Kedro 0.19: no runtime patterns were added, so only the user's


def _type_name(dataset_type):
    if isinstance(dataset_type, str):
        return dataset_type
    return "{}.{}".format(dataset_type.__module__, dataset_type.__qualname__)


def _is_memory_type(dataset_type):
    if isinstance(dataset_type, type):
        from kedro.io import MemoryDataset, SharedMemoryDataset

        return issubclass(dataset_type, (MemoryDataset, SharedMemoryDataset))
    # Named, not imported: importing a dataset class would need its drivers.
    return dataset_type.rsplit(".", 1)[-1] in MEMORY_DATASET_TYPES


def _location(config, project_dir):
    """(protocol, path) of where the dataset is written, as Kedro parses its path (no protocol is a local
    `file`), a local path inside the project relative to it; (None, None) for a dataset without a path."""
    from kedro.io.core import get_protocol_and_path

    for key in LOCATION_KEYS:
        value = config.get(key)
        if isinstance(value, (str, os.PathLike)) and str(value):
            protocol, path = get_protocol_and_path(str(value))
            if protocol == "file" and os.path.isabs(path) and _inside(path, project_dir):
                path = os.path.relpath(os.path.normpath(path), project_dir).replace(os.sep, "/")
            return protocol, path
    wrapped = config.get("dataset")  # e.g. CachedDataset writes through the dataset it wraps
    if isinstance(wrapped, dict):
        return _location(wrapped, project_dir)
    return None, None


def _inside(path, folder):
    try:
        return os.path.commonpath([os.path.normpath(path), folder]) == folder
    except ValueError:  # another drive
        return False


def _dataset_facts(resolver, name, project_dir):
    entry = _catalog_entry(resolver, name)
    if entry is None:
        return {"entry": None, "type": RUNTIME_DEFAULT_TYPE, "in_memory": True, "protocol": None, "path": None}
    config = resolver.resolve_pattern(name)
    dataset_type = config.get("type", "")
    protocol, path = _location(config, project_dir)
    return {
        "entry": entry,
        "type": _type_name(dataset_type),
        "in_memory": _is_memory_type(dataset_type),
        "protocol": protocol,
        "path": path,
    }


def _datasets(pipelines, resolver, project_dir):
    """What the catalog resolves every dataset of every pipeline to, by name."""
    names = set()
    for pipeline in pipelines.values():
        for node in pipeline.nodes:
            names.update(name for name in node.inputs + node.outputs if not _is_parameter(name))
    return {name: _dataset_facts(resolver, name, project_dir) for name in sorted(names)}


def _catalog_config(context):
    """The catalog configuration of the env, as Kedro loads it; a project without catalog files has none."""
    from kedro.config import MissingConfigException

    try:
        return dict(context.config_loader["catalog"] or {})
    except MissingConfigException:
        return {}


def _run_env(context):
    """The env the configuration was loaded for: the one asked for, else the loader's default (local)."""
    loader = context.config_loader
    return context.env or getattr(loader, "env", None) or getattr(loader, "default_run_env", None) or ""


def _kedro_mlflow_version(session):
    """kedro-mlflow's version when its hook is active in this project (installed, not disabled in settings), else
    None: the compiler then tracks each run in MLflow."""
    plugins = session._hook_manager.get_plugins()
    if not any(type(plugin).__module__.startswith("kedro_mlflow.") for plugin in plugins):
        return None
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("kedro-mlflow")
    except PackageNotFoundError:
        return "unknown"


def describe(project_dir, env):
    from kedro import __version__ as kedro_version
    from kedro.framework.project import pipelines
    from kedro.framework.session import KedroSession
    from kedro.framework.startup import bootstrap_project

    metadata = bootstrap_project(project_dir)
    with KedroSession.create(project_path=project_dir, env=env or None) as session:
        context = session.load_context()
        # Not context.catalog: Kedro 0.19 would instantiate every dataset, needing their drivers and credentials.
        resolver = _catalog_resolver(_catalog_config(context))
        registered = {name: pipelines[name] for name in sorted(pipelines.keys())}
        description = {
            "format_version": FORMAT_VERSION,
            "project_name": metadata.project_name,
            "package_name": metadata.package_name,
            "kedro_version": kedro_version,
            "env": _run_env(context),
            "pipelines": {
                name: {"nodes": [_node_entry(node) for node in pipeline.nodes]} for name, pipeline in registered.items()
            },
            "datasets": _datasets(registered, resolver, project_dir),
            "parameters": sorted(str(key) for key in context.params.keys()),
        }
        kedro_mlflow = _kedro_mlflow_version(session)
        if kedro_mlflow:
            description["kedro_mlflow"] = kedro_mlflow
        return description


def main(argv=None):
    parser = argparse.ArgumentParser(description="Print a Kedro project's pipeline description as JSON.")
    parser.add_argument("--project-dir", required=True)
    parser.add_argument("--env", default="")
    args = parser.parse_args(argv)
    real_stdout = _redirect_stdout_to_stderr()
    project_dir = os.path.abspath(args.project_dir)
    description = describe(project_dir, args.env)
    # The layout DescriptionJson.write uses too, so both produce the same bytes.
    json.dump(description, real_stdout, indent=2, ensure_ascii=False)
    real_stdout.write("\n")
    real_stdout.flush()


if __name__ == "__main__":
    main()
