package dev.kedrovertexai.core.plan;

import java.util.List;
import java.util.Objects;

/**
 * How one Kedro pipeline runs on Vertex: its tasks in a topological order, and the datasets that cross task
 * boundaries without a catalog entry and so are kept in the run's temporary storage
 * ({@code <root>/kedro-vertexai-temp/<job name>/<dataset>.bin}).
 */
public record ExecutionPlan(
    String pipelineName, String groupingStrategy, List<PlannedTask> tasks, List<String> storedDatasets) {

  public ExecutionPlan {
    Objects.requireNonNull(pipelineName, "pipelineName");
    Objects.requireNonNull(groupingStrategy, "groupingStrategy");
    tasks = List.copyOf(tasks);
    storedDatasets = List.copyOf(storedDatasets);
  }

  public int nodeCount() {
    return tasks.stream().mapToInt(task -> task.nodes().size()).sum();
  }
}
