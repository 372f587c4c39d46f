package dev.kedrovertexai.core.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kedrovertexai.core.ProcessTrees;
import dev.kedrovertexai.core.python.PythonScripts;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

/**
 * The Java side of {@code fork_server.py}: one Python, started with the project's interpreter, that imports Kedro
 * and the project once and then forks one child per task, so that a task starts in milliseconds rather than
 * seconds. Each child is a process of its own, with its own folder, environment, log file and exit code; this JVM
 * sees it as a {@link ProcessHandle} (to stop it with everything it started) and learns its exit code from the
 * server, which reaps it.
 *
 * <p>Requests go to the server's stdin and events come back on its stdout, one JSON object per line; the server's
 * own output (what it imported, what it could not) goes to its log file. Closing stdin stops it.
 */
final class ForkServer {
  /** How long forking a child may take before the server counts as stuck. */
  private static final Duration FORK_REPLY = Duration.ofSeconds(30);
  /** How long a closed server may take to exit before it is stopped. */
  private static final Duration EXIT_WAIT = Duration.ofSeconds(2);

  private final Process process;
  private final Path log;
  private final OutputStream requests;
  private final CompletableFuture<JsonNode> ready = new CompletableFuture<>();
  /** Guarded by this: the replies awaited, by request id, and why the server ended once it has. */
  private final Map<String, CompletableFuture<Long>> starts = new HashMap<>();
  private final Map<String, CompletableFuture<Integer>> exits = new HashMap<>();
  private String ended;
  private boolean closed;

  /** A forked task: its pid, its handle (null when it had ended by the time its start was reported), its exit. */
  record Child(long pid, ProcessHandle handle, CompletableFuture<Integer> exit) {}

  /** The server cannot serve this run: no fork on this platform, or it ended while importing the project. */
  static final class Unavailable extends Exception {
    private final boolean platform;

    Unavailable(String message, boolean platform) {
      super(message);
      this.platform = platform;
    }

    /** True when the platform has no fork: nothing for the user to fix. */
    boolean platform() {
      return platform;
    }
  }

  private ForkServer(Process process, Path log) {
    this.process = process;
    this.log = log;
    this.requests = process.getOutputStream();
  }

  /**
   * Starts the server in {@code projectDir} with {@code environment}, the environment every child starts from;
   * returns at once, while it imports the project (see {@link #awaitReady}).
   */
  static ForkServer start(
      String python, Path projectDir, String kedroEnv, Map<String, String> environment, Path log) throws IOException {
    List<String> command = new ArrayList<>(
        List.of(python, "-c", PythonScripts.forkServerScript(), "--project", projectDir.toString()));
    if (kedroEnv != null && !kedroEnv.isEmpty()) {
      command.addAll(List.of("--env", kedroEnv));
    }
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(projectDir.toFile())
            .redirectError(ProcessBuilder.Redirect.to(log.toFile()));
    builder.environment().clear();
    builder.environment().putAll(environment);
    ForkServer server = new ForkServer(builder.start(), log);
    Thread reader = new Thread(server::readEvents, "run-local fork server");
    reader.setDaemon(true);
    reader.start();
    return server;
  }

  /**
   * Waits until the server has imported what it could and serves requests; returns its ready event ({@code pid},
   * {@code seconds}, {@code problems}). Gives up, with null, as soon as {@code stop} says so.
   */
  JsonNode awaitReady(BooleanSupplier stop) throws Unavailable {
    while (!stop.getAsBoolean()) {
      try {
        return ready.get(100, TimeUnit.MILLISECONDS);
      } catch (TimeoutException e) {
        // Checks stop again.
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return null;
      } catch (ExecutionException e) {
        throw e.getCause() instanceof Unavailable unavailable
            ? unavailable
            : new Unavailable(e.getCause().getMessage(), false);
      }
    }
    return null;
  }

