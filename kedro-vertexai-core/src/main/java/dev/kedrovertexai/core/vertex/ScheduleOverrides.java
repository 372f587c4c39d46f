package dev.kedrovertexai.core.vertex;

/**
 * Values given on the command line or in the POM that replace the configured schedule's ({@code
 * vertexai.cron}, {@code vertexai.timezone}, ...). Null means "as configured".
 */
public record ScheduleOverrides(
    String cron,
    String timezone,
    String startTime,
    String endTime,
    Boolean allowQueueing,
    Integer maxRunCount,
    Integer maxConcurrentRunCount) {
  public static final ScheduleOverrides NONE = new ScheduleOverrides(null, null, null, null, null, null, null);
}
