package dev.kedrovertexai.core.plan;

import java.util.List;
import java.util.Objects;

/**
 * One Vertex task: a group of Kedro nodes run by one Kedro session in one container.
 *
 * @param name the task name in the spec: unique, valid for Vertex, stable and readable
 * @param group the group it was formed from (a tag group's name, or the single node's name)
 * @param nodes full Kedro node names, in Kedro's topological order
 * @param dependsOn names of tasks that must finish first, sorted
 * @param storedInputs datasets this task loads from the run's temporary storage, sorted
 * @param storedOutputs datasets this task saves to the run's temporary storage, sorted
 * @param modelledSeconds the task's modelled duration: start-up, its nodes, and its stored datasets
 */
public record PlannedTask(
    String name,
    String group,
    List<String> nodes,
    List<String> dependsOn,
    ContainerResources resources,
    List<String> storedInputs,
    List<String> storedOutputs,
    double modelledSeconds) {

  public PlannedTask {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(group, "group");
    Objects.requireNonNull(resources, "resources");
    nodes = List.copyOf(nodes);
    dependsOn = List.copyOf(dependsOn);
    storedInputs = List.copyOf(storedInputs);
    storedOutputs = List.copyOf(storedOutputs);
  }

  /** A task without a modelled duration, for callers that build plans by hand. */
  public PlannedTask(
      String name,
      String group,
      List<String> nodes,
      List<String> dependsOn,
      ContainerResources resources,
      List<String> storedInputs,
      List<String> storedOutputs) {
    this(name, group, nodes, dependsOn, resources, storedInputs, storedOutputs, 0);
  }
}
