package dev.kedrovertexai.core.config;

import dev.kedrovertexai.core.Origin;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A YAML value that remembers where it was written, so that every problem can point at a file, line and
 * column. Mappings keep their keys in file order and the position of each key token.
 */
sealed interface ConfigNode permits ConfigNode.Scalar, ConfigNode.Mapping, ConfigNode.Sequence {

  Origin origin();

  /** What users call this kind of value in messages: "a string", "a map", "a list". */
  String kindName();

  /**
   * A scalar. {@code value} is null, Boolean, Long, BigInteger, Double or String (as YAML typed it); {@code text}
   * is the scalar as written (without quotes), which string-valued keys use so that {@code 2024} or {@code yes}
   * stay as typed.
   */
  record Scalar(Object value, String text, Origin origin) implements ConfigNode {
    static Scalar string(String text, Origin origin) {
      return new Scalar(text, text, origin);
    }

    static Scalar nullValue(Origin origin) {
      return new Scalar(null, "", origin);
    }

    boolean isNull() {
      return value == null;
    }

    @Override
    public String kindName() {
      if (value == null) {
        return "null";
      }
      if (value instanceof Boolean) {
        return "a boolean";
      }
      if (value instanceof Number) {
        return "a number";
      }
      return "a string";
    }
  }

  /** A key of a mapping and where its key token was written. */
  record Entry(Origin keyOrigin, ConfigNode value) {}

  record Mapping(Map<String, Entry> entries, Origin origin) implements ConfigNode {
    public Mapping {
      entries = Collections.unmodifiableMap(new LinkedHashMap<>(entries));
    }

    static Mapping empty(Origin origin) {
      return new Mapping(Map.of(), origin);
    }

    @Override
    public String kindName() {
      return "a map";
    }
  }

  record Sequence(List<ConfigNode> items, Origin origin) implements ConfigNode {
    public Sequence {
      items = List.copyOf(items);
    }

    @Override
    public String kindName() {
      return "a list";
    }
  }

  /**
   * The plain Java value of a node: null, Boolean, Long, Double, String, List or a sorted Map (sorted so that
   * everything compiled from it is byte-identical run to run). Integers beyond 64 bits become strings.
   */
  static Object toPlain(ConfigNode node) {
    if (node instanceof Scalar scalar) {
      Object value = scalar.value();
      if (value instanceof Number number && !(value instanceof Long) && !(value instanceof Double)) {
        return value instanceof java.math.BigInteger ? scalar.text() : number.doubleValue();
      }
      return value;
    }
    if (node instanceof Sequence sequence) {
      List<Object> items = new ArrayList<>();
      for (ConfigNode item : sequence.items()) {
        items.add(toPlain(item));
      }
      return Collections.unmodifiableList(items);
    }
    Map<String, Object> map = new TreeMap<>();
    for (Map.Entry<String, Entry> entry : ((Mapping) node).entries().entrySet()) {
      map.put(entry.getKey(), toPlain(entry.getValue().value()));
    }
    return Collections.unmodifiableMap(map);
  }
}
