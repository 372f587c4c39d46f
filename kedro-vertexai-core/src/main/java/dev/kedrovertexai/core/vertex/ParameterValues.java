package dev.kedrovertexai.core.vertex;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.ListValue;
import com.google.protobuf.NullValue;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import dev.kedrovertexai.core.config.ParameterValue;
import java.util.Map;
import java.util.TreeMap;

/** Resolved runtime parameter values as the {@code google.protobuf.Value}s of {@code runtimeConfig.parameterValues}. */
public final class ParameterValues {
  private ParameterValues() {}

  public static Map<String, Value> toProto(Map<String, ParameterValue> values) {
    Map<String, Value> proto = new TreeMap<>();
    values.forEach((name, value) -> proto.put(name, toValue(value.json())));
    return proto;
  }

  private static Value toValue(JsonNode json) {
    Value.Builder value = Value.newBuilder();
    if (json.isTextual()) {
      value.setStringValue(json.textValue());
    } else if (json.isBoolean()) {
      value.setBoolValue(json.booleanValue());
    } else if (json.isNumber()) {
      // Protobuf has one number type; Vertex AI checks integer parameters for a whole value.
      value.setNumberValue(json.doubleValue());
    } else if (json.isArray()) {
      ListValue.Builder items = ListValue.newBuilder();
      json.forEach(item -> items.addValues(toValue(item)));
      value.setListValue(items);
    } else if (json.isObject()) {
      Struct.Builder struct = Struct.newBuilder();
      json.fields().forEachRemaining(field -> struct.putFields(field.getKey(), toValue(field.getValue())));
      value.setStructValue(struct);
    } else {
      value.setNullValue(NullValue.NULL_VALUE);
    }
    return value.build();
  }
}
