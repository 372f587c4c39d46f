"""The project's pipelines: data processing, then the same modelling pipeline in two namespaces; and the report
that run_config.on_exit_pipeline runs after them."""

from kedro.pipeline import Pipeline

from spaceflights.pipelines import data_processing, data_science, reporting


def register_pipelines() -> dict[str, Pipeline]:
    processing = data_processing.create_pipeline()
    science = data_science.create_pipeline()
    return {
        "__default__": processing + science,
        "data_processing": processing,
        "data_science": science,
        "report_outcome": reporting.create_pipeline(),
    }
