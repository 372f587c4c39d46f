package dev.kedrovertexai.core.vertex;

import com.google.cloud.aiplatform.v1.PipelineJob;
import com.google.cloud.aiplatform.v1.Schedule;
import com.google.protobuf.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Renders a project's runs and schedules as plain-text tables for the build log. */
final class RunHistory {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

  private RunHistory() {}

  /** Newest first by create time, whatever order the server used. */
  static List<PipelineJob> newestFirst(List<PipelineJob> jobs) {
    List<PipelineJob> sorted = new ArrayList<>(jobs);
    sorted.sort(
        Comparator.comparing((PipelineJob job) -> toInstant(job.getCreateTime())).reversed());
    return sorted;
  }

  /** True when {@code schedule} starts jobs carrying every one of {@code labels}. */
  static boolean schedulesRunsLabelled(Schedule schedule, Map<String, String> labels) {
    Map<String, String> jobLabels = schedule.getCreatePipelineJobRequest().getPipelineJob().getLabelsMap();
    return labels.entrySet().stream().allMatch(label -> label.getValue().equals(jobLabels.get(label.getKey())));
  }

  /**
   * One row per job; with {@code recorded} (the run contexts in the pipeline's experiment; null: unknown) a column
   * says whether the job is recorded in the experiment, {@code -} while it has no run context.
   */
  static List<String> runTable(
      List<PipelineJob> jobs, String projectId, String region, Clock clock, Set<String> recorded) {
    List<List<String>> rows = new ArrayList<>();
    rows.add(columns(recorded, List.of("JOB ID", "STATE", "START", "DURATION"), "IN EXPERIMENT", "LINK"));
    for (PipelineJob job : jobs) {
      String jobId = ConsoleLinks.lastSegment(job.getName());
      Timestamp started = job.hasStartTime() ? job.getStartTime() : job.getCreateTime();
      String duration = "-";
      if (job.hasStartTime()) {
        Instant end = job.hasEndTime() ? toInstant(job.getEndTime()) : clock.instant();
        duration = Durations.format(Duration.between(toInstant(job.getStartTime()), end));
      }
      String inExperiment =
          !ExperimentRecorder.hasRunContext(job)
              ? "-"
              : recorded != null && recorded.contains(ExperimentRecorder.runContext(job)) ? "yes" : "no";
      rows.add(
          columns(
              recorded,
              List.of(jobId, JobWatcher.stateName(job.getState()), TIME.format(toInstant(started)), duration),
              inExperiment,
              ConsoleLinks.job(projectId, region, jobId)));
    }
    return align(rows);
  }

  /** {@code first}, then {@code experiment} unless {@code recorded} is unknown, then {@code link}. */
  private static List<String> columns(Set<String> recorded, List<String> first, String experiment, String link) {
    List<String> row = new ArrayList<>(first);
    if (recorded != null) {
      row.add(experiment);
    }
    row.add(link);
    return row;
  }

  static List<String> scheduleTable(List<Schedule> schedules) {
    List<List<String>> rows = new ArrayList<>();
    rows.add(List.of("SCHEDULE", "STATE", "CRON", "NEXT RUN", "NAME"));
    for (Schedule schedule : schedules) {
      rows.add(
          List.of(
              schedule.getDisplayName(),
              schedule.getState().name(),
              schedule.getCron(),
              schedule.hasNextRunTime() ? TIME.format(toInstant(schedule.getNextRunTime())) : "-",
              schedule.getName()));
    }
    return align(rows);
  }

  static Instant toInstant(Timestamp timestamp) {
    return Instant.ofEpochSecond(timestamp.getSeconds(), timestamp.getNanos());
  }

  private static List<String> align(List<List<String>> rows) {
    int columns = rows.get(0).size();
    int[] widths = new int[columns];
    for (List<String> row : rows) {
      for (int i = 0; i < columns; i++) {
        widths[i] = Math.max(widths[i], row.get(i).length());
      }
    }
    List<String> lines = new ArrayList<>();
    for (List<String> row : rows) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < columns; i++) {
        String cell = row.get(i);
        line.append(cell);
        if (i < columns - 1) {
          line.append(" ".repeat(widths[i] - cell.length() + 2));
        }
      }
      lines.add(line.toString());
    }
    return lines;
  }
}
