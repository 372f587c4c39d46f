package dev.kedrovertexai.core.config;

import dev.kedrovertexai.core.Origin;
import dev.kedrovertexai.core.Problem;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads YAML into {@link ConfigNode}s that keep the line and column of every key and value. SnakeYAML's composed
 * node graph carries the marks; scalars are typed with SnakeYAML's own resolver (YAML 1.1, as PyYAML and so
 * Kedro read the same file). Merge keys ({@code <<: *anchor}) are applied; duplicate keys are problems.
 */
final class YamlReader {
  private final List<Problem> problems;

  /** Null to give each node its file position; else every node gets this origin (values typed in -D/POM). */
  private final Origin fixedOrigin;

  private final String source;
  private final Map<Node, Boolean> visiting = new IdentityHashMap<>();

  private YamlReader(String source, Origin fixedOrigin, List<Problem> problems) {
    this.source = source;
    this.fixedOrigin = fixedOrigin;
    this.problems = problems;
  }

  /**
   * A file's content; {@code source} is how the file is named in problems (relative to the project dir). An
   * empty document is an empty mapping. Null when the YAML cannot be parsed (the problem is recorded).
   */
  static ConfigNode readDocument(String text, String source, List<Problem> problems) {
    return new YamlReader(source, null, problems).read(text, "");
  }

  /** A single value typed outside a file, e.g. {@code [a, b]} from {@code -Dvertexai.yml.x=[a, b]}. */
  static ConfigNode readValue(String text, Origin origin, String keyPath, List<Problem> problems) {
    return new YamlReader(origin.source(), origin, problems).read(text, keyPath);
  }

  private ConfigNode read(String text, String keyPath) {
    Node root;
    try {
      root = newYaml().compose(new StringReader(text));
    } catch (MarkedYAMLException e) {
      Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
      String what = e.getProblem() != null ? e.getProblem() : e.getMessage();
      problems.add(new Problem(origin(mark), keyPath, "invalid YAML: " + what));
      return null;
    } catch (YAMLException e) {
      problems.add(new Problem(fixedOrigin != null ? fixedOrigin : Origin.of(source), keyPath,
          "invalid YAML: " + e.getMessage()));
      return null;
    }
    if (root == null) {
      return fixedOrigin != null
          ? ConfigNode.Scalar.nullValue(fixedOrigin)
          : ConfigNode.Mapping.empty(new Origin(source, 1, 1));
    }
    return convert(root, keyPath);
  }

  private ConfigNode convert(Node node, String keyPath) {
    Origin origin = origin(node.getStartMark());
    if (visiting.containsKey(node)) {
      problems.add(new Problem(origin, keyPath, "an alias refers to the value that contains it"));
      return ConfigNode.Scalar.nullValue(origin);
    }
    visiting.put(node, Boolean.TRUE);
    try {
      if (node instanceof ScalarNode scalar) {
        return scalar(scalar, origin);
      }
      if (node instanceof SequenceNode sequence) {
        List<ConfigNode> items = new ArrayList<>();
        for (Node item : sequence.getValue()) {
          items.add(convert(item, keyPath + "[" + items.size() + "]"));
        }
        return new ConfigNode.Sequence(items, origin);
      }
      return mapping((MappingNode) node, origin, keyPath);
    } finally {
      visiting.remove(node);
    }
  }

  private ConfigNode.Mapping mapping(MappingNode node, Origin origin, String keyPath) {
    Map<String, ConfigNode.Entry> explicit = new LinkedHashMap<>();
    Map<String, ConfigNode.Entry> merged = new LinkedHashMap<>();
    for (NodeTuple tuple : node.getValue()) {
      Node keyNode = tuple.getKeyNode();
      Origin keyOrigin = origin(keyNode.getStartMark());
      if (keyNode.getTag().equals(Tag.MERGE)) {
        mergeInto(merged, tuple.getValueNode(), keyOrigin, keyPath);
        continue;
      }
      if (!(keyNode instanceof ScalarNode scalarKey)) {
        problems.add(new Problem(keyOrigin, keyPath, "a key must be a plain string, not a list or map"));
        continue;
      }
      String key = scalarKey.getValue();
      String path = keyPath.isEmpty() ? key : keyPath + "." + key;
      ConfigNode.Entry previous = explicit.get(key);
      if (previous != null) {
        problems.add(new Problem(keyOrigin, path, "duplicate key; it is already set at " + previous.keyOrigin()));
      }
      explicit.put(key, new ConfigNode.Entry(keyOrigin, convert(tuple.getValueNode(), path)));
    }
    // Keys written out beat keys merged in from anchors, whatever their order (as YAML merge keys define).
    Map<String, ConfigNode.Entry> entries = new LinkedHashMap<>(merged);
    entries.putAll(explicit);
    return new ConfigNode.Mapping(entries, origin);
  }

  private void mergeInto(Map<String, ConfigNode.Entry> merged, Node value, Origin keyOrigin, String keyPath) {
    List<Node> sources = value instanceof SequenceNode sequence ? sequence.getValue() : List.of(value);
    for (Node source : sources) {
      ConfigNode converted = convert(source, keyPath);
      if (converted instanceof ConfigNode.Mapping mapping) {
        mapping.entries().forEach(merged::putIfAbsent);
      } else {
        problems.add(new Problem(keyOrigin, keyPath, "'<<' must merge a map or a list of maps"));
      }
    }
  }

  private static final ScalarConstructor CONSTRUCTOR = new ScalarConstructor();

  private static ConfigNode.Scalar scalar(ScalarNode node, Origin origin) {
    String text = node.getValue();
    Tag tag = node.getTag();
    if (tag.equals(Tag.NULL)) {
      return new ConfigNode.Scalar(null, text, origin);
    }
    if (tag.equals(Tag.BOOL) || tag.equals(Tag.INT) || tag.equals(Tag.FLOAT)) {
      Object value;
      try {
        value = CONSTRUCTOR.construct(node);
      } catch (YAMLException | NumberFormatException e) {
        value = text;
      }
      if (value instanceof Integer integer) {
        value = integer.longValue();
      }
      return new ConfigNode.Scalar(value, text, origin);
    }
    // Strings, and everything YAML would turn into other objects (timestamps, binary): kept as written.
    return ConfigNode.Scalar.string(text, origin);
  }

  private Origin origin(Mark mark) {
    if (fixedOrigin != null) {
      return fixedOrigin;
    }
    return mark == null ? Origin.of(source) : new Origin(source, mark.getLine() + 1, mark.getColumn() + 1);
  }

  private static Yaml newYaml() {
    LoaderOptions options = new LoaderOptions();
    options.setMaxAliasesForCollections(200);
    return new Yaml(new SafeConstructor(options));
  }

  /** Exposes SnakeYAML's scalar construction, so that numbers and booleans follow YAML 1.1 exactly. */
  private static final class ScalarConstructor extends SafeConstructor {
    ScalarConstructor() {
      super(new LoaderOptions());
    }

    synchronized Object construct(ScalarNode node) {
      return constructObject(node);
    }
  }
}
