package dev.kedrovertexai.core.local;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * One task of a local run, after the run.
 *
 * @param task the task name in the spec
 * @param state how it ended
 * @param duration its wall time; zero if it never started
 * @param exitCode the process exit code, or null if it never started, could not start or was cancelled
 * @param logFile its combined stdout and stderr
 * @param lastLogLines the end of its output (at most {@link LocalRunner#TAIL_LINES} lines), to explain a failure
 */
public record TaskOutcome(
    String task,
    TaskState state,
    Duration duration,
    Integer exitCode,
    Path logFile,
    List<String> lastLogLines) {

  public TaskOutcome {
    Objects.requireNonNull(task, "task");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(duration, "duration");
    lastLogLines = List.copyOf(lastLogLines);
  }
}
