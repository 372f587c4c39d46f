package dev.kedrovertexai.core.local;

import dev.kedrovertexai.core.storage.ObjectStores;
import java.nio.file.Path;

/** The files of one local run under {@code <runs dir>/<job name>}; one place for their names. */
record RunLayout(Path dir) {
  static RunLayout of(Path runsDir, String jobName) {
    return new RunLayout(runsDir.toAbsolutePath().normalize().resolve(jobName));
  }

  /** Stands in for the spec's {@code gs://} root: stored datasets land below it. */
  Path rootDir() {
    return dir.resolve("root");
  }

  /**
   * The root as the task runtime takes it. Not {@link Path#toUri()}: that percent-encodes spaces, which
   * fsspec's local file system would take literally.
   */
  String rootUri() {
    return ObjectStores.fileUrl(rootDir());
  }

  Path logsDir() {
    return dir.resolve("logs");
  }

  Path logFile(String task) {
    return logsDir().resolve(fileName(task) + ".log");
  }

  /** Where each task's runtime appends its node timings. */
  Path nodeTimingsDir() {
    return dir.resolve("node-timings");
  }

  Path nodeTimingsFile(String task) {
    return nodeTimingsDir().resolve(fileName(task) + ".jsonl");
  }

  /** Where tasks write their output parameters, {@code outputs/<task>/<name>}, for the tasks that read them. */
  Path outputsDir() {
    return dir.resolve("outputs");
  }

  Path timingsFile() {
    return dir.resolve("timings.json");
  }

  /** Task names are DNS-like in practice; anything else still makes a safe file name. */
  private static String fileName(String task) {
    return task.replaceAll("[^A-Za-z0-9._-]", "_");
  }
}
