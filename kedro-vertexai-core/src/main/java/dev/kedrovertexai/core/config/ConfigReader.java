package dev.kedrovertexai.core.config;

import dev.kedrovertexai.core.Origin;
import dev.kedrovertexai.core.Problem;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Typed access to the keys of a {@code vertexai.yml} tree for the section validators. A value that is absent,
 * null or wrong reads as null; a wrong one also adds a problem located at its key, so validation carries on and
 * reports every mistake at once. Keys accepted without effect add warnings.
 */
final class ConfigReader {
  final List<Problem> problems;
  final List<String> warnings = new ArrayList<>();

  ConfigReader(List<Problem> problems) {
    this.problems = problems;
  }

  void checkKeys(ConfigNode.Mapping map, String path, Set<String> allowed) {
    map.entries().forEach((key, entry) -> {
      if (!allowed.contains(key)) {
        problems.add(new Problem(entry.keyOrigin(), child(path, key), unknownKeyMessage(key, allowed)));
      }
    });
  }

  String unknownKeyMessage(String key, Set<String> allowed) {
    Optional<String> match = Suggestions.closest(key, allowed);
    return match
        .map(candidate -> "unknown key; did you mean '" + candidate + "'?")
        .orElseGet(() -> "unknown key; expected one of " + String.join(", ", new TreeSet<>(allowed)));
  }

  boolean present(ConfigNode.Mapping map, String key) {
    ConfigNode.Entry entry = map.entries().get(key);
    return entry != null && !(entry.value() instanceof ConfigNode.Scalar scalar && scalar.isNull());
  }

  Origin originOf(ConfigNode.Mapping map, String key, Origin fallback) {
    ConfigNode.Entry entry = map.entries().get(key);
    return entry == null ? fallback : entry.keyOrigin();
  }

  void missing(Origin where, String path) {
    String hint = ConfigProperties.parameterFor(path)
        .map(name -> " (set it in conf/base/vertexai.yml or with {param:" + name + "=...})")
        .orElse("");
    problems.add(new Problem(where, path, "required key is missing" + hint));
  }

  void problem(ConfigNode.Mapping map, String path, String key, String message) {
    problems.add(new Problem(originOf(map, key, map.origin()), child(path, key), message));
  }

  void warn(ConfigNode.Mapping map, String path, String key, String message) {
    warnings.add(new Problem(originOf(map, key, map.origin()), child(path, key), message).toString());
  }

