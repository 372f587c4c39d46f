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

  /**
   * The params of {@code auto} that tune its cost model, each a number of seconds (the planner's CostModel
   * holds their meaning and defaults).
   */
  public static final java.util.List<String> AUTO_SECONDS_PARAMS =
      java.util.List.of("task_overhead_seconds", "node_seconds", "storage_seconds");

  public static final GroupingConfig NONE = new GroupingConfig(IDENTITY, Map.of());

  public GroupingConfig {
    params = Collections.unmodifiableMap(new TreeMap<>(params));
  }

  public String tagPrefix() {
    Object prefix = params.get("tag_prefix");
    return prefix == null ? DEFAULT_TAG_PREFIX : prefix.toString();
  }
}
