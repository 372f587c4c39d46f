package dev.kedrovertexai.core.vertex;

import com.google.cloud.aiplatform.v1.CreatePipelineJobRequest;
import com.google.cloud.aiplatform.v1.PipelineJob;
import com.google.cloud.aiplatform.v1.Schedule;
import com.google.protobuf.FieldMask;
import com.google.protobuf.Timestamp;
import dev.kedrovertexai.core.EventLog;
import dev.kedrovertexai.core.KedroVertexAiException;
import dev.kedrovertexai.core.Origin;
import dev.kedrovertexai.core.Problem;
import dev.kedrovertexai.core.ProblemsException;
import dev.kedrovertexai.core.config.RunConfig;
import dev.kedrovertexai.core.config.ScheduleConfig;
import dev.kedrovertexai.core.config.VertexAiConfig;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Creates, replaces, deletes, pauses and resumes the Vertex AI schedule of a pipeline. A schedule is found by
 * its display name, so running {@code schedule} again updates the one there (or replaces it when an update
 * cannot express the change) and never leaves two.
 */
final class ScheduleManager {
  static final String DEFAULT_SCHEDULE_KEY = "default_schedule";

  private final Schedules schedules;
  private final Retrier retrier;
  private final EventLog log;
  private final VertexAiConfig config;
  private final String parent;

  ScheduleManager(Schedules schedules, Retrier retrier, EventLog log, VertexAiConfig config, String parent) {
    this.schedules = schedules;
    this.retrier = retrier;
    this.log = log;
    this.config = config;
    this.parent = parent;
  }

  /** {@code run_config.schedules.<pipeline>}, else {@code default_schedule}, else kedro-vertexai's default. */
  private static String scheduleKey(RunConfig run, String kedroPipeline) {
    if (run.schedules().containsKey(kedroPipeline)) {
      return kedroPipeline;
    }
    return run.schedules().containsKey(DEFAULT_SCHEDULE_KEY) ? DEFAULT_SCHEDULE_KEY : null;
  }

  /** The configured schedule under {@code key} (null: kedro-vertexai's default), overridden value by value. */
  private static ScheduleConfig effective(RunConfig run, String key, ScheduleOverrides overrides) {
    ScheduleConfig base = key == null ? ScheduleConfig.DEFAULT : run.schedules().get(key);
    return new ScheduleConfig(
        pick(overrides.cron(), base.cronExpression()),
        pick(overrides.timezone(), base.timezone()),
        pick(overrides.startTime(), base.startTime()),
        pick(overrides.endTime(), base.endTime()),
        pick(overrides.allowQueueing(), base.allowQueueing()),
        pick(overrides.maxRunCount(), base.maxRunCount()),
        pick(overrides.maxConcurrentRunCount(), base.maxConcurrentRunCount()));
  }

  /** The schedule to create for {@code job}, checked; every problem is reported at once. */
  Schedule build(String displayName, PipelineJob job, String kedroPipeline, ScheduleOverrides overrides)
      throws ProblemsException {
    RunConfig run = config.runConfig();
    String key = scheduleKey(run, kedroPipeline);
    ScheduleConfig schedule = effective(run, key, overrides);
    String keyPath = "run_config.schedules." + (key == null ? DEFAULT_SCHEDULE_KEY : key);
    List<Problem> problems = new ArrayList<>();
    Schedule.Builder result =
        Schedule.newBuilder()
            .setDisplayName(displayName)
            .setCreatePipelineJobRequest(
                CreatePipelineJobRequest.newBuilder().setParent(parent).setPipelineJob(job))
            .setAllowQueueing(schedule.allowQueueing())
            .setMaxConcurrentRunCount(schedule.maxConcurrentRunCount());

    String cron = schedule.cronExpression() == null ? "" : schedule.cronExpression().trim();
    if (cron.split("\\s+").length != 5) {
      problems.add(
          problem(
              given(overrides.cron(), "cron"),
              keyPath + ".cron_expression",
              "expected a cron expression of 5 fields (minute hour day-of-month month day-of-week), got '"
                  + cron
                  + "'"));
    }
    String timezone = schedule.timezone() == null ? "Etc/UTC" : schedule.timezone().trim();
    try {
      ZoneId.of(timezone);
    } catch (DateTimeException e) {
      problems.add(
          problem(
              given(overrides.timezone(), "timezone"),
              keyPath + ".timezone",
              "'" + timezone + "' is not a time zone; expected an IANA name such as Europe/Warsaw or Etc/UTC"));
    }
    result.setCron("TZ=" + timezone + " " + cron);
    Timestamp start =
        timestamp(
            schedule.startTime(), given(overrides.startTime(), "startTime"), keyPath + ".start_time", problems);
    if (start != null) {
      result.setStartTime(start);
    }
    Timestamp end =
        timestamp(schedule.endTime(), given(overrides.endTime(), "endTime"), keyPath + ".end_time", problems);
    if (end != null) {
      result.setEndTime(end);
    }
    if (schedule.maxRunCount() != null) {
      if (schedule.maxRunCount() <= 0) {
        problems.add(
            problem(given(overrides.maxRunCount(), "maxRunCount"), keyPath + ".max_run_count", "must be positive"));
      }
      result.setMaxRunCount(schedule.maxRunCount());
    }
    if (schedule.maxConcurrentRunCount() <= 0) {
      problems.add(
          problem(
              given(overrides.maxConcurrentRunCount(), "maxConcurrentRunCount"),
              keyPath + ".max_concurrent_run_count",
              "must be positive"));
    }
    if (!problems.isEmpty()) {
      throw new ProblemsException("The schedule '" + displayName + "' is not valid", problems);
    }
    return result.build();
  }

