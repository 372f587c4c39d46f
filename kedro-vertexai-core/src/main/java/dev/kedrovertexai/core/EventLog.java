package dev.kedrovertexai.core;

/**
 * Where the core reports what it does. The core never prints; a build tool maps these onto its own log (the
 * Maven plugin onto Maven's), and tests can collect them.
 */
public interface EventLog {
  /** Per-item detail, hidden by default. */
  void debug(String message);

  /** One line a user wants to see in a normal run. */
  void info(String message);

  /** Something the user should fix or know about, that does not stop the build. */
  void warn(String message);

  /** A log that drops everything, for callers that do not care. */
  EventLog SILENT =
      new EventLog() {
        @Override
        public void debug(String message) {}

        @Override
        public void info(String message) {}

        @Override
        public void warn(String message) {}
      };
}