  /**
   * Forks a child that runs {@code python -c script argv...} in {@code cwd}, with {@code environment} set over the
   * server's, its stdout and stderr appended to {@code logFile} (which must exist).
   *
   * @throws IOException when the server could not fork it or has ended
   */
  Child fork(String id, String script, List<String> argv, Path cwd, Map<String, String> environment, Path logFile)
      throws IOException {
    CompletableFuture<Long> started;
    CompletableFuture<Integer> exit;
    synchronized (this) {
      started = awaited(starts, id);
      exit = awaited(exits, id);
    }
    ObjectNode request = ParameterText.MAPPER.createObjectNode();
    request.put("id", id);
    request.put("script", script);
    argv.forEach(request.putArray("argv")::add);
    request.put("cwd", cwd.toString());
    environment.forEach(request.putObject("env")::put);
    request.put("log", logFile.toString());
    byte[] line = (ParameterText.MAPPER.writeValueAsString(request) + "\n").getBytes(StandardCharsets.UTF_8);
    synchronized (requests) {
      try {
        requests.write(line);
        requests.flush();
      } catch (IOException e) {
        throw new IOException("the fork server does not take requests any more (" + e.getMessage() + "); see " + log, e);
      }
    }
    long pid = reply(started);
    synchronized (this) {
      starts.remove(id);
    }
    return new Child(pid, ProcessHandle.of(pid).orElse(null), exit);
  }

  /** Waits for the fork's reply, not to be cut short by an interrupt: the child may exist already. */
  private long reply(CompletableFuture<Long> started) throws IOException {
    boolean interrupted = false;
    long deadline = System.nanoTime() + FORK_REPLY.toNanos();
    try {
      while (true) {
        try {
          return started.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
          interrupted = true;
        } catch (ExecutionException e) {
          throw new IOException(e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
          throw new IOException("the fork server did not answer within " + FORK_REPLY.toSeconds() + " s; see " + log);
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private <T> CompletableFuture<T> awaited(Map<String, CompletableFuture<T>> replies, String id) {
    CompletableFuture<T> reply = replies.computeIfAbsent(id, key -> new CompletableFuture<>());
    if (ended != null) {
      reply.completeExceptionally(new IOException(ended));
    }
    return reply;
  }

  private void readEvents() {
    try (BufferedReader events =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = events.readLine()) != null) {
        JsonNode event = ParameterText.MAPPER.readTree(line);
        String id = event.path("id").asText();
        switch (event.path("event").asText()) {
          case "ready" -> ready.complete(event);
          case "unavailable" -> ready.completeExceptionally(new Unavailable(event.path("reason").asText(), true));
          case "started" -> reply(starts, id).complete(event.path("pid").asLong());
          case "failed" -> reply(starts, id).completeExceptionally(new IOException(event.path("message").asText()));
          case "exited" -> reply(exits, id).complete(event.path("code").asInt());
          default -> {
            // An event of a newer server: nothing waits for it.
          }
        }
      }
    } catch (IOException e) {
      // The server's stdout closed under us: it has ended, as below.
    } finally {
      end();
    }
  }

  private synchronized <T> CompletableFuture<T> reply(Map<String, CompletableFuture<T>> replies, String id) {
    return replies.computeIfAbsent(id, key -> new CompletableFuture<>());
  }

  /** The server ended: whatever still waits for it learns why. */
  private void end() {
    String why;
    try {
      why = "the fork server ended" + (process.waitFor(1, TimeUnit.SECONDS) ? " with exit code " + process.exitValue() : "");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      why = "the fork server ended";
    }
    why += "; see " + log;
    synchronized (this) {
      ended = why;
      IOException reason = new IOException(why);
      ready.completeExceptionally(reason);
      starts.values().forEach(reply -> reply.completeExceptionally(reason));
      exits.values().forEach(reply -> reply.completeExceptionally(reason));
    }
  }

  /** Why a child's exit code is unknown: the server ended first. */
  static String reason(CompletableFuture<Integer> exit) {
    try {
      exit.getNow(null);
      return "exit code unknown";
    } catch (RuntimeException e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      return "exit code unknown: " + cause.getMessage();
    }
  }

  ProcessHandle handle() {
    return process.toHandle();
  }

  /**
   * Stops the server: it stops the children still running (none, when the run stopped them first) and exits;
   * should it not, it is stopped with everything it started. Safe to call more than once, from any thread.
   */
  void close(Duration gracePeriod) {
    synchronized (requests) {
      if (closed) {
        return;
      }
      closed = true;
      try {
        requests.close();
      } catch (IOException e) {
        // Already gone.
      }
    }
    boolean exited;
    try {
      exited = process.waitFor(EXIT_WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      exited = false;
    }
    if (!exited) {
      ProcessTrees.destroy(List.of(process.toHandle()), gracePeriod);
    }
  }
}
