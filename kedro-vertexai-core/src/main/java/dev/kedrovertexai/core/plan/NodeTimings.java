package dev.kedrovertexai.core.plan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kedrovertexai.core.KedroVertexAiException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Iterator;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.TreeMap;

/**
 * Measured run times of an earlier run, from its {@code timings.json} ({@code {"job": ..., "nodes": {"<node>":
 * seconds}, "tasks": {"<task>": seconds}}}). The planner uses node times to weigh nodes instead of assuming they
 * all take equally long.
 */
public record NodeTimings(String job, Map<String, Double> nodes, Map<String, Double> tasks) {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  public static final NodeTimings EMPTY = new NodeTimings("", Map.of(), Map.of());

  public NodeTimings {
    job = job == null ? "" : job;
    nodes = Collections.unmodifiableMap(new TreeMap<>(nodes));
    tasks = Collections.unmodifiableMap(new TreeMap<>(tasks));
  }

  /** The timings in {@code file}, or {@link #EMPTY} when there is no such file. */
  public static NodeTimings read(Path file) throws KedroVertexAiException {
    if (!Files.isRegularFile(file)) {
      return EMPTY;
    }
    JsonNode root;
    try {
      root = MAPPER.readTree(file.toFile());
    } catch (IOException e) {
      throw new KedroVertexAiException(
          "Cannot read the timings of an earlier run in " + file + ": " + e.getMessage()
              + ". Delete the file or run vertexai:run-local again to rewrite it.",
          e);
    }
    if (root == null || !root.isObject()) {
      throw new KedroVertexAiException(
          file + " is not a timings file: expected a JSON object with \"nodes\" and \"tasks\"");
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
          file + ": \"" + field + "\" must map names to seconds, found " + object.getNodeType());
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
