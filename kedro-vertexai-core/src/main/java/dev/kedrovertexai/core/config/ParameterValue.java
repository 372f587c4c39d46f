package dev.kedrovertexai.core.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BigIntegerNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.kedrovertexai.core.Origin;
import dev.kedrovertexai.core.Problem;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The value of a pipeline parameter, of its declared type, on its whole way: from where it is given (a default in
 * {@code vertexai.yml}, text on the command line) to the spec's {@code defaultValue}, the PipelineJob's
 * {@code parameterValues} and a task's command line. Every one of those is a JSON value, so that is what it holds:
 * a string, a whole number, a finite decimal, a boolean, a list or an object with sorted keys, as its type says.
 * It is immutable; {@link #json()} hands out copies.
 */
public final class ParameterValue {
  private static final Pattern INTEGER = Pattern.compile("[+-]?[0-9]+");
  private static final Pattern DECIMAL = Pattern.compile("[+-]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][+-]?[0-9]+)?");
  private static final ObjectMapper JSON = new ObjectMapper();
  /**
   * The largest whole number a double holds exactly, 2^53 - 1. Vertex AI carries every number as a double, so a
   * larger int would reach Kedro changed.
   */
  private static final long MAX_EXACT = (1L << 53) - 1;
  private static final String NUMBERS_INSIDE =
      ", with every number in it finite and every whole one within ±(2^53 - 1), as Vertex AI carries them";

  private final ParameterType type;
  private final JsonNode json;

  private ParameterValue(ParameterType type, JsonNode json) {
    this.type = type;
    this.json = json;
  }

  public static ParameterValue ofString(String value) {
    return new ParameterValue(ParameterType.STRING, TextNode.valueOf(Objects.requireNonNull(value, "value")));
  }

  /** An int from -(2^53 - 1) to 2^53 - 1, the whole numbers Vertex AI carries exactly. */
  public static ParameterValue ofInt(long value) {
    if (!carriedExactly(value)) {
      throw new IllegalArgumentException("not an int Vertex AI carries exactly: " + value);
    }
    return new ParameterValue(ParameterType.INT, LongNode.valueOf(value));
  }

  /** A float; Infinity and NaN are no parameter values, as they cannot travel as JSON to Vertex AI. */
  public static ParameterValue ofFloat(double value) {
    if (!Double.isFinite(value)) {
      throw new IllegalArgumentException("not a finite float: " + value);
    }
    return new ParameterValue(ParameterType.FLOAT, DoubleNode.valueOf(value));
  }

  public static ParameterValue ofBool(boolean value) {
    return new ParameterValue(ParameterType.BOOL, BooleanNode.valueOf(value));
  }

  /**
   * The value of text a user typed for a run ({@code name=value} in {param:params}) as {@code type}; empty when it
   * is not one. A string may be quoted, which is how it can contain a comma: {@code "a,b"} (JSON escapes) or
   * {@code 'a,b'}. Lists and dicts are JSON or YAML flow: {@code [1, 2]}, {@code {a: 1}}.
   */
  public static Optional<ParameterValue> parse(ParameterType type, String text) {
    String trimmed = text.trim();
    return switch (type) {
      case STRING -> Optional.of(ofString(unquote(trimmed)));
      case INT -> integer(trimmed);
      case FLOAT -> decimal(trimmed);
      case BOOL -> bool(trimmed);
      case LIST, DICT -> structured(type, trimmed);
    };
  }

  /** The value of a YAML node as {@code type}; empty when it is not one. */
  static Optional<ParameterValue> read(ParameterType type, ConfigNode node) {
    if (node instanceof ConfigNode.Scalar scalar) {
      if (scalar.isNull()) {
        return Optional.empty();
      }
      Object value = scalar.value();
      return switch (type) {
        case STRING -> Optional.of(ofString(scalar.text()));
        case INT -> value instanceof Long number
            ? exact(number)
            : value instanceof String text ? integer(text) : Optional.empty();
        case FLOAT -> value instanceof Long number
            ? Optional.of(ofFloat(number.doubleValue()))
            : value instanceof Double number ? finite(number) : value instanceof String text ? decimal(text) : Optional.empty();
        case BOOL -> value instanceof Boolean flag
            ? Optional.of(ofBool(flag))
            : value instanceof String text ? bool(text) : Optional.empty();
        // A string here came from ${oc.env:...} or was quoted: read it as a YAML/JSON value.
        case LIST, DICT -> value instanceof String text ? structured(type, text) : Optional.empty();
      };
    }
    return structure(type, node);
  }

  /**
   * What a value of {@code type} must be, for a message about {@code text}, which is not one: "expected a list such
   * as [1, 2]", and why a list or dict that is one but for a number in it is not.
   */
  static String expected(ParameterType type, String text) {
    return describe(type) + (structureAsWritten(type, readValue(text)).isPresent() ? NUMBERS_INSIDE : "");
  }

  /** What a value of {@code type} must be, for a message about {@code node}, which is not one. */
  static String expected(ParameterType type, ConfigNode node) {
    return node instanceof ConfigNode.Scalar scalar && scalar.value() instanceof String text
        ? expected(type, text)
        : describe(type) + (structureAsWritten(type, node).isPresent() ? NUMBERS_INSIDE : "");
  }

  /** What a value of {@code type} looks like, for messages: "expected a list such as [1, 2]". */
  private static String describe(ParameterType type) {
    return switch (type) {
      case STRING -> "a string";
      case INT -> "a whole number from -(2^53 - 1) to 2^53 - 1";
      case FLOAT -> "a float";
      case BOOL -> "a bool (true or false)";
      case LIST -> "a list such as [1, 2]";
      case DICT -> "a dict such as {\"key\": 1}";
    };
  }

  /** A YAML node as a message quotes it: a scalar's text, else its kind. */
  static String shown(ConfigNode node) {
    return node instanceof ConfigNode.Scalar scalar && !scalar.isNull() ? "'" + scalar.text() + "'" : node.kindName();
  }

  public ParameterType type() {
    return type;
  }

  /** The value as JSON: what the spec's {@code defaultValue} and a task's inputs hold. A copy. */
  public JsonNode json() {
    return json.deepCopy();
  }

  long longValue() {
    return json.longValue();
  }

  double doubleValue() {
    return json.doubleValue();
  }

  boolean booleanValue() {
    return json.booleanValue();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof ParameterValue value && type == value.type && json.equals(value.json);
  }

  @Override
  public int hashCode() {
    return Objects.hash(type, json);
  }

  /** The value as compact JSON with its type: {@code int 5}, {@code string "a"}. */
  @Override
  public String toString() {
    return type.configName() + " " + json;
  }

  private static Optional<ParameterValue> integer(String text) {
    if (!INTEGER.matcher(text).matches()) {
      return Optional.empty();
    }
    try {
      return exact(Long.parseLong(text));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  private static Optional<ParameterValue> exact(long value) {
    return carriedExactly(value) ? Optional.of(ofInt(value)) : Optional.empty();
  }

  /** Not by Math.abs, which leaves Long.MIN_VALUE negative. */
  private static boolean carriedExactly(long value) {
    return value >= -MAX_EXACT && value <= MAX_EXACT;
  }

  private static Optional<ParameterValue> decimal(String text) {
    return DECIMAL.matcher(text).matches() ? finite(Double.parseDouble(text)) : Optional.empty();
  }

  private static Optional<ParameterValue> finite(double value) {
    return Double.isFinite(value) ? Optional.of(ofFloat(value)) : Optional.empty();
  }

  private static Optional<ParameterValue> bool(String text) {
    String lower = text.toLowerCase(Locale.ROOT);
    return lower.equals("true") || lower.equals("false") ? Optional.of(ofBool(lower.equals("true"))) : Optional.empty();
  }

  private static Optional<ParameterValue> structured(ParameterType type, String text) {
    return structure(type, readValue(text));
  }

  /** Text as a YAML value, or null when it is not one. */
  private static ConfigNode readValue(String text) {
    List<Problem> problems = new ArrayList<>();
    ConfigNode node = YamlReader.readValue(text, Origin.of("value"), "", problems);
    return problems.isEmpty() ? node : null;
  }

  private static Optional<ParameterValue> structure(ParameterType type, ConfigNode node) {
    return structureAsWritten(type, node)
        .filter(ParameterValue::carriedExactly)
        .map(json -> new ParameterValue(type, json));
  }

  /** A list or dict node as JSON, whatever its numbers; empty when it is not of {@code type}. */
  private static Optional<JsonNode> structureAsWritten(ParameterType type, ConfigNode node) {
    boolean matches = (type == ParameterType.LIST && node instanceof ConfigNode.Sequence)
        || (type == ParameterType.DICT && node instanceof ConfigNode.Mapping);
    return matches ? Optional.of(json(node)) : Optional.empty();
  }

  /**
   * A YAML node as JSON, keys sorted. Unlike {@link ConfigNode#toPlain}, a whole number too large for a long stays
   * a number, to be refused, rather than becoming text.
   */
  private static JsonNode json(ConfigNode node) {
    if (node instanceof ConfigNode.Sequence sequence) {
      ArrayNode items = JSON.createArrayNode();
      sequence.items().forEach(item -> items.add(json(item)));
      return items;
    }
    if (node instanceof ConfigNode.Mapping mapping) {
      ObjectNode fields = JSON.createObjectNode();
      new TreeMap<>(mapping.entries()).forEach((key, entry) -> fields.set(key, json(entry.value())));
      return fields;
    }
    Object value = ((ConfigNode.Scalar) node).value();
    return value instanceof BigInteger whole
        ? BigIntegerNode.valueOf(whole)
        : JSON.valueToTree(ConfigNode.toPlain(node));
  }

  /** Whether every number inside is one Vertex AI carries unchanged: finite, and exact if whole. */
  private static boolean carriedExactly(JsonNode json) {
    if (json.isFloatingPointNumber()) {
      return Double.isFinite(json.doubleValue());
    }
    if (json.isIntegralNumber()) {
      return json.canConvertToLong() && carriedExactly(json.longValue());
    }
    for (JsonNode item : json) {
      if (!carriedExactly(item)) {
        return false;
      }
    }
    return true;
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
