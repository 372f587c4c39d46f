package dev.kedrovertexai.core.config;

import dev.kedrovertexai.core.Problem;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/** {@code run_config.grouping}: the strategy that puts nodes into tasks, and the params each one takes. */
final class GroupingSection {
  private GroupingSection() {}

  static GroupingConfig read(ConfigReader in, ConfigNode.Mapping runConfig, String parent) {
    String path = parent + ".grouping";
    ConfigNode.Mapping map = in.map(runConfig, parent, "grouping");
    if (map == null) {
      return GroupingConfig.NONE;
    }
    in.checkKeys(map, path, ConfigSchema.GROUPING_KEYS);
    String cls = in.string(map, path, "cls", value -> ConfigSchema.GROUPING_CLASSES.contains(value)
        ? Optional.empty()
        : Optional.of("'" + value + "' is not a grouping strategy" + Suggestions.didYouMean(value, ConfigSchema.GROUPING_CLASSES)
            + "; expected " + GroupingConfig.IDENTITY + ", " + GroupingConfig.TAGS + " or " + GroupingConfig.AUTO));
    if (cls == null) {
      if (in.present(map, "cls")) {
        return GroupingConfig.NONE;
      }
      cls = GroupingConfig.IDENTITY;
    }
    String paramsPath = path + ".params";
    Map<String, Object> params = new TreeMap<>();
    ConfigNode.Mapping paramsMap = in.map(map, path, "params");
    if (paramsMap != null) {
      Set<String> allowed = switch (cls) {
        case GroupingConfig.TAGS -> Set.of("tag_prefix");
        case GroupingConfig.AUTO -> autoParams();
        default -> Set.of();
      };
      for (Map.Entry<String, ConfigNode.Entry> entry : paramsMap.entries().entrySet()) {
        String key = entry.getKey();
        if (!allowed.contains(key)) {
          in.problems.add(
              new Problem(
                  entry.getValue().keyOrigin(), paramsPath + "." + key,
                  autoParams().contains(key) && !key.equals("tag_prefix")
                      ? "only " + GroupingConfig.AUTO + " grouping takes it, but run_config.grouping.cls is "
                          + cls + "; set cls: " + GroupingConfig.AUTO + " or drop " + key
                      : allowed.isEmpty()
                          ? "unknown key; " + cls + " takes no params"
                          : in.unknownKeyMessage(key, allowed)));
        }
      }
      String prefix = in.string(paramsMap, paramsPath, "tag_prefix",
          value -> value.isEmpty() ? Optional.of("must not be empty") : Optional.empty());
      if (prefix != null && allowed.contains("tag_prefix")) {
        params.put("tag_prefix", prefix);
      }
      if (allowed.contains(GroupingConfig.NODE_TIMINGS_PARAM)) {
        String timings = in.string(paramsMap, paramsPath, GroupingConfig.NODE_TIMINGS_PARAM,
            value -> value.isBlank()
                ? Optional.of("expected the path of a timings.json written by {goal:run-local}, got an empty value")
                : Optional.empty());
        if (timings != null) {
          params.put(GroupingConfig.NODE_TIMINGS_PARAM, timings);
        }
      }
      for (String key : GroupingConfig.AUTO_SECONDS_PARAMS) {
        if (!allowed.contains(key)) {
          continue;
        }
        Double seconds = in.number(paramsMap, paramsPath, key);
        if (seconds != null && seconds < 0) {
          in.problem(paramsMap, paramsPath, key, "must not be negative");
        } else if (seconds != null) {
          params.put(key, seconds);
        }
      }
    }
    return new GroupingConfig(cls, params);
  }

  /** The params {@code auto} takes. */
  private static Set<String> autoParams() {
    Set<String> auto = new TreeSet<>(GroupingConfig.AUTO_SECONDS_PARAMS);
    auto.add("tag_prefix");
    auto.add(GroupingConfig.NODE_TIMINGS_PARAM);
    return auto;
  }
}
