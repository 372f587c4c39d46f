package dev.kedrovertexai.core.local;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The values a task's launch leaves open until it starts, as Vertex AI fills them: another task's output
 * parameter (the content of the file that task wrote), or the final status of an exit handler's DAG, a JSON object
 * such as {@code {"state": "FAILED", "error": {"code": 9, "message": "... The failed tasks are: [a]."},
 * "pipelineJobResourceName": ..., "pipelineTaskName": "exit-handler-1"}}.
 */
final class LateValues {
  /** Vertex AI's error code in a failed DAG's final status (FAILED_PRECONDITION). */
  static final int FAILED_CODE = 9;

  /** A value that cannot be had: the task does not start, and the run fails with this message. */
  static final class Missing extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Missing(String message) {
      super(message);
    }
  }

  private final TaskLaunch task;
  private final Map<String, TaskLaunch> launches;
  private final Map<String, TaskOutcome> outcomes;
  private final String jobName;

  LateValues(TaskLaunch task, Map<String, TaskLaunch> launches, Map<String, TaskOutcome> outcomes, String jobName) {
    this.task = task;
    this.launches = launches;
    this.outcomes = outcomes;
    this.jobName = jobName;
  }

  String value(LateValue value) {
    if (value instanceof LateValue.TaskOutput output) {
      return output(output);
    }
    return finalStatus((LateValue.FinalStatus) value);
  }

  private String output(LateValue.TaskOutput output) {
    Path file = launches.get(output.producer()).outputFiles().get(output.key());
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new Missing(
          "task " + task.name() + " takes the output parameter '" + output.key() + "' of task " + output.producer()
              + ", which did not write it to " + file);
    } catch (IOException e) {
      throw new Missing("cannot read the output parameter '" + output.key() + "' of task " + output.producer()
          + " from " + file + ": " + e.getMessage());
    }
  }

  private String finalStatus(LateValue.FinalStatus status) {
    List<String> failed = new ArrayList<>();
    boolean succeeded = true;
    boolean cancelled = false;
    for (String member : status.members()) {
      TaskOutcome outcome = outcomes.get(member);
      TaskState state = outcome == null ? TaskState.SKIPPED : outcome.state();
      succeeded &= state == TaskState.SUCCEEDED;
      cancelled |= state == TaskState.CANCELLED;
      if (state == TaskState.FAILED) {
        failed.add(member);
      }
    }
    ObjectNode json = ParameterText.MAPPER.createObjectNode();
    json.put("state", succeeded ? "SUCCEEDED" : cancelled ? "CANCELLED" : "FAILED");
    if (!succeeded) {
      json.putObject("error")
          .put("code", FAILED_CODE)
          .put(
              "message",
              "The DAG failed because some tasks failed. The failed tasks are: [" + String.join(", ", failed) + "].");
    }
    json.put("pipelineJobResourceName", "local/pipelineJobs/" + jobName);
    json.put("pipelineTaskName", status.producer());
    try {
      return ParameterText.MAPPER.writeValueAsString(json);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree always serialises", e);
    }
  }
}
