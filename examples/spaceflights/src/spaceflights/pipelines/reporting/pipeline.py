from kedro.pipeline import Pipeline, node

from .nodes import report_outcome


def create_pipeline(**kwargs) -> Pipeline:
    # It reads only the run's outcome, so it can run whatever failed before it.
    return Pipeline(
        [node(report_outcome, inputs="params:pipeline_outcome", outputs="run_outcome", name="report_outcome_node")]
    )
