package dev.kedrovertexai.core.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kedrovertexai.core.Origin;
import dev.kedrovertexai.core.Problem;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Conversion of parameter values to their declared {@link ParameterType}: String, Long, Double, Boolean, List
 * or (sorted) Map. One rule set serves defaults written in {@code vertexai.yml}, values typed on the command line,
 * and typed config keys such as {@code gpu}.
 */
final class ParameterValues {
  private static final Pattern INTEGER = Pattern.compile("[+-]?[0-9]+");
  private static final Pattern DECIMAL = Pattern.compile("[+-]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][+-]?[0-9]+)?");
  private static final ObjectMapper JSON = new ObjectMapper();

  private ParameterValues() {}

  /** The value of a YAML node as {@code type}; empty when it is not one. */
  static Optional<Object> fromNode(ParameterType type, ConfigNode node) {
    if (node instanceof ConfigNode.Scalar scalar) {
      if (scalar.isNull()) {
        return Optional.empty();
      }
      Object value = scalar.value();
      return switch (type) {
        case STRING -> Optional.of(scalar.text());
        case INT -> value instanceof Long ? Optional.of(value) : value instanceof String text ? integer(text) : Optional.empty();
        case FLOAT -> value instanceof Long number
            ? Optional.of(number.doubleValue())
            : value instanceof Double number ? finite(number) : value instanceof String text ? decimal(text) : Optional.empty();
        case BOOL -> value instanceof Boolean ? Optional.of(value) : value instanceof String text ? bool(text) : Optional.empty();
        // A string here came from ${oc.env:...} or was quoted: read it as a YAML/JSON value.
        case LIST, DICT -> value instanceof String text ? structured(type, text) : Optional.empty();
      };
    }
    boolean matches = (type == ParameterType.LIST && node instanceof ConfigNode.Sequence)
        || (type == ParameterType.DICT && node instanceof ConfigNode.Mapping);
    return matches ? Optional.of(ConfigNode.toPlain(node)) : Optional.empty();
  }

  /**
   * The value of text typed by a user ({@code -Dvertexai.params=...}) as {@code type}; empty when it is not one.
   * A string may be quoted, which is how it can contain a comma: {@code "a,b"} (JSON escapes) or {@code 'a,b'}.
   */
  static Optional<Object> fromText(ParameterType type, String text) {
    String trimmed = text.trim();
    return switch (type) {
      case STRING -> Optional.of(unquote(trimmed));
      case INT -> integer(trimmed);
      case FLOAT -> decimal(trimmed);
      case BOOL -> bool(trimmed);
      case LIST, DICT -> structured(type, trimmed);
    };
  }

  static String describe(ParameterType type) {
    return switch (type) {
      case STRING -> "a string";
      case INT -> "an int";
      case FLOAT -> "a float";
      case BOOL -> "a bool (true or false)";
      case LIST -> "a list such as [1, 2]";
      case DICT -> "a dict such as {\"key\": 1}";
    };
  }

  static String shown(ConfigNode node) {
    return node instanceof ConfigNode.Scalar scalar && !scalar.isNull() ? "'" + scalar.text() + "'" : node.kindName();
  }

  private static Optional<Object> integer(String text) {
    if (!INTEGER.matcher(text).matches()) {
      return Optional.empty();
    }
    try {
      return Optional.of(Long.parseLong(text));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  private static Optional<Object> decimal(String text) {
    return DECIMAL.matcher(text).matches() ? finite(Double.parseDouble(text)) : Optional.empty();
  }

  /** Infinity and NaN cannot travel as JSON to Vertex AI. */
  private static Optional<Object> finite(double value) {
    return Double.isFinite(value) ? Optional.of(value) : Optional.empty();
  }

  private static Optional<Object> bool(String text) {
    String lower = text.toLowerCase(Locale.ROOT);
    return lower.equals("true") || lower.equals("false") ? Optional.of(Boolean.valueOf(lower)) : Optional.empty();
  }

  private static Optional<Object> structured(ParameterType type, String text) {
    List<Problem> problems = new ArrayList<>();
    ConfigNode node = YamlReader.readValue(text, Origin.of("value"), "", problems);
    if (node == null || !problems.isEmpty()) {
      return Optional.empty();
    }
    boolean matches = type == ParameterType.LIST ? node instanceof ConfigNode.Sequence : node instanceof ConfigNode.Mapping;
    return matches ? Optional.of(ConfigNode.toPlain(node)) : Optional.empty();
  }

  private static String unquote(String text) {
    if (text.length() >= 2 && text.startsWith("\"") && text.endsWith("\"")) {
      try {
        return JSON.readValue(text, String.class);
      } catch (JsonProcessingException e) {
        return text;
      }
    }
    if (text.length() >= 2 && text.startsWith("'") && text.endsWith("'")) {
      return text.substring(1, text.length() - 1);
    }
    return text;
  }
}
