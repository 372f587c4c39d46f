package dev.kedrovertexai.core.vertex;

import dev.kedrovertexai.core.KedroVertexAiException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as people write them on a command line: {@code 45m}, {@code 2h}, {@code 90s}, {@code 1h30m}. */
public final class Durations {
  private static final Pattern SHORT = Pattern.compile("(?:(\\d+)d)?(?:(\\d+)h)?(?:(\\d+)m)?(?:(\\d+)s)?");

  private Durations() {}

  /**
   * Parses {@code [<n>d][<n>h][<n>m][<n>s]} or an ISO-8601 duration ({@code PT45M}). {@code source} names the
   * parameter in the error message.
   */
  public static Duration parse(String text, String source) throws KedroVertexAiException {
    String trimmed = text == null ? "" : text.trim().toLowerCase(java.util.Locale.ROOT);
    Matcher matcher = SHORT.matcher(trimmed);
    if (!trimmed.isEmpty() && matcher.matches()) {
      try {
        Duration duration =
            Duration.ofDays(number(matcher.group(1)))
                .plusHours(number(matcher.group(2)))
                .plusMinutes(number(matcher.group(3)))
                .plusSeconds(number(matcher.group(4)));
        if (!duration.isZero()) {
          return duration;
        }
      } catch (NumberFormatException | ArithmeticException e) {
        // a number too large for a duration: reported below with the expected forms
      }
    } else if (trimmed.startsWith("p")) {
      try {
        Duration duration = Duration.parse(trimmed.toUpperCase(java.util.Locale.ROOT));
        if (!duration.isNegative() && !duration.isZero()) {
          return duration;
        }
      } catch (DateTimeParseException e) {
        // reported below with the expected forms
      }
    }
    throw new KedroVertexAiException(
        source + ": '" + text + "' is not a positive duration; expected for example 90s, 45m, 2h or 1h30m");
  }

  /** {@code 1h02m03s}, {@code 4m05s}, {@code 7s}: short and sortable by eye. */
  public static String format(Duration duration) {
    long seconds = Math.max(0, duration.getSeconds());
    long hours = seconds / 3600;
    long minutes = (seconds % 3600) / 60;
    long rest = seconds % 60;
    if (hours > 0) {
      return String.format(java.util.Locale.ROOT, "%dh%02dm%02ds", hours, minutes, rest);
    }
    if (minutes > 0) {
      return String.format(java.util.Locale.ROOT, "%dm%02ds", minutes, rest);
    }
    return rest + "s";
  }

  private static long number(String group) {
    return group == null ? 0 : Long.parseLong(group);
  }
}
