package dev.kedrovertexai.core.plan;

import dev.kedrovertexai.core.config.GroupingConfig;
import java.util.Objects;

/**
 * The planner's model of a run's wall time: the longest path through the task DAG, where a task costs its
 * container start-up ({@code overheadSeconds}), the run time of its nodes (measured in an earlier run, else
 * {@code defaultNodeSeconds} each) and {@code storageSeconds} for each dataset it saves to or loads from the
 * run's temporary storage. Datasets the catalog resolves cost nothing extra: their nodes save and load them
 * however they are grouped.
 */
public record CostModel(
    double overheadSeconds, double defaultNodeSeconds, double storageSeconds, NodeTimings timings) {

  public static final double DEFAULT_OVERHEAD_SECONDS = 90;
  public static final double DEFAULT_NODE_SECONDS = 10;
  public static final double DEFAULT_STORAGE_SECONDS = 5;

  /** The {@code run_config.grouping.params} keys that tune the model. */
  public static final String OVERHEAD_PARAM = "task_overhead_seconds";
  public static final String NODE_PARAM = "node_seconds";
  public static final String STORAGE_PARAM = "storage_seconds";

  public CostModel {
    Objects.requireNonNull(timings, "timings");
  }

  /** The model tuned by the grouping params, with defaults for what they do not set. */
  public static CostModel of(GroupingConfig grouping, NodeTimings timings) {
    return new CostModel(
        number(grouping, OVERHEAD_PARAM, DEFAULT_OVERHEAD_SECONDS),
        number(grouping, NODE_PARAM, DEFAULT_NODE_SECONDS),
        number(grouping, STORAGE_PARAM, DEFAULT_STORAGE_SECONDS),
        timings);
  }

  public double nodeSeconds(String node) {
    return timings.seconds(node).orElse(defaultNodeSeconds);
  }

  private static double number(GroupingConfig grouping, String key, double fallback) {
    Object value = grouping.params().get(key);
    if (value instanceof Number number) {
      return number.doubleValue();
    }
    if (value != null) {
      try {
        return Double.parseDouble(value.toString().trim());
      } catch (NumberFormatException e) {
        // The config loader validates params; an unparsable value here keeps the default.
        return fallback;
      }
    }
    return fallback;
  }
}
