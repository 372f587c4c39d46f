from kedro.pipeline import Pipeline, node

from .nodes import create_model_input_table, preprocess_companies, preprocess_shuttles


def create_pipeline(**kwargs) -> Pipeline:
    # The group.* tag lets TagNodeGrouper run the three nodes as one Vertex task; then
    # preprocessed_companies (a memory dataset) never leaves that task.
    return Pipeline(
        [
            node(
                preprocess_companies,
                inputs="companies",
                outputs="preprocessed_companies",
                name="preprocess_companies_node",
                tags=["group.data_processing"],
            ),
            node(
                preprocess_shuttles,
                inputs="shuttles",
                outputs="preprocessed_shuttles",
                name="preprocess_shuttles_node",
                tags=["group.data_processing"],
            ),
            node(
                create_model_input_table,
                inputs=[
                    "preprocessed_shuttles",
                    "preprocessed_companies",
                    "reviews",
                    "params:min_reviews",
                ],
                outputs="model_input_table",
                name="create_model_input_table_node",
                tags=["group.data_processing"],
            ),
        ]
    )
