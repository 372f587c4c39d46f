package dev.kedrovertexai.core.config;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Checks a five-field unix-cron expression (minute, hour, day of month, month, day of week), the form Vertex AI
 * schedules take. Each field is {@code *}, a value, a range {@code a-b}, any of these with a step {@code /n}, or
 * a comma-separated list of them; months and weekdays may be named (JAN, MON).
 */
final class CronExpression {
  private CronExpression() {}

  private record Field(String name, int min, int max, List<String> names) {}

  private static final List<Field> FIELDS =
      List.of(
          new Field("minute", 0, 59, List.of()),
          new Field("hour", 0, 23, List.of()),
          new Field("day of month", 1, 31, List.of()),
          new Field(
              "month", 1, 12,
              List.of("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC")),
          new Field("day of week", 0, 7, List.of("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT")));

  static Optional<String> check(String expression) {
    String trimmed = expression.trim();
    if (trimmed.startsWith("TZ=") || trimmed.startsWith("CRON_TZ=")) {
      return Optional.of("'" + expression + "': set the time zone with the timezone key, not inside the cron expression");
    }
    String[] parts = trimmed.isEmpty() ? new String[0] : trimmed.split("\\s+");
    if (parts.length != FIELDS.size()) {
      return Optional.of(
          "'" + expression + "' is not a cron expression: expected 5 fields (minute hour day-of-month month"
              + " day-of-week), e.g. '0 6 * * 1-5', found " + parts.length);
    }
    for (int i = 0; i < parts.length; i++) {
      Optional<String> problem = checkField(parts[i], FIELDS.get(i));
      if (problem.isPresent()) {
        return Optional.of("'" + expression + "' is not a valid cron expression: " + problem.get());
      }
    }
    return Optional.empty();
  }

  private static Optional<String> checkField(String text, Field field) {
    for (String item : text.split(",", -1)) {
      String range = item;
      int slash = item.indexOf('/');
      if (slash >= 0) {
        range = item.substring(0, slash);
        Integer step = number(item.substring(slash + 1), List.of());
        if (step == null || step < 1) {
          return Optional.of("the step in " + field.name() + " '" + item + "' must be a positive number");
        }
        if (!range.equals("*") && !range.contains("-")) {
          return Optional.of(field.name() + " '" + item + "': a step needs '*' or a range before it");
        }
      }
      if (range.equals("*")) {
        continue;
      }
      String[] bounds = range.split("-", -1);
      if (bounds.length > 2) {
        return Optional.of(field.name() + " '" + item + "' is not a value or a range");
      }
      Integer low = number(bounds[0], field.names());
      Integer high = bounds.length == 2 ? number(bounds[1], field.names()) : low;
      if (low == null || high == null) {
        return Optional.of(field.name() + " '" + item + "' is not a number" + (field.names().isEmpty() ? "" : " or a name"));
      }
      if (low < field.min() || high > field.max()) {
        return Optional.of(field.name() + " '" + item + "' is outside " + field.min() + "-" + field.max());
      }
      if (low > high) {
        return Optional.of(field.name() + " range '" + item + "' runs backwards");
      }
    }
    return Optional.empty();
  }

  private static Integer number(String text, List<String> names) {
    if (text.matches("[0-9]{1,2}")) {
      return Integer.parseInt(text);
    }
    int index = names.indexOf(text.toUpperCase(Locale.ROOT));
    if (index < 0) {
      return null;
    }
    // Months count from 1, weekdays from 0 (SUN).
    return names.size() == 12 ? index + 1 : index;
  }
}
