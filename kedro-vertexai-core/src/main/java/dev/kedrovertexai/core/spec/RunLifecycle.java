package dev.kedrovertexai.core.spec;

import dev.kedrovertexai.core.plan.PlannedTask;

/**
 * What runs around the planned tasks. When either part is present the compiled pipeline gets a Kubeflow exit
 * handler: the planned tasks (after the MLflow run task, if any) run inside the handler's DAG, and one exit task
 * runs after that DAG whatever its outcome, receiving its final status.
 *
 * @param mlflow whether the run is tracked in MLflow: a first task opens one MLflow run, every other task logs
 *     into it, and the exit task closes it with the pipeline's outcome
 * @param exitPipeline the planned {@code run_config.on_exit_pipeline} (its nodes run in the exit task), or null
 */
public record RunLifecycle(boolean mlflow, PlannedTask exitPipeline) {
  public static final RunLifecycle NONE = new RunLifecycle(false, null);

  public boolean hasExitHandler() {
    return mlflow || exitPipeline != null;
  }
}
