package dev.kedrovertexai.core.local;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The words and table a local run reports, in one place. */
final class RunSummary {
  private RunSummary() {}

  static String seconds(Duration duration) {
    return String.format(Locale.ROOT, "%.1f s", duration.toNanos() / 1e9);
  }

  /** One line per task: name, state, duration, aligned. */
  static List<String> table(List<TaskOutcome> outcomes) {
    int width = "Task".length();
    for (TaskOutcome outcome : outcomes) {
      width = Math.max(width, outcome.task().length());
    }
    String format = "%-" + width + "s  %-9s  %10s";
    List<String> lines = new ArrayList<>();
    lines.add(String.format(Locale.ROOT, format, "Task", "State", "Duration"));
    for (TaskOutcome outcome : outcomes) {
      boolean ran = outcome.state() != TaskState.SKIPPED && !outcome.duration().isZero();
      lines.add(
          String.format(
              Locale.ROOT,
              format,
              outcome.task(),
              outcome.state(),
              ran ? seconds(outcome.duration()) : "-"));
    }
    return lines;
  }
}
