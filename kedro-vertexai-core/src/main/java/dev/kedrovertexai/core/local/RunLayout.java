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

  /**
   * Where tasks write their output parameters, {@code parameters/<task>/<name>}, for the tasks that read them; apart
   * from {@link #outputsDir()}, which holds what the tasks wrote into their project folders.
   */
  Path parametersDir() {
    return dir.resolve("parameters");
  }

  Path timingsFile() {
    return dir.resolve("timings.json");
  }

  /** Where isolated tasks run, each in its own copy of the project. */
  Path tasksDir() {
    return dir.resolve("tasks");
  }

  Path taskDir(String task) {
    return tasksDir().resolve(fileName(task));
  }

  /** What isolated tasks wrote into their folders, gathered in one tree laid out as the project. */
  Path outputsDir() {
    return dir.resolve("outputs");
  }

  /** The local files the pipeline only reads, as the project's Python found them, and that helper's output. */
  Path inputsFile() {
    return dir.resolve("project-inputs.json");
  }

  Path inputsLog() {
    return dir.resolve("project-inputs.log");
  }

  /** What the fork server itself printed: its imports, and anything it could not import. */
  Path forkServerLog() {
    return dir.resolve("fork-server.log");
  }

  /** Task names are DNS-like in practice; anything else still makes a safe file name. */
  private static String fileName(String task) {
    return task.replaceAll("[^A-Za-z0-9._-]", "_");
  }
}
