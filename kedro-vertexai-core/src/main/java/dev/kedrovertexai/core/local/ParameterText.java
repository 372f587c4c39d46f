package dev.kedrovertexai.core.local;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.math.BigDecimal;

/**
 * An input parameter value as the KFP launcher writes it into {@code {{$.inputs.parameters['x']}}}: strings
 * raw, numbers in plain decimal notation without a trailing {@code .0} (the launcher sees every number as a
 * double), booleans as {@code true}/{@code false}, lists and structs as compact JSON (keys sorted, so that the
 * command line is the same in every run).
 */
final class ParameterText {
  static final ObjectMapper MAPPER =
      new ObjectMapper().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

  private ParameterText() {}

  /** The text, or null for a JSON null, which has no placeholder text. */
  static String of(JsonNode value) {
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
      return MAPPER.writeValueAsString(MAPPER.treeToValue(value, Object.class));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree always serialises", e);
    }
  }

  /** A resolved runtime parameter (String, Long, Double, Boolean, List or Map) as a JSON value. */
  static JsonNode toJson(Object value) {
    return MAPPER.valueToTree(value);
  }
}
