from kedro.pipeline import Pipeline, node, pipeline

from .nodes import evaluate_model, split_data, train_model

MODELLING_NAMESPACES = ("active_modelling", "candidate_modelling")


def _modelling() -> Pipeline:
    return Pipeline(
        [
            node(
                split_data,
                inputs=["model_input_table", "params:model_options"],
                outputs=["X_train", "X_test", "y_train", "y_test"],
                name="split_data_node",
            ),
            node(
                train_model,
                inputs=["X_train", "y_train"],
                outputs="regressor",
                name="train_model_node",
                tags=["training"],
            ),
            node(
                evaluate_model,
                inputs=["regressor", "X_test", "y_test"],
                outputs="metrics",
                name="evaluate_model_node",
            ),
        ]
    )


def create_pipeline(**kwargs) -> Pipeline:
    """The modelling pipeline once per namespace, each with its own parameters and outputs.

    Only the active modelling nodes carry a group tag, so tag grouping merges them into one task while
    the candidate nodes stay one task each.
    """
    modelling = Pipeline([])
    for namespace in MODELLING_NAMESPACES:
        tags = ["group.active_modelling"] if namespace == "active_modelling" else []
        modelling += pipeline(
            _modelling(),
            inputs="model_input_table",
            namespace=namespace,
            tags=tags,
        )
    return modelling
