package dev.kedrovertexai.core.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kedrovertexai.core.EventLog;
import dev.kedrovertexai.core.io.AtomicFiles;
import dev.kedrovertexai.core.io.JsonFiles;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code timings.json}: {@code {"job", "nodes": {node: seconds}, "tasks": {task: seconds}}}, keys sorted,
 * seconds to the millisecond, for the planner to group by measured cost. Node seconds come from the lines the
 * task runtime appends to {@code $KEDRO_VERTEXAI_TIMINGS}; task seconds are the wall time of each task that
 * succeeded (a failed or cancelled task's time says nothing about its cost).
 */
final class RunTimings {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private RunTimings() {}

  static void write(RunLayout layout, String jobName, List<TaskOutcome> outcomes, EventLog log)
      throws IOException {
    Map<String, Double> nodes = new TreeMap<>();
    Map<String, Double> tasks = new TreeMap<>();
    for (TaskOutcome outcome : outcomes) {
      readNodeTimings(layout.nodeTimingsFile(outcome.task()), nodes, log);
      if (outcome.state() == TaskState.SUCCEEDED) {
        tasks.put(outcome.task(), outcome.duration().toNanos() / 1e9);
      }
    }
    ObjectNode root = MAPPER.createObjectNode();
    root.put("job", jobName);
    ObjectNode nodesJson = root.putObject("nodes");
    nodes.forEach((node, seconds) -> nodesJson.put(node, millis(seconds)));
    ObjectNode tasksJson = root.putObject("tasks");
    tasks.forEach((task, seconds) -> tasksJson.put(task, millis(seconds)));
    AtomicFiles.write(layout.timingsFile(), JsonFiles.text(root));
  }

  /** A node that ran twice (a retried task) counts with its total time. */
  private static void readNodeTimings(Path file, Map<String, Double> nodes, EventLog log)
      throws IOException {
    List<String> lines;
    try {
      lines = Files.readAllLines(file);
    } catch (NoSuchFileException e) {
      return;
    }
    int number = 0;
    for (String line : lines) {
      number++;
      if (line.isBlank()) {
        continue;
      }
      JsonNode entry;
      try {
        entry = MAPPER.readTree(line);
      } catch (IOException e) {
        entry = null;
      }
      if (entry == null || !entry.path("node").isTextual() || !entry.path("seconds").isNumber()) {
        log.warn(file + ":" + number + ": ignoring a timing line that is not {\"node\": ..., \"seconds\": ...}");
        continue;
      }
      nodes.merge(entry.get("node").textValue(), entry.get("seconds").doubleValue(), Double::sum);
    }
  }

  private static BigDecimal millis(double seconds) {
    return BigDecimal.valueOf(seconds).setScale(3, RoundingMode.HALF_UP);
  }
}
