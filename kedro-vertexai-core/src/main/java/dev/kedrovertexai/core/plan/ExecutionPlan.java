package dev.kedrovertexai.core.plan;

import java.util.List;
import java.util.Objects;

/**
 * How one Kedro pipeline runs on Vertex: its tasks in a topological order, and the datasets that cross task
 * boundaries in memory or on a local path and so are kept in the run's temporary storage
 * ({@code <root>/kedro-vertexai-temp/<job name>/<dataset>.bin}).
 *
 * @param modelledSecondsUngrouped the modelled wall time with one task per Kedro node (see {@link CostModel})
 * @param modelledSecondsPlanned the modelled wall time of this plan: the longest path through its tasks
 * @param localFiles the datasets the catalog writes to a local path, by name
 */
public record ExecutionPlan(
    String pipelineName,
    String groupingStrategy,
    List<PlannedTask> tasks,
    List<String> storedDatasets,
    double modelledSecondsUngrouped,
    double modelledSecondsPlanned,
    List<LocalFileDataset> localFiles) {

  public ExecutionPlan {
    Objects.requireNonNull(pipelineName, "pipelineName");
    Objects.requireNonNull(groupingStrategy, "groupingStrategy");
    tasks = List.copyOf(tasks);
    storedDatasets = List.copyOf(storedDatasets);
    localFiles = List.copyOf(localFiles);
  }

  /** A plan without datasets on local paths, for callers that build plans by hand. */
  public ExecutionPlan(
      String pipelineName,
      String groupingStrategy,
      List<PlannedTask> tasks,
      List<String> storedDatasets,
      double modelledSecondsUngrouped,
      double modelledSecondsPlanned) {
    this(
        pipelineName, groupingStrategy, tasks, storedDatasets, modelledSecondsUngrouped, modelledSecondsPlanned,
        List.of());
  }

  /** A plan without modelled times, for callers that build plans by hand. */
  public ExecutionPlan(
      String pipelineName, String groupingStrategy, List<PlannedTask> tasks, List<String> storedDatasets) {
    this(pipelineName, groupingStrategy, tasks, storedDatasets, 0, 0);
  }

  public int nodeCount() {
    return tasks.stream().mapToInt(task -> task.nodes().size()).sum();
  }
}
