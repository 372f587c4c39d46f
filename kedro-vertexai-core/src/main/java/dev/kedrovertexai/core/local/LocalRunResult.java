package dev.kedrovertexai.core.local;

import java.nio.file.Path;
import java.util.List;

/**
 * What a local run did.
 *
 * @param jobName the run's job name, as {@code {{$.pipeline_job_name}}} saw it
 * @param runDir {@code <runs dir>/<job name>}: logs, timings, the local pipeline root, the isolated tasks' folders
 *     and their outputs
 * @param rootUri the pipeline root the tasks ran with: {@link #rootDir()} as a file URL, or the requested
 *     {@code gs://} root
 * @param tasks every task of the spec, in the order they could run (topological, by name among equals)
 */
public record LocalRunResult(String jobName, Path runDir, String rootUri, List<TaskOutcome> tasks) {
  public LocalRunResult {
    tasks = List.copyOf(tasks);
  }

  public boolean succeeded() {
    return tasks.stream().allMatch(task -> task.state() == TaskState.SUCCEEDED);
  }

  /** Each task's output, {@code logs/<task>.log}. */
  public Path logFile(String task) {
    return new RunLayout(runDir).logFile(task);
  }

  /** {@code timings.json}: seconds per Kedro node and per task. */
  public Path timingsFile() {
    return new RunLayout(runDir).timingsFile();
  }

  /** Where an isolated task ran: its own copy of the project, with what it wrote. */
  public Path taskDir(String task) {
    return new RunLayout(runDir).taskDir(task);
  }

  /** What the isolated tasks wrote, gathered at the paths they wrote it to, relative to the project. */
  public Path outputsDir() {
    return new RunLayout(runDir).outputsDir();
  }

  /** The local folder that stands in for the spec's root when no {@code gs://} root was asked for. */
  public Path rootDir() {
    return new RunLayout(runDir).rootDir();
  }
}
