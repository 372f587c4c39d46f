package dev.kedrovertexai.core.config;

/**
 * One entry of {@code run_config.schedules} (keyed by pipeline name or {@code default_schedule}), with
 * kedro-vertexai's defaults: cron {@code 0 * * * *}, timezone {@code Etc/UTC}, no queueing, one concurrent run.
 * Times are RFC 3339 strings or null.
 */
public record ScheduleConfig(
    String cronExpression,
    String timezone,
    String startTime,
    String endTime,
    boolean allowQueueing,
    Integer maxRunCount,
    int maxConcurrentRunCount) {

  public static final ScheduleConfig DEFAULT =
      new ScheduleConfig("0 * * * *", "Etc/UTC", null, null, false, null, 1);
}
