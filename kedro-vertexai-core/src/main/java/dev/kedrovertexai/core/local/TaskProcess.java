package dev.kedrovertexai.core.local;

import dev.kedrovertexai.core.ProcessTrees;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;

/**
 * A running task (or helper) process, and a thread that passes its output on, line by line as it comes, to a line
 * sink, keeping the last lines to explain a failure. When the output ends and the process has exited, {@code onExit}
 * is called once, from that thread.
 *
 * <p>A process this JVM started writes into a pipe, which the thread copies to the log file. A child of the fork
 * server writes into the log file itself, which the thread follows.
 */
final class TaskProcess {
  /** How often a followed log file is read again while its process runs. */
  private static final long FOLLOW_MILLIS = 20;

  private final String name;
  private final ProcessHandle handle;
  private final long startNanos;
  private final Deque<String> tail = new ArrayDeque<>();
  private volatile long endNanos;
  private volatile Integer exitCode;

  private TaskProcess(String name, ProcessHandle handle, long startNanos) {
    this.name = name;
    this.handle = handle;
    this.startNanos = startNanos;
  }

  /** Starts {@code builder}'s process, its stdout and stderr together into {@code logFile}. */
  static TaskProcess start(
      String name, ProcessBuilder builder, Path logFile, Consumer<String> lines, Consumer<TaskProcess> onExit)
      throws IOException {
    Writer log = Files.newBufferedWriter(logFile, StandardCharsets.UTF_8);
    Process process;
    try {
      process = builder.redirectErrorStream(true).start();
    } catch (IOException e) {
      log.close();
      throw e;
    }
    TaskProcess task = new TaskProcess(name, process.toHandle(), System.nanoTime());
    // A task reads no input, as in a container without a TTY.
    process.getOutputStream().close();
    task.pumpThread(() -> {
      try (log) {
        task.copyLines(process.getInputStream(), log, lines);
      } catch (IOException e) {
        // The pipe closes under us when the process is destroyed; the exit code tells the story.
        task.remember("(output ended: " + e.getMessage() + ")");
      } finally {
        task.exitCode = waitFor(process.onExit().thenApply(Process::exitValue));
        task.endNanos = System.nanoTime();
        onExit.accept(task);
      }
    });
    return task;
  }

  /**
   * Follows a child of the fork server, which writes into {@code logFile} itself. When the server ends before the
   * child, the child's exit code is lost: the child is stopped, and the task has no exit code.
   */
  static TaskProcess forked(
      String name,
      ForkServer.Child child,
      long startNanos,
      Path logFile,
      Duration gracePeriod,
      Consumer<String> lines,
      Consumer<TaskProcess> onExit) {
    TaskProcess task = new TaskProcess(name, child.handle(), startNanos);
    task.pumpThread(() -> {
      try (InputStream log = new FollowedFile(logFile, child.exit())) {
        task.copyLines(log, null, lines);
      } catch (IOException e) {
        task.remember("(cannot read " + logFile + ": " + e.getMessage() + ")");
      } finally {
        Integer code = waitFor(child.exit());
        if (code == null) {
          task.remember("(" + ForkServer.reason(child.exit()) + ")");
          if (child.handle() != null && child.handle().isAlive()) {
            ProcessTrees.destroy(List.of(child.handle()), gracePeriod);
          }
        }
        task.exitCode = code;
        task.endNanos = System.nanoTime();
        onExit.accept(task);
      }
    });
    return task;
  }

  private void pumpThread(Runnable pump) {
    Thread thread = new Thread(pump, "run-local " + name);
    thread.setDaemon(true);
    thread.start();
  }

  /** Each line to the sink (and to {@code log}, when the process does not write its log itself). */
  private void copyLines(InputStream output, Writer log, Consumer<String> lines) throws IOException {
    BufferedReader reader = new BufferedReader(new InputStreamReader(output, StandardCharsets.UTF_8));
    String line;
    while ((line = reader.readLine()) != null) {
      remember(line);
      if (log != null) {
        log.write(line);
        log.write('\n');
        log.flush();
      }
      lines.accept(line);
    }
  }

  /** The exit code, waiting as long as it takes (the process has closed its output); null when it is unknown. */
  private static Integer waitFor(CompletableFuture<Integer> exit) {
    boolean interrupted = false;
    try {
      while (true) {
        try {
          return exit.get();
        } catch (InterruptedException e) {
          interrupted = true;
        } catch (ExecutionException e) {
          return null;
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

  String name() {
    return name;
  }

  /** Null for a forked child that had already ended, and been reaped, when its start was reported. */
  ProcessHandle handle() {
    return handle;
  }

  long startNanos() {
    return startNanos;
  }

  /** Valid once {@code onExit} was called. */
  long endNanos() {
    return endNanos;
  }

  /** Valid once {@code onExit} was called: null when the exit code was lost with the fork server. */
  Integer exitCode() {
    return exitCode;
  }

  synchronized List<String> lastLines() {
    return List.copyOf(tail);
  }

  /**
   * A file that another process is still writing: reading waits for more at its end, and it ends only once the
   * writer has exited and everything it wrote has been read.
   */
  private static final class FollowedFile extends InputStream {
    private final InputStream file;
    private final CompletableFuture<?> writerExited;

    FollowedFile(Path path, CompletableFuture<?> writerExited) throws IOException {
      this.file = Files.newInputStream(path);
      this.writerExited = writerExited;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      if (length == 0) {
        return 0;
      }
      while (true) {
        // Whether the writer had exited before this read: if so, this read sees all it wrote.
        boolean exited = writerExited.isDone();
        int count = file.read(buffer, offset, length);
        if (count != 0 && (count > 0 || exited)) {
          return count;
        }
        try {
          Thread.sleep(FOLLOW_MILLIS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IOException("interrupted while following the log", e);
        }
      }
    }

    @Override
    public void close() throws IOException {
      file.close();
    }
  }
}