  /**
   * Creates {@code desired}, or updates or replaces the schedules already named like it: {@code existing}, as
   * {@link #find} returned them.
   */
  Schedule apply(Schedule desired, List<Schedule> existing) throws KedroVertexAiException {
    if (existing.size() == 1 && updatable(existing.get(0), desired)) {
      Schedule current = existing.get(0);
      Schedule updated =
          retrier.call(
              ApiAction.vertex("update schedule " + current.getName(), "aiplatform.schedules.update"),
              () -> schedules.update(desired.toBuilder().setName(current.getName()).build(), mask(desired)));
      log.info("Updated schedule '" + desired.getDisplayName() + "' (" + updated.getName() + "): " + updated.getCron());
      return updated;
    }
    for (Schedule old : existing) {
      delete(old);
    }
    Schedule created =
        retrier.call(
            ApiAction.vertex("create a schedule in " + parent, "aiplatform.schedules.create"),
            () -> schedules.create(parent, desired));
    log.info("Created schedule '" + desired.getDisplayName() + "' (" + created.getName() + "): " + created.getCron());
    return created;
  }

  /** Deletes every schedule named {@code displayName}; returns how many there were. */
  int deleteAll(String displayName) throws KedroVertexAiException {
    List<Schedule> existing = find(displayName);
    for (Schedule old : existing) {
      delete(old);
    }
    if (existing.isEmpty()) {
      log.warn("No schedule named '" + displayName + "' in " + parent + ": nothing to delete");
    }
    return existing.size();
  }

  Schedule pause(String displayName) throws KedroVertexAiException {
    return switchState(displayName, "pause", "Paused", schedules::pause);
  }

  Schedule resume(String displayName) throws KedroVertexAiException {
    return switchState(displayName, "resume", "Resumed", schedules::resume);
  }

  /** Pauses or resumes the one schedule named {@code displayName}. */
  private Schedule switchState(String displayName, String verb, String done, Consumer<String> call)
      throws KedroVertexAiException {
    Schedule schedule = only(displayName);
    retrier.run(
        ApiAction.vertex(verb + " schedule " + schedule.getName(), "aiplatform.schedules.update"),
        () -> call.accept(schedule.getName()));
    log.info(done + " schedule '" + displayName + "' (" + schedule.getName() + ")");
    return schedule;
  }

  List<Schedule> find(String displayName) throws KedroVertexAiException {
    String filter = "display_name=\"" + displayName.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    List<Schedule> found =
        retrier.call(
            ApiAction.vertex("list the schedules of " + parent, "aiplatform.schedules.list"),
            () -> schedules.list(parent, filter));
    // The filter is the server's; the exact name check is ours, so a looser server match deletes nothing else.
    return found.stream().filter(schedule -> schedule.getDisplayName().equals(displayName)).toList();
  }

  private Schedule only(String displayName) throws KedroVertexAiException {
    List<Schedule> found = find(displayName);
    if (found.size() != 1) {
      throw new KedroVertexAiException(
          found.isEmpty()
              ? "No schedule named '" + displayName + "' in " + parent + ". Create it with {goal:schedule}."
              : found.size() + " schedules are named '" + displayName + "' in " + parent
                  + "; run {goal:schedule} to replace them with one.");
    }
    return found.get(0);
  }

  private void delete(Schedule old) throws KedroVertexAiException {
    retrier.run(
        ApiAction.vertex("delete schedule " + old.getName(), "aiplatform.schedules.delete"),
        () -> schedules.delete(old.getName()));
    log.info("Deleted schedule '" + old.getDisplayName() + "' (" + old.getName() + ")");
  }

  /**
   * Vertex AI refuses updates that unset a field that is set, and a completed schedule does not run again:
   * those are replaced instead.
   */
  private static boolean updatable(Schedule current, Schedule desired) {
    return current.getState() != Schedule.State.COMPLETED
        && !(current.hasEndTime() && !desired.hasEndTime())
        && !(current.getMaxRunCount() > 0 && desired.getMaxRunCount() == 0);
  }

  private static FieldMask mask(Schedule desired) {
    FieldMask.Builder mask =
        FieldMask.newBuilder()
            .addPaths("cron")
            .addPaths("allow_queueing")
            .addPaths("max_concurrent_run_count")
            .addPaths("create_pipeline_job_request");
    if (desired.hasStartTime()) {
      mask.addPaths("start_time");
    }
    if (desired.hasEndTime()) {
      mask.addPaths("end_time");
    }
    if (desired.getMaxRunCount() > 0) {
      mask.addPaths("max_run_count");
    }
    return mask.build();
  }

  private Timestamp timestamp(String text, String property, String keyPath, List<Problem> problems) {
    if (text == null || text.isBlank()) {
      return null;
    }
    try {
      Instant instant = OffsetDateTime.parse(text.trim()).toInstant();
      return Timestamp.newBuilder().setSeconds(instant.getEpochSecond()).setNanos(instant.getNano()).build();
    } catch (DateTimeException e) {
      problems.add(
          problem(property, keyPath, "'" + text + "' is not an RFC 3339 time such as 2026-01-31T06:00:00Z"));
      return null;
    }
  }

  /** The property that set a value, when an override did; null when the config did. */
  private static String given(Object override, String name) {
    return override == null ? null : "{param:" + name + "}";
  }

  private Problem problem(String property, String keyPath, String message) {
    Origin origin =
        property != null ? Origin.of(property) : config.originOf(keyPath);
    return new Problem(origin, keyPath, message);
  }

  private static <T> T pick(T override, T configured) {
    return override != null ? override : configured;
  }
}
