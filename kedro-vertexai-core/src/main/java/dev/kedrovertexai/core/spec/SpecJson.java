package dev.kedrovertexai.core.spec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kedrovertexai.core.io.JsonFiles;
import java.io.UncheckedIOException;
import java.util.TreeMap;

/**
 * JSON trees whose objects keep their keys sorted, whatever order they are filled in: byte-identical output
 * for identical input follows from the data structure rather than from care at every call site.
 */
final class SpecJson {
  /** Every object node made by this factory (also by {@code putObject} and tree conversion) is sorted. */
  private static final class SortedNodeFactory extends JsonNodeFactory {
    private static final long serialVersionUID = 1L;

    @Override
    public ObjectNode objectNode() {
      return new ObjectNode(this, new TreeMap<>());
    }
  }

  static final JsonNodeFactory NODES = new SortedNodeFactory();

  private static final ObjectMapper MAPPER = new ObjectMapper().setNodeFactory(NODES);

  private static final ObjectWriter PRETTY = MAPPER.writer(JsonFiles.prettyPrinter());

  private static final ObjectWriter COMPACT = MAPPER.writer();

  private SpecJson() {}

  static ObjectNode object() {
    return NODES.objectNode();
  }

  /**
   * A config value (String, Number, Boolean, List, Map, null) as a sorted tree. Values come from YAML or
   * the command line already converted to these types.
   */
  static JsonNode value(Object value) {
    return MAPPER.valueToTree(value);
  }

  static String pretty(JsonNode node) {
    return write(PRETTY, node) + "\n";
  }

  static String compact(Object value) {
    return write(COMPACT, value);
  }

  static JsonNode parse(String json) {
    try {
      return MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("Not JSON: " + e.getOriginalMessage(), e);
    }
  }

  private static String write(ObjectWriter writer, Object value) {
    try {
      return writer.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      // Trees and plain collections of strings always serialize; failing here is a programming error.
      throw new UncheckedIOException(e);
    }
  }
}
