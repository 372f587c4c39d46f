package dev.kedrovertexai.core.vertex;

import com.google.protobuf.ListValue;
import com.google.protobuf.NullValue;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Resolved runtime parameter values (String, Long, Double, Boolean, List, Map, as {@code RuntimeParameters}
 * returns them) as the {@code google.protobuf.Value}s of {@code runtimeConfig.parameterValues}.
 */
public final class ParameterValues {
  private ParameterValues() {}

  public static Map<String, Value> toProto(Map<String, Object> values) {
    Map<String, Value> proto = new TreeMap<>();
    values.forEach((name, value) -> proto.put(name, toValue(value)));
    return proto;
  }

  static Value toValue(Object value) {
    if (value == null) {
      return Value.newBuilder().setNullValue(NullValue.NULL_VALUE).build();
    }
    if (value instanceof String text) {
      return Value.newBuilder().setStringValue(text).build();
    }
    if (value instanceof Boolean flag) {
      return Value.newBuilder().setBoolValue(flag).build();
    }
    if (value instanceof Number number) {
      // Protobuf has one number type; Vertex AI checks integer parameters for a whole value.
      return Value.newBuilder().setNumberValue(number.doubleValue()).build();
    }
    if (value instanceof List<?> list) {
      ListValue.Builder items = ListValue.newBuilder();
      list.forEach(item -> items.addValues(toValue(item)));
      return Value.newBuilder().setListValue(items).build();
    }
    if (value instanceof Map<?, ?> map) {
      Struct.Builder struct = Struct.newBuilder();
      new TreeMap<>(map).forEach((key, item) -> struct.putFields(String.valueOf(key), toValue(item)));
      return Value.newBuilder().setStructValue(struct).build();
    }
    throw new IllegalArgumentException("not a parameter value: " + value.getClass().getName());
  }
}
