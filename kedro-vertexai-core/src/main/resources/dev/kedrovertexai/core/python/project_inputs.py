"""Writes, as JSON, the local files of the datasets a Kedro pipeline only reads (its inputs that no node produces).

Local runs only: each task of an isolated run gets a copy of them, as an image would hold them. Run in the project
root with the project's interpreter:
  python project_inputs.py --pipeline P [--pipeline Q ...] --env E --out FILE
(every pipeline the run's tasks run: its main pipeline, and an exit pipeline's; a dataset one of them produces is
no input).
FILE gets {"paths": [...], "outside": [...]}: "paths" relative to the project (a file or a folder, such as a
partitioned or versioned dataset), "outside" the absolute local paths outside the project, which every task sees
where they are. Datasets that are not local files (memory, gs://, ...) are left out, as are files that do not exist
(the task that reads one then fails as it would in an image without it). Works with Kedro 0.19 and 1.x.
"""

import argparse
import json
import os


def _dataset(catalog, name):
    if hasattr(catalog, "_get_dataset"):
        return catalog._get_dataset(name)  # Kedro 0.19
    return catalog.get(name)  # Kedro 1.x: resolves dataset factories; None when nothing matches


def _local_path(dataset):
    """The local path a dataset reads, or None: fsspec-based datasets keep it in _filepath (or _path, for folders)
    with their protocol in _protocol."""
    if dataset is None or getattr(dataset, "_protocol", "file") not in ("file", "local"):
        return None
    for attribute in ("_filepath", "_path"):
        value = getattr(dataset, attribute, None)
        if isinstance(value, (str, os.PathLike)) and str(value):
            return str(value)
    return None


def _catalog(session):
    """The catalog of the session's env, made from its configuration as KedroContext makes it, but without loading
    the context: that runs the project's hooks (kedro-mlflow's connects to its tracking server), which only the tasks
    are set up for, with their credentials and header providers."""
    from kedro.framework.project import settings

    config_loader = session._get_config_loader()
    try:
        credentials = config_loader["credentials"]
    except Exception:  # Kedro's own default: a project without credentials gets none.
        credentials = {}
    return settings.DATA_CATALOG_CLASS.from_config(catalog=config_loader["catalog"], credentials=credentials)


def project_inputs(project_dir, pipeline_names, env):
    from kedro.framework.project import pipelines
    from kedro.framework.session import KedroSession
    from kedro.framework.startup import bootstrap_project

    bootstrap_project(project_dir)
    inputs, produced = set(), set()
    for pipeline_name in pipeline_names:
        inputs.update(pipelines[pipeline_name].inputs())
        produced.update(pipelines[pipeline_name].outputs())
    names = sorted(
        name for name in inputs - produced if name != "parameters" and not name.startswith("params:")
    )
    paths, outside = set(), set()
    with KedroSession.create(project_path=project_dir, env=env or None) as session:
        catalog = _catalog(session)
        for name in names:
            path = _local_path(_dataset(catalog, name))
            if path is None:
                continue
            # Kedro makes the catalog's relative paths absolute, below the project; a dataset made in code may not.
            path = os.path.normpath(os.path.join(project_dir, path))
            if not os.path.exists(path):
                continue
            relative = os.path.relpath(path, project_dir)
            if relative == os.curdir or relative.startswith(os.pardir + os.sep) or relative == os.pardir:
                outside.add(path)
            else:
                paths.add(relative.replace(os.sep, "/"))
    return {"paths": sorted(paths), "outside": sorted(outside)}


def main(argv=None):
    parser = argparse.ArgumentParser(description="Write the local files a Kedro pipeline only reads, as JSON.")
    parser.add_argument("--pipeline", required=True, action="append")
    parser.add_argument("--env", default="")
    parser.add_argument("--out", required=True)
    args = parser.parse_args(argv)
    found = project_inputs(os.getcwd(), args.pipeline, args.env)
    with open(args.out + ".tmp", "w", encoding="utf-8") as out:
        json.dump(found, out, indent=2)
        out.write("\n")
    os.replace(args.out + ".tmp", args.out)


if __name__ == "__main__":
    main()
