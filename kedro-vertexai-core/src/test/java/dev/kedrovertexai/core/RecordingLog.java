package dev.kedrovertexai.core;

import java.util.ArrayList;
import java.util.List;

/** Keeps every line the core reports, prefixed with its level, for assertions. */
public final class RecordingLog implements EventLog {
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

  public synchronized List<String> lines() {
    return List.copyOf(lines);
  }

  /** The info lines, without their prefix. */
  public synchronized List<String> infos() {
    return lines.stream().filter(l -> l.startsWith("INFO ")).map(l -> l.substring(5)).toList();
  }

  public synchronized List<String> matching(String fragment) {
    return lines.stream().filter(line -> line.contains(fragment)).toList();
  }

  public synchronized String text() {
    return String.join("\n", lines);
  }
}
