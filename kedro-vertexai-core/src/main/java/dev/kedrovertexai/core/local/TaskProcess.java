package dev.kedrovertexai.core.local;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.function.Consumer;

/**
 * A running task: its process, and a thread that copies its output, line by line as it comes, to the task's
 * log file and to a line sink, keeping the last lines to explain a failure. When the output ends and the
 * process has exited, {@code onExit} is called once, from that thread.
 */
final class TaskProcess {
  private final TaskLaunch launch;
  private final Process process;
  private final long startNanos;
  private final Deque<String> tail = new ArrayDeque<>();
  private volatile long endNanos;
  private volatile int exitCode;

  private TaskProcess(TaskLaunch launch, Process process, long startNanos) {
    this.launch = launch;
    this.process = process;
    this.startNanos = startNanos;
  }

  static TaskProcess start(
      TaskLaunch launch,
      ProcessBuilder builder,
      Path logFile,
      Consumer<String> lines,
      Consumer<TaskProcess> onExit)
      throws IOException {
    Writer log = Files.newBufferedWriter(logFile, StandardCharsets.UTF_8);
    Process process;
    try {
      process = builder.redirectErrorStream(true).start();
    } catch (IOException e) {
      log.close();
      throw e;
    }
    TaskProcess task = new TaskProcess(launch, process, System.nanoTime());
    // A task reads no input, as in a container without a TTY.
    process.getOutputStream().close();
    Thread pump = new Thread(() -> task.pump(log, lines, onExit), "run-local " + launch.name());
    pump.setDaemon(true);
    pump.start();
    return task;
  }

  private void pump(Writer log, Consumer<String> lines, Consumer<TaskProcess> onExit) {
    try (log;
        BufferedReader output =
            new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = output.readLine()) != null) {
        remember(line);
        log.write(line);
        log.write('\n');
        log.flush();
        lines.accept(line);
      }
    } catch (IOException e) {
      // The pipe closes under us when the process is destroyed; the exit code tells the story.
      remember("(output ended: " + e.getMessage() + ")");
    } finally {
      exitCode = waitForExit();
      endNanos = System.nanoTime();
      onExit.accept(this);
    }
  }

  private int waitForExit() {
    boolean interrupted = false;
    try {
      while (true) {
        try {
          return process.waitFor();
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private synchronized void remember(String line) {
    if (tail.size() == LocalRunner.TAIL_LINES) {
      tail.removeFirst();
    }
    tail.addLast(line);
  }

  TaskLaunch launch() {
    return launch;
  }

  String name() {
    return launch.name();
  }

  ProcessHandle handle() {
    return process.toHandle();
  }

  long startNanos() {
    return startNanos;
  }

  /** Valid once {@code onExit} was called. */
  long endNanos() {
    return endNanos;
  }

  /** Valid once {@code onExit} was called. */
  int exitCode() {
    return exitCode;
  }

  synchronized List<String> lastLines() {
    return List.copyOf(tail);
  }
}
