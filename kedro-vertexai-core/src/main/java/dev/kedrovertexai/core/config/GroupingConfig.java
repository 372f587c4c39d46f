package dev.kedrovertexai.core.config;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code run_config.grouping}. {@code cls} is one of {@link #IDENTITY}, {@link #TAGS} (kedro-vertexai's class
 * names) or {@link #AUTO}; {@code params} holds the validated parameters of that strategy, keyed as in YAML.
 */
public record GroupingConfig(String cls, Map<String, Object> params) {
  public static final String IDENTITY = "kedro_vertexai.grouping.IdentityNodeGrouper";
  public static final String TAGS = "kedro_vertexai.grouping.TagNodeGrouper";
  public static final String AUTO = "auto";
  public static final String DEFAULT_TAG_PREFIX = "group.";

  /** Modelled start-up cost of one Vertex task for {@code auto}, in seconds, unless params set it. */
  public static final double DEFAULT_TASK_OVERHEAD_SECONDS = 90;

  public static final GroupingConfig NONE = new GroupingConfig(IDENTITY, Map.of());

  public GroupingConfig {
    params = Collections.unmodifiableMap(new TreeMap<>(params));
  }

  public String tagPrefix() {
    Object prefix = params.get("tag_prefix");
    return prefix == null ? DEFAULT_TAG_PREFIX : prefix.toString();
  }

  /** {@code params.task_overhead_seconds} of {@code auto}, else {@link #DEFAULT_TASK_OVERHEAD_SECONDS}. */
  public double taskOverheadSeconds() {
    Object seconds = params.get("task_overhead_seconds");
    return seconds instanceof Number number ? number.doubleValue() : DEFAULT_TASK_OVERHEAD_SECONDS;
  }
}
