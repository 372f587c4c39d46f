package dev.kedrovertexai.core.config;

import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.TreeMap;

/** {@code run_config.schedules}: named schedules, each with kedro-vertexai's defaults for what it leaves out. */
final class ScheduleSection {
  private ScheduleSection() {}

  static Map<String, ScheduleConfig> read(ConfigReader in, ConfigNode.Mapping runConfig, String parent) {
    String path = parent + ".schedules";
    Map<String, ScheduleConfig> schedules = new TreeMap<>();
    ConfigNode.Mapping map = in.map(runConfig, parent, "schedules");
    if (map == null) {
      return schedules;
    }
    map.entries().forEach((name, entry) -> {
      String entryPath = path + "." + name;
      if (entry.value() instanceof ConfigNode.Scalar scalar && scalar.isNull()) {
        schedules.put(name, ScheduleConfig.DEFAULT);
        return;
      }
      ConfigNode.Mapping schedule = in.expectMap(entry, entryPath, "a map with cron_expression, timezone, ...");
      if (schedule != null) {
        schedules.put(name, schedule(in, schedule, entryPath));
      }
    });
    return schedules;
  }

  private static ScheduleConfig schedule(ConfigReader in, ConfigNode.Mapping map, String path) {
    ScheduleConfig defaults = ScheduleConfig.DEFAULT;
    in.checkKeys(map, path, ConfigSchema.SCHEDULE_KEYS);
    // kedro-vertexai's own template writes 'none' for unset schedule fields; it means null there and here.
    ConfigNode.Mapping cleaned = in.withoutNone(map);
    String cron = in.string(cleaned, path, "cron_expression", Formats::cron);
    String timezone = in.string(cleaned, path, "timezone", Formats::timezone);
    OffsetDateTime start = in.time(cleaned, path, "start_time");
    OffsetDateTime end = in.time(cleaned, path, "end_time");
    if (start != null && end != null && !end.isAfter(start)) {
      in.problem(cleaned, path, "end_time", "must be after start_time");
    }
    Boolean allowQueueing = in.bool(cleaned, path, "allow_queueing");
    Long maxRunCount = in.positive(cleaned, path, "max_run_count", "must be a positive number");
    Long maxConcurrent = in.positive(cleaned, path, "max_concurrent_run_count", "must be a positive number");
    return new ScheduleConfig(
        cron == null ? defaults.cronExpression() : cron,
        timezone == null ? defaults.timezone() : timezone,
        start == null ? null : start.format(DateTimeFormatter.ISO_OFFSET_DATE_TIME),
        end == null ? null : end.format(DateTimeFormatter.ISO_OFFSET_DATE_TIME),
        allowQueueing == null ? defaults.allowQueueing() : allowQueueing,
        maxRunCount == null ? defaults.maxRunCount() : Integer.valueOf(Math.toIntExact(maxRunCount)),
        maxConcurrent == null ? defaults.maxConcurrentRunCount() : Math.toIntExact(maxConcurrent));
  }
}
