package dev.kedrovertexai.core.local;

import dev.kedrovertexai.core.EventLog;
import java.util.ArrayList;
import java.util.List;

/** Collects what the runner reports, level-prefixed, for assertions. */
final class RecordingLog implements EventLog {
  private final List<String> lines = new ArrayList<>();

  @Override
  public synchronized void debug(String message) {
    lines.add("DEBUG " + message);
  }

  @Override
  public synchronized void info(String message) {
    lines.add("INFO " + message);
  }

  @Override
  public synchronized void warn(String message) {
    lines.add("WARN " + message);
  }

  synchronized List<String> lines() {
    return List.copyOf(lines);
  }

  synchronized List<String> infos() {
    return lines.stream().filter(l -> l.startsWith("INFO ")).map(l -> l.substring(5)).toList();
  }
}