  String child(String path, String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  private String wrongType(ConfigNode value, String expected) {
    String hint = value.origin().line() <= 0 && !(value instanceof ConfigNode.Scalar)
        ? " (values given on the command line or in the build file are read as YAML: quote a value that contains ': ', '[' or '{')"
        : "";
    return "expected " + expected + ", got " + value.kindName() + hint;
  }

  ConfigNode.Mapping map(ConfigNode.Mapping parent, String path, String key) {
    ConfigNode.Entry entry = parent.entries().get(key);
    return entry == null ? null : expectMap(entry, child(path, key), "a map");
  }

  ConfigNode.Mapping expectMap(ConfigNode.Entry entry, String path, String expected) {
    if (entry.value() instanceof ConfigNode.Mapping mapping) {
      return mapping;
    }
    if (!(entry.value() instanceof ConfigNode.Scalar scalar && scalar.isNull() && expected.equals("a map"))) {
      problems.add(new Problem(entry.keyOrigin(), path, wrongType(entry.value(), expected)));
    }
    return null;
  }

  ConfigNode.Sequence sequence(ConfigNode.Mapping parent, String path, String key) {
    if (!present(parent, key)) {
      return null;
    }
    ConfigNode.Entry entry = parent.entries().get(key);
    if (entry.value() instanceof ConfigNode.Sequence sequence) {
      return sequence;
    }
    problems.add(new Problem(entry.keyOrigin(), child(path, key), wrongType(entry.value(), "a list")));
    return null;
  }

  /** The text of a scalar; numbers and booleans count as written ({@code 2024}, {@code yes}). */
  String scalarText(ConfigNode.Entry entry, String path, String expected) {
    if (entry.value() instanceof ConfigNode.Scalar scalar) {
      return scalar.isNull() ? null : scalar.text();
    }
    problems.add(new Problem(entry.keyOrigin(), path, wrongType(entry.value(), expected)));
    return null;
  }

  Function<String, Optional<String>> none() {
    return value -> Optional.empty();
  }

  String string(ConfigNode.Mapping map, String path, String key, Function<String, Optional<String>> check) {
    ConfigNode.Entry entry = map.entries().get(key);
    if (entry == null) {
      return null;
    }
    String text = scalarText(entry, child(path, key), "a string");
    if (text == null) {
      return null;
    }
    Optional<String> problem = check.apply(text);
    if (problem.isPresent()) {
      problems.add(new Problem(entry.keyOrigin(), child(path, key), problem.get()));
      return null;
    }
    return text;
  }

  String requiredString(
      ConfigNode.Mapping map, String path, String key, Origin where, Function<String, Optional<String>> check) {
    if (!present(map, key)) {
      missing(originOf(map, key, where), child(path, key));
      return null;
    }
    return string(map, path, key, check);
  }

  /** cpu and memory: a string or a plain number ({@code cpu: 2}), checked as text. */
  String amount(ConfigNode.Mapping map, String path, String key, Function<String, Optional<String>> check) {
    ConfigNode.Entry entry = map.entries().get(key);
    if (entry != null && entry.value() instanceof ConfigNode.Scalar scalar && scalar.value() instanceof Boolean) {
      problems.add(new Problem(entry.keyOrigin(), child(path, key), "expected a string or a number, got a boolean"));
      return null;
    }
    return string(map, path, key, check);
  }

  List<String> stringList(
      ConfigNode.Mapping map, String path, String key, Function<String, Optional<String>> check) {
    ConfigNode.Sequence sequence = sequence(map, path, key);
    if (sequence == null) {
      return null;
    }
    List<String> values = new ArrayList<>();
    for (int i = 0; i < sequence.items().size(); i++) {
      ConfigNode item = sequence.items().get(i);
      String itemPath = child(path, key) + "[" + i + "]";
      if (!(item instanceof ConfigNode.Scalar scalar) || scalar.isNull()) {
        problems.add(new Problem(item.origin(), itemPath, wrongType(item, "a string")));
        continue;
      }
      Optional<String> problem = check.apply(scalar.text());
      if (problem.isPresent()) {
        problems.add(new Problem(item.origin(), itemPath, problem.get()));
      } else {
        values.add(scalar.text());
      }
    }
    return values;
  }

  Long integer(ConfigNode.Mapping map, String path, String key) {
    ParameterValue value = typed(map, path, key, ParameterType.INT, "a whole number");
    return value == null ? null : value.longValue();
  }

  Double number(ConfigNode.Mapping map, String path, String key) {
    ParameterValue value = typed(map, path, key, ParameterType.FLOAT, "a number");
    return value == null ? null : value.doubleValue();
  }

  Boolean bool(ConfigNode.Mapping map, String path, String key) {
    ParameterValue value = typed(map, path, key, ParameterType.BOOL, "true or false");
    return value == null ? null : value.booleanValue();
  }

  /** The value of a key as {@code type}, by the same rules as parameter defaults. */
  private ParameterValue typed(ConfigNode.Mapping map, String path, String key, ParameterType type, String expected) {
    if (!present(map, key)) {
      return null;
    }
    ConfigNode.Entry entry = map.entries().get(key);
    Optional<ParameterValue> value = ParameterValue.read(type, entry.value());
    if (value.isEmpty()) {
      problems.add(new Problem(entry.keyOrigin(), child(path, key),
          "expected " + expected + ", got " + ParameterValue.shown(entry.value())));
      return null;
    }
    return value.get();
  }

  /** A whole number from 1 to Integer.MAX_VALUE; {@code complaint} follows the value when it is out of range. */
  Long positive(ConfigNode.Mapping map, String path, String key, String complaint) {
    Long value = integer(map, path, key);
    if (value != null && (value < 1 || value > Integer.MAX_VALUE)) {
      problem(map, path, key, "'" + value + "' " + complaint);
      return null;
    }
    return value;
  }

  /** A map of plain YAML values (scalars, lists, maps), or an empty map when absent; null when it is not a map. */
  Map<String, Object> plainMap(ConfigNode.Mapping parent, String path, String key) {
    if (!present(parent, key)) {
      return Map.of();
    }
    ConfigNode.Mapping map = map(parent, path, key);
    if (map == null) {
      return null;
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> plain = (Map<String, Object>) ConfigNode.toPlain(map);
    return plain;
  }

  OffsetDateTime time(ConfigNode.Mapping map, String path, String key) {
    String text = string(map, path, key, none());
    if (text == null) {
      return null;
    }
    Optional<OffsetDateTime> time = Formats.rfc3339(text);
    if (time.isEmpty()) {
      problem(map, path, key, "'" + text + "' is not an RFC 3339 time with an offset, e.g. 2025-01-31T06:00:00Z");
      return null;
    }
    return time.get();
  }

  ConfigNode.Mapping withoutNone(ConfigNode.Mapping map) {
    Map<String, ConfigNode.Entry> entries = new LinkedHashMap<>();
    map.entries().forEach((key, entry) -> {
      boolean none = entry.value() instanceof ConfigNode.Scalar scalar
          && scalar.value() instanceof String text
          && text.equalsIgnoreCase("none");
      entries.put(key, none ? new ConfigNode.Entry(entry.keyOrigin(), ConfigNode.Scalar.nullValue(entry.value().origin())) : entry);
    });
    return new ConfigNode.Mapping(entries, map.origin());
  }

  void legacy(ConfigNode.Mapping runConfig, String parent, String key) {
    if (present(runConfig, key)) {
      warn(runConfig, parent, key, "has no effect on Vertex AI (accepted for compatibility with kedro-vertexai); you can remove it");
    }
  }
}
