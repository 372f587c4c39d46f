"""Prints the pipeline description of a Kedro project as one JSON document on stdout.

Run from the project's interpreter:  python describe_project.py --project-dir DIR [--env ENV]
Everything else (Kedro's logging, warnings, prints of the project's own code) goes to stderr, so that
stdout holds the JSON document alone. Works with Kedro 0.19 and 1.x.
"""

import argparse
import json
import os
import sys

FORMAT_VERSION = 1


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


def _is_pattern(name):
    return "{" in name


def _type_name(config):
    dataset_type = config.get("type", "") if isinstance(config, dict) else ""
    if isinstance(dataset_type, str):
        return dataset_type
    return "{}.{}".format(dataset_type.__module__, dataset_type.__qualname__)


def _catalog_patterns(catalog, catalog_config):
    """Dataset-factory patterns in Kedro's matching order, the user's catch-all last (if any).

    Kedro's own runtime default (a memory dataset for anything unmatched) is not a pattern of the project.
    """
    resolver = getattr(catalog, "config_resolver", None)
    if resolver is not None and hasattr(resolver, "_dataset_patterns"):
        # Kedro 1.x and 0.19.10+: the resolver sorts the patterns and keeps a user catch-all apart.
        ordered = dict(resolver._dataset_patterns)
        ordered.update(getattr(resolver, "_user_catch_all_pattern", None) or {})
        ordered.update(getattr(resolver, "_default_pattern", None) or {})
    elif hasattr(catalog, "_sorted_dataset_patterns"):
        ordered = dict(catalog._sorted_dataset_patterns)
    elif hasattr(catalog, "_dataset_patterns"):
        ordered = dict(catalog._dataset_patterns)
    else:
        ordered = {name: config for name, config in catalog_config.items() if _is_pattern(name)}
    return [{"pattern": name, "type": _type_name(config)} for name, config in ordered.items()]


def _catalog_datasets(catalog, catalog_config):
    """Declared datasets with their type as written in the catalog configuration (e.g. pandas.CSVDataset)."""
    datasets = {}
    for name, config in catalog_config.items():
        if not _is_pattern(name) and not name.startswith("_"):
            datasets[name] = _type_name(config)
    # Datasets added by code (hooks, settings) rather than configuration: name their class.
    for name in _catalog_names(catalog):
        if name not in datasets and not _is_parameter(name) and not _is_pattern(name):
            datasets[name] = _dataset_class_name(catalog, name)
    return [{"name": name, "type": datasets[name]} for name in sorted(datasets)]


def _catalog_names(catalog):
    if hasattr(catalog, "keys"):
        return list(catalog.keys())
    return list(catalog.list())  # Kedro 0.19's DataCatalog


def _dataset_class_name(catalog, name):
    if hasattr(catalog, "get_type"):
        return catalog.get_type(name) or ""
    datasets = getattr(catalog, "_datasets", None) or getattr(catalog, "_data_sets", {})
    dataset = datasets.get(name)
    if dataset is None:
        return ""
    return "{}.{}".format(type(dataset).__module__, type(dataset).__qualname__)


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
        catalog_config = _catalog_config(context)
        catalog = context.catalog
        described_pipelines = {}
        for name in sorted(pipelines.keys()):
            described_pipelines[name] = {"nodes": [_node_entry(node) for node in pipelines[name].nodes]}
        description = {
            "format_version": FORMAT_VERSION,
            "project_name": metadata.project_name,
            "package_name": metadata.package_name,
            "kedro_version": kedro_version,
            "env": _run_env(context),
            "pipelines": described_pipelines,
            "catalog": {
                "datasets": _catalog_datasets(catalog, catalog_config),
                "patterns": _catalog_patterns(catalog, catalog_config),
            },
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
