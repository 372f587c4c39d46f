package dev.kedrovertexai.core.local;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * An input parameter value as the KFP launcher writes it into {@code {{$.inputs.parameters['x']}}}: strings
 * raw, numbers in plain decimal notation without a trailing {@code .0} (the launcher sees every number as a
 * double), booleans as {@code true}/{@code false}, lists and structs as compact JSON (keys sorted, so that the
 * command line is the same in every run). Inside a list or struct, too, a whole number has no fraction: the
 * launcher's JSON writes {@code 1.0} as {@code 1}, so Kedro gets {@code [1]} on Vertex AI for {@code [1.0]}, and
 * gets the same here.
 */
public final class ParameterText {
  static final ObjectMapper MAPPER =
      new ObjectMapper().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

  private static final double PLAIN_DIGITS_BELOW = 1e21;

  private ParameterText() {}

  /** The text, or null for a JSON null, which has no placeholder text. */
  public static String of(JsonNode value) {
    if (value == null || value.isNull() || value.isMissingNode()) {
      return null;
    }
    if (value.isTextual()) {
      return value.textValue();
    }
    if (value.isBoolean()) {
      return Boolean.toString(value.booleanValue());
    }
    if (value.isIntegralNumber()) {
      return value.bigIntegerValue().toString();
    }
    if (value.isNumber()) {
      double number = value.doubleValue();
      if (!value.isBigDecimal() && !Double.isFinite(number)) {
        return Double.isNaN(number) ? "NaN" : number > 0 ? "+Inf" : "-Inf";
      }
      BigDecimal decimal =
          value.isBigDecimal() ? value.decimalValue() : new BigDecimal(Double.toString(number));
      return decimal.signum() == 0 ? "0" : decimal.stripTrailingZeros().toPlainString();
    }
    try {
      return MAPPER.writeValueAsString(asTheLauncherWritesIt(value));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree always serialises", e);
    }
  }

  /**
   * Plain values (maps sorted on writing). A whole number below 1e21 becomes an integer: protobuf's JSON writes
   * such a double in plain digits, which a JSON reader takes for an int.
   */
  private static Object asTheLauncherWritesIt(JsonNode value) {
    if (value.isObject()) {
      Map<String, Object> fields = new TreeMap<>();
      value.fields().forEachRemaining(field -> fields.put(field.getKey(), asTheLauncherWritesIt(field.getValue())));
      return fields;
    }
    if (value.isArray()) {
      List<Object> items = new ArrayList<>();
      value.forEach(item -> items.add(asTheLauncherWritesIt(item)));
      return items;
    }
    if (value.isFloatingPointNumber()) {
      double number = value.doubleValue();
      if (number == Math.rint(number) && Math.abs(number) < PLAIN_DIGITS_BELOW) {
        return new BigDecimal(number).toBigIntegerExact();
      }
    }
    return MAPPER.convertValue(value, Object.class);
  }
}
