package dev.kedrovertexai.core.storage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kedrovertexai.core.io.JsonFiles;
import dev.kedrovertexai.core.plan.ExecutionPlan;
import dev.kedrovertexai.core.plan.PlannedTask;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a run keeps in its temporary storage, written before its first task starts to {@code
 * <root>/kedro-vertexai-temp/<job name>/manifest.json}: each stored dataset's URL and the tasks that save and load
 * it. It is where a user finds a dataset of a failed run, and what the clean-up goal reads.
 *
 * @param datasets by dataset name
 */
public record RunManifest(String project, String pipeline, Map<String, DatasetUse> datasets) {
  /** Which tasks save a stored dataset, and which load it. */
  public record DatasetUse(List<String> savedBy, List<String> loadedBy) {
    public DatasetUse {
      savedBy = List.copyOf(savedBy);
      loadedBy = List.copyOf(loadedBy);
    }
  }

  /** A manifest as read back: enough to decide whether a run's data may go. */
  public record Written(String job, String project, String pipeline, String runner, Instant created) {}

  public static final String RUNNER_VERTEX_AI = "vertex-ai";
  public static final String RUNNER_LOCAL = "local";

  private static final ObjectMapper JSON = new ObjectMapper();

  public RunManifest {
    datasets = Collections.unmodifiableMap(new TreeMap<>(datasets));
  }

  public static RunManifest of(ExecutionPlan plan, String project) {
    Map<String, List<String>> savedBy = new TreeMap<>();
    Map<String, List<String>> loadedBy = new TreeMap<>();
    for (PlannedTask task : plan.tasks()) {
      task.storedOutputs().forEach(name -> savedBy.computeIfAbsent(name, n -> new ArrayList<>()).add(task.name()));
      task.storedInputs().forEach(name -> loadedBy.computeIfAbsent(name, n -> new ArrayList<>()).add(task.name()));
    }
    Map<String, DatasetUse> datasets = new TreeMap<>();
    for (String name : plan.storedDatasets()) {
      datasets.put(
          name, new DatasetUse(savedBy.getOrDefault(name, List.of()), loadedBy.getOrDefault(name, List.of())));
    }
    return new RunManifest(project, plan.pipelineName(), datasets);
  }

  /** The manifest of one run, as JSON in the layout of every file the plugin writes. */
  public byte[] json(String root, String jobName, String runner, Instant created) {
    ObjectNode manifest = JSON.createObjectNode();
    manifest.put("job", jobName);
    manifest.put("project", project);
    manifest.put("pipeline", pipeline);
    manifest.put("runner", runner);
    manifest.put("created", created.toString());
    manifest.put("root", root);
    ObjectNode stored = manifest.putObject("datasets");
    datasets.forEach(
        (name, use) -> {
          ObjectNode entry = stored.putObject(name);
          entry.put("url", TempData.datasetUrl(root, jobName, name));
          use.savedBy().forEach(entry.putArray("saved_by")::add);
          use.loadedBy().forEach(entry.putArray("loaded_by")::add);
        });
    try {
      return (JSON.writer(JsonFiles.prettyPrinter()).writeValueAsString(manifest) + "\n")
          .getBytes(StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException("a manifest of strings is always JSON", e);
    }
  }

  /** Reads the fields the clean-up needs; {@code url} names the file in the error. */
  public static Written read(byte[] content, String url) throws IOException {
    JsonNode manifest;
    try {
      manifest = JSON.readTree(content);
    } catch (IOException e) {
      throw new IOException(url + " is not a run manifest: " + e.getMessage(), e);
    }
    List<String> missing = new ArrayList<>();
    for (String field : List.of("job", "project", "pipeline", "runner", "created")) {
      if (!manifest.path(field).isTextual()) {
        missing.add(field);
      }
    }
    if (!missing.isEmpty()) {
      throw new IOException(url + " is not a run manifest: no " + String.join(", ", missing));
    }
    Instant created;
    try {
      created = Instant.parse(manifest.get("created").asText());
    } catch (RuntimeException e) {
      throw new IOException(url + ": created is not a UTC time: " + manifest.get("created").asText(), e);
    }
    return new Written(
        manifest.get("job").asText(),
        manifest.get("project").asText(),
        manifest.get("pipeline").asText(),
        manifest.get("runner").asText(),
        created);
  }
}
