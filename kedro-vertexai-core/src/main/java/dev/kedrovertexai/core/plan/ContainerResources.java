package dev.kedrovertexai.core.plan;

/**
 * The container setup of one Vertex task, resolved from {@code resources} and {@code node_selectors}. Tasks
 * with equal values share one executor in the compiled spec. Fields are null when not set; {@code
 * acceleratorType} and {@code acceleratorCount} are both set or both unset.
 */
public record ContainerResources(
    String cpuLimit, String memoryLimit, String acceleratorType, Integer acceleratorCount) {

  public boolean hasAccelerator() {
    return acceleratorType != null && acceleratorCount != null && acceleratorCount > 0;
  }
}
