package dev.kedrovertexai.core.config;

import dev.kedrovertexai.core.Origin;
import dev.kedrovertexai.core.Problem;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Stacks configuration layers: {@code conf/base}, {@code conf/<env>}, then each override. Maps merge key by key
 * at every depth; anything else (scalars, lists, null) in a later layer replaces the earlier value. Every key
 * keeps the origin of the layer that last set it.
 */
final class ConfigLayers {
  private ConfigLayers() {}

  static ConfigNode merge(ConfigNode base, ConfigNode over) {
    if (base instanceof ConfigNode.Mapping baseMap && over instanceof ConfigNode.Mapping overMap) {
      Map<String, ConfigNode.Entry> entries = new LinkedHashMap<>(baseMap.entries());
      overMap.entries().forEach((key, entry) -> {
        ConfigNode.Entry previous = entries.get(key);
        entries.put(
            key,
            previous == null ? entry : new ConfigNode.Entry(entry.keyOrigin(), merge(previous.value(), entry.value())));
      });
      return new ConfigNode.Mapping(entries, baseMap.origin());
    }
    return over;
  }

  /**
   * Applies one override as if it were one more file setting a single key. Its dotted key path walks maps only:
   * keys that contain dots (namespaced node names, node selector labels) cannot be addressed, so such entries
   * are overridden through their parent map ({@code -Dvertexai.yml.run_config.node_selectors.gpu={...}}).
   */
  static ConfigNode.Mapping apply(ConfigNode.Mapping root, ConfigOverride override, List<Problem> problems) {
    String keyPath = override.keyPath().trim();
    List<String> segments = List.of(keyPath.split("\\.", -1));
    if (keyPath.isEmpty() || segments.stream().anyMatch(String::isEmpty)) {
      problems.add(
          new Problem(override.origin(), keyPath, "is not a key path: expected dotted keys such as run_config.image"));
      return root;
    }
    ConfigNode value =
        YamlReader.readValue(override.value() == null ? "" : override.value(), override.origin(), keyPath, problems);
    if (value == null) {
      return root;
    }
    ConfigNode result = set(root, segments, 0, value, override.origin(), problems);
    return result instanceof ConfigNode.Mapping mapping ? mapping : root;
  }

  private static ConfigNode set(
      ConfigNode node, List<String> segments, int index, ConfigNode value, Origin origin, List<Problem> problems) {
    String path = String.join(".", segments.subList(0, index));
    if (node instanceof ConfigNode.Sequence) {
      problems.add(
          new Problem(
              origin, String.join(".", segments),
              "cannot set a key inside the list " + path + "; override the whole list instead, e.g. {param:yml."
                  + path + "=[...]}"));
      return node;
    }
    ConfigNode.Mapping mapping = node instanceof ConfigNode.Mapping existing ? existing : ConfigNode.Mapping.empty(origin);
    String key = segments.get(index);
    ConfigNode.Entry previous = mapping.entries().get(key);
    ConfigNode newValue;
    Origin keyOrigin;
    if (index == segments.size() - 1) {
      newValue = previous == null ? value : merge(previous.value(), value);
      keyOrigin = origin;
    } else {
      ConfigNode child = previous == null ? null : previous.value();
      newValue = set(child, segments, index + 1, value, origin, problems);
      keyOrigin = previous == null ? origin : previous.keyOrigin();
    }
    Map<String, ConfigNode.Entry> entries = new LinkedHashMap<>(mapping.entries());
    entries.put(key, new ConfigNode.Entry(keyOrigin, newValue));
    return new ConfigNode.Mapping(entries, mapping.origin());
  }

  /** Where every key path of the final tree was set: {@code run_config.resources.train} -> its key token. */
  static void collectOrigins(ConfigNode node, String path, Map<String, Origin> origins) {
    if (node instanceof ConfigNode.Mapping mapping) {
      mapping.entries().forEach((key, entry) -> {
        String childPath = path.isEmpty() ? key : path + "." + key;
        origins.put(childPath, entry.keyOrigin());
        collectOrigins(entry.value(), childPath, origins);
      });
    } else if (node instanceof ConfigNode.Sequence sequence) {
      for (int i = 0; i < sequence.items().size(); i++) {
        ConfigNode item = sequence.items().get(i);
        String itemPath = path + "[" + i + "]";
        origins.put(itemPath, item.origin());
        collectOrigins(item, itemPath, origins);
      }
    }
  }
}
