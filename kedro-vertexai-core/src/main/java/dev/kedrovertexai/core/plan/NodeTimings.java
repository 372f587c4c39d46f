package dev.kedrovertexai.core.plan;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kedrovertexai.core.KedroVertexAiException;
import dev.kedrovertexai.core.io.JsonFiles;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.TreeMap;

/**
 * Measured run times of an earlier run, from its {@code timings.json} ({@code {"job": ..., "nodes": {"<node>":
 * seconds}, "tasks": {"<task>": seconds}}}). The planner uses node times to weigh nodes instead of assuming they
 * all take equally long.
 */
public record NodeTimings(String job, Map<String, Double> nodes, Map<String, Double> tasks) {

  /** What a timings file must be, for the errors about one that is not. */
  static final String EXPECTED =
      "expected a timings.json as {goal:run-local} writes it (target/vertexai/runs/<job name>/timings.json):"
          + " {\"nodes\": {\"<node name>\": <seconds>, ...}}";

  public static final NodeTimings EMPTY = new NodeTimings("", Map.of(), Map.of());

  public NodeTimings {
    job = job == null ? "" : job;
    nodes = Collections.unmodifiableMap(new TreeMap<>(nodes));
    tasks = Collections.unmodifiableMap(new TreeMap<>(tasks));
  }

  /**
   * The timings in {@code file}. A missing file is an error like a malformed one: the file was asked for by name,
   * so planning without it would silently give another plan.
   */
  public static NodeTimings read(Path file) throws KedroVertexAiException {
    JsonNode root = JsonFiles.read(file, EXPECTED);
    if (!root.isObject() || !root.path("nodes").isObject()) {
      String found =
          root.isObject()
              ? "has no \"nodes\" object"
              : "holds a JSON " + root.getNodeType().name().toLowerCase(Locale.ROOT);
      throw new KedroVertexAiException(file + " " + found + "; " + EXPECTED);
    }
    return new NodeTimings(
        root.path("job").asText(""),
        seconds(file, root, "nodes"),
        seconds(file, root, "tasks"));
  }

  /** The measured seconds of {@code node}, if it was measured. */
  public OptionalDouble seconds(String node) {
    Double seconds = nodes.get(node);
    return seconds == null ? OptionalDouble.empty() : OptionalDouble.of(seconds);
  }

  private static Map<String, Double> seconds(Path file, JsonNode root, String field)
      throws KedroVertexAiException {
    JsonNode object = root.get(field);
    Map<String, Double> result = new TreeMap<>();
    if (object == null || object.isNull()) {
      return result;
    }
    if (!object.isObject()) {
      throw new KedroVertexAiException(
          file + ": \"" + field + "\" must map names to seconds, found " + object.getNodeType() + "; " + EXPECTED);
    }
    Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> entry = fields.next();
      JsonNode value = entry.getValue();
      if (!value.isNumber() || value.asDouble() < 0) {
        throw new KedroVertexAiException(
            file + ": \"" + field + "\"." + entry.getKey() + " must be a number of seconds >= 0, found "
                + value);
      }
      result.put(entry.getKey(), value.asDouble());
    }
    return result;
  }
}
