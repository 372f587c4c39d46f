package dev.kedrovertexai.core.config;

import java.util.Collections;
import java.util.Map;
import java.util.Optional;
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

  /**
   * The param of {@code auto} naming a {@code timings.json} (relative to the Kedro project) whose measured node
   * run times replace {@code node_seconds}. Only this key brings timings in, so a plan never depends on what
   * earlier runs left on the machine.
   */
  public static final String NODE_TIMINGS_PARAM = "node_timings";

  public static final String NODE_TIMINGS_KEY = "run_config.grouping.params." + NODE_TIMINGS_PARAM;

  public static final GroupingConfig NONE = new GroupingConfig(IDENTITY, Map.of());

  public GroupingConfig {
    params = Collections.unmodifiableMap(new TreeMap<>(params));
  }

  /** The {@link #NODE_TIMINGS_PARAM} path as written, if set. */
  public Optional<String> nodeTimings() {
    return Optional.ofNullable(params.get(NODE_TIMINGS_PARAM)).map(Object::toString);
  }

  public String tagPrefix() {
    Object prefix = params.get("tag_prefix");
    return prefix == null ? DEFAULT_TAG_PREFIX : prefix.toString();
  }
}
