package dev.kedrovertexai.core.plan;

import dev.kedrovertexai.core.Problem;
import dev.kedrovertexai.core.config.VertexAiConfig;
import java.util.List;
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

  /**
   * The model tuned by {@code run_config.grouping.params}, with defaults for what they do not set; a value that
   * is not a number of seconds >= 0 is reported in {@code problems}.
   */
  public static CostModel of(VertexAiConfig config, NodeTimings timings, List<Problem> problems) {
    return new CostModel(
        seconds(config, OVERHEAD_PARAM, DEFAULT_OVERHEAD_SECONDS, problems),
        seconds(config, NODE_PARAM, DEFAULT_NODE_SECONDS, problems),
        seconds(config, STORAGE_PARAM, DEFAULT_STORAGE_SECONDS, problems),
        timings);
  }

  public double nodeSeconds(String node) {
    return timings.seconds(node).orElse(defaultNodeSeconds);
  }

  private static double seconds(VertexAiConfig config, String key, double fallback, List<Problem> problems) {
    Object value = config.runConfig().grouping().params().get(key);
    if (value == null) {
      return fallback;
    }
    Double seconds = null;
    if (value instanceof Number number) {
      seconds = number.doubleValue();
    } else {
      try {
        seconds = Double.parseDouble(value.toString().trim());
      } catch (NumberFormatException e) {
        seconds = null;
      }
    }
    if (seconds == null || !(seconds >= 0) || seconds.isInfinite()) {
      String keyPath = "run_config.grouping.params." + key;
      problems.add(
          new Problem(
              config.originOf(keyPath),
              keyPath,
              "expected a number of seconds >= 0, found '" + value + "'"));
      return fallback;
    }
    return seconds;
  }
}
