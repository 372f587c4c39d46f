package dev.kedrovertexai.core.local;

import dev.kedrovertexai.core.EventLog;
import dev.kedrovertexai.core.JobIds;
import dev.kedrovertexai.core.KedroVertexAiException;
import dev.kedrovertexai.core.ProcessTrees;
import dev.kedrovertexai.core.io.IoErrors;
import dev.kedrovertexai.core.storage.ObjectStore;
import dev.kedrovertexai.core.storage.ObjectStores;
import dev.kedrovertexai.core.storage.RunManifest;
import dev.kedrovertexai.core.storage.TempData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.random.RandomGenerator;

/**
 * Runs a compiled PipelineSpec on this machine, as Vertex AI would run it: each task is a local process running
 * the task's container command with its placeholders filled, the local Python standing in for the image's, and
 * the pipeline root moved to {@code <runs dir>/<job name>/root} (or to the requested {@code gs://} root).
 *
 * <p>A task starts as soon as every task it depends on has succeeded, with at most {@code parallelism} running
 * at once. After a failure no task starts; the running ones finish, and the run fails naming the task. An
 * interrupted runner thread, {@link #cancel()}, or the JVM shutting down (Ctrl-C) stops every task's process
 * tree.
 */
public final class LocalRunner {
  /** How many of a task's last output lines explain its failure. */
  public static final int TAIL_LINES = 20;

  /** How long a stopped task may take to exit before it is killed. */
  public static final Duration DEFAULT_GRACE_PERIOD = Duration.ofSeconds(5);

  /** The env variable naming the file where the task runtime appends its node timings. */
  public static final String TIMINGS_ENV = "KEDRO_VERTEXAI_TIMINGS";

  private final EventLog log;
  private final Clock clock;
  private final RandomGenerator random;
  private final Duration gracePeriod;
  private final AtomicReference<Run> current = new AtomicReference<>();

  public LocalRunner(EventLog log) {
    this(log, Clock.systemUTC(), new SecureRandom(), DEFAULT_GRACE_PERIOD);
  }

  /**
   * @param clock names the run (the job name carries its UTC time)
   * @param random chooses the job name's suffix and the run's UUIDs
   * @param gracePeriod how long a stopped task may take to exit before it is killed
   */
  public LocalRunner(EventLog log, Clock clock, RandomGenerator random, Duration gracePeriod) {
    this.log = new SerializedLog(Objects.requireNonNull(log, "log"));
    this.clock = Objects.requireNonNull(clock, "clock");
    this.random = Objects.requireNonNull(random, "random");
    this.gracePeriod = Objects.requireNonNull(gracePeriod, "gracePeriod");
  }

  /**
   * Runs every task of the spec and returns when all have ended.
   *
   * @throws LocalRunException when a task failed or the run was cancelled; it carries every task's outcome
   * @throws KedroVertexAiException when the spec cannot run locally (every problem listed) or the run
   *     directory cannot be written
   */
  public LocalRunResult run(LocalRunRequest request) throws KedroVertexAiException {
    PipelineSpecReader reader = PipelineSpecReader.read(request.specFile());
    String pipelineName = reader.pipelineName();
    Instant now = clock.instant();
    String jobName = JobIds.newJobId(pipelineName, now, random);
    RunLayout layout = RunLayout.of(request.runsDir(), jobName);
    String rootUri = request.storageRoot() != null ? request.storageRoot() : layout.rootUri();
    SystemValues system = new SystemValues(jobName, uuid(), rootUri, now, this::uuid, layout.outputsDir());
    List<TaskLaunch> tasks = reader.tasks(system, request.parameters(), request.python());
    Set<String> hostAliases = new TreeSet<>();
    tasks.forEach(task -> hostAliases.addAll(task.hostAliases()));
    if (!hostAliases.isEmpty()) {
      log.info(
          "Skipping run_config.network.host_aliases, which a local run does not write to this machine's"
              + " /etc/hosts: " + String.join(", ", hostAliases));
    }
    try {
      if (request.storageRoot() == null) {
        Files.createDirectories(layout.rootDir());
      }
      Files.createDirectories(layout.logsDir());
      Files.createDirectories(layout.nodeTimingsDir());
    } catch (IOException e) {
      throw new KedroVertexAiException(
          "Cannot create the run directory " + layout.dir() + ": " + IoErrors.describe(e), e);
    }
    writeManifest(request, rootUri, jobName, now);
    log.info(
        "Running "
            + jobName
            + " locally: "
            + tasks.size()
            + (tasks.size() == 1 ? " task" : " tasks")
            + ", at most "
            + request.parallelism()
            + " at once, with "
            + request.python()
            + "; output in "
            + layout.dir()
            + (request.storageRoot() != null ? ", datasets between tasks in " + rootUri : ""));

    Run run = new Run(request, layout, tasks);
    Thread shutdownHook = new Thread(run::stopAll, "run-local shutdown " + jobName);
    current.set(run);
    Runtime.getRuntime().addShutdownHook(shutdownHook);
    long start = System.nanoTime();
    List<TaskOutcome> outcomes;
    try {
      outcomes = run.execute();
    } finally {
      current.compareAndSet(run, null);
      try {
        Runtime.getRuntime().removeShutdownHook(shutdownHook);
      } catch (IllegalStateException e) {
        // The JVM is already shutting down; the hook is running or has run.
      }
    }
    Duration wall = Duration.ofNanos(System.nanoTime() - start);
    LocalRunResult result = new LocalRunResult(jobName, layout.dir(), rootUri, outcomes);
    try {
      RunTimings.write(layout, jobName, outcomes, log);
    } catch (IOException e) {
      log.warn("Cannot write " + layout.timingsFile() + ": " + e.getMessage());
    }
    RunSummary.table(outcomes).forEach(log::info);
    if (run.interrupted) {
      // Kept for the caller, who asked for the stop.
      Thread.currentThread().interrupt();
    }
    // A stop that came after every task had succeeded changed nothing.
    if (run.cancelled && !result.succeeded()) {
      throw new LocalRunException(
          "Local run " + jobName + " was cancelled after " + RunSummary.seconds(wall)
              + "; every task process was stopped. Logs: " + layout.logsDir(),
          result);
    }
    if (!result.succeeded()) {
      throw new LocalRunException(failureMessage(result, wall), result);
    }
    log.info(
        "Local run " + jobName + " succeeded in " + RunSummary.seconds(wall) + "; logs and timings in "
            + layout.dir());
    // Compiling never picks the timings up by itself (plans must not depend on what a machine ran before).
    if (Files.isRegularFile(layout.timingsFile())) {
      log.info(
          "To let auto grouping plan with the measured node times: {param:nodeTimings=" + layout.timingsFile() + "}");
    }
    return result;
  }

  /** Stops the run in progress, if any, from another thread: its {@code run} then throws. */
  public void cancel() {
    Run run = current.get();
    if (run != null) {
      run.stopAll();
    }
  }

  /** As for a Vertex AI run: the manifest is in the run's temporary folder before any task writes there. */
  private void writeManifest(LocalRunRequest request, String rootUri, String jobName, Instant created)
      throws KedroVertexAiException {
    if (request.manifest() == null) {
      return;
    }
    String url = TempData.manifestUrl(rootUri, jobName);
    try (ObjectStore store = ObjectStores.forRoot(rootUri, request.environment())) {
      store.write(url, request.manifest().json(rootUri, jobName, RunManifest.RUNNER_LOCAL, created));
    } catch (IOException e) {
      throw new KedroVertexAiException("Cannot write the run's manifest " + url + ": " + e.getMessage(), e);
    }
  }

  private static String failureMessage(LocalRunResult result, Duration wall) {
    StringBuilder message =
        new StringBuilder("Local run ").append(result.jobName()).append(" failed after ")
            .append(RunSummary.seconds(wall)).append(':');
    List<String> skipped = new ArrayList<>();
    for (TaskOutcome outcome : result.tasks()) {
      if (outcome.state() == TaskState.FAILED) {
        message.append(System.lineSeparator()).append("Task ").append(outcome.task());
        message.append(
            outcome.exitCode() == null ? " could not start" : " exited with code " + outcome.exitCode());
        message.append(". Last lines of ").append(outcome.logFile()).append(':');
        for (String line : outcome.lastLogLines()) {
          message.append(System.lineSeparator()).append("  ").append(line);
        }
      } else if (outcome.state() == TaskState.SKIPPED) {
        skipped.add(outcome.task());
      }
    }
    if (!skipped.isEmpty()) {
      message.append(System.lineSeparator()).append("Not started: ").append(String.join(", ", skipped));
    }
    return message.toString();
  }

  /** A random (version 4) UUID from the runner's random source, so that a seeded run is reproducible. */
  private String uuid() {
    long high = (random.nextLong() & ~0xF000L) | 0x4000L;
    long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
    return new UUID(high, low).toString();
  }

  /** One run's scheduling state. Only the thread in {@link #execute()} changes it, except for stopping. */
  private final class Run {
    private final LocalRunRequest request;
    private final RunLayout layout;
    private final Map<String, TaskLaunch> launches = new LinkedHashMap<>();
    private final ReadyTasks ready;
    private final Map<String, TaskOutcome> outcomes = new HashMap<>();
    /** Processes that ended, as their output threads report them. */
    private final BlockingQueue<TaskProcess> events = new LinkedBlockingQueue<>();
    /** Guards starting against stopping: a process is either seen by {@link #stopAll()} or never started. */
    private final Object startLock = new Object();
    /** Read by {@link #stopAll()} from other threads. */
    private final Map<String, TaskProcess> running = new ConcurrentHashMap<>();
    private volatile boolean cancelled;
    private boolean interrupted;
    private boolean failed;
    private boolean abandoned;
    private int started;
    private int finished;

    Run(LocalRunRequest request, RunLayout layout, List<TaskLaunch> tasks) {
      this.request = request;
      this.layout = layout;
      for (TaskLaunch task : tasks) {
        launches.put(task.name(), task);
      }
      this.ready = new ReadyTasks(tasks);
    }

    List<TaskOutcome> execute() {
      while (true) {
        startReadyTasks();
        if (running.isEmpty()) {
          break;
        }
        TaskProcess ended;
        try {
          ended = cancelled ? events.poll(gracePeriod.toMillis() + 10_000, TimeUnit.MILLISECONDS) : events.take();
        } catch (InterruptedException e) {
          interrupted = true;
          stopAll();
          // Remembered above; cleared so that waiting for the stopped processes can go on.
          Thread.interrupted();
          continue;
        }
        if (ended == null) {
          // Stopped processes did not report back in time; do not hang the build on them.
          abandonRunning();
          break;
        }
        finish(ended);
      }
      List<TaskOutcome> ordered = new ArrayList<>();
      for (String task : launches.keySet()) {
        TaskOutcome outcome = outcomes.get(task);
        ordered.add(
            outcome != null
                ? outcome
                : new TaskOutcome(
                    task,
                    cancelled ? TaskState.CANCELLED : TaskState.SKIPPED,
                    Duration.ZERO,
                    null,
                    layout.logFile(task),
                    List.of()));
      }
      return ordered;
    }

    private void startReadyTasks() {
      while (true) {
        if (failed && !abandoned) {
          // Nothing else starts after a failure, but the tasks that run after failures (an exit handler's) do.
          ready.abandonPending();
          abandoned = true;
        }
        if (ready.isEmpty() || running.size() >= request.parallelism()) {
          return;
        }
        String task = ready.next();
        synchronized (startLock) {
          if (cancelled) {
            return;
          }
          try {
            running.put(task, start(launches.get(task)));
          } catch (IOException e) {
            cannotStart(task, "cannot start " + launches.get(task).command().get(0) + ": " + e.getMessage());
            continue;
          } catch (LateValues.Missing e) {
            cannotStart(task, e.getMessage());
            continue;
          }
        }
        started++;
        log.info("[" + started + "/" + launches.size() + "] started " + task);
      }
    }

    private TaskProcess start(TaskLaunch task) throws IOException {
      LateValues late = new LateValues(task, launches, outcomes, jobName());
      for (Path output : task.outputFiles().values()) {
        Files.createDirectories(output.getParent());
      }
      ProcessBuilder builder = new ProcessBuilder(task.command(late::value)).directory(request.projectDir().toFile());
      Map<String, String> environment = builder.environment();
      environment.clear();
      environment.putAll(request.environment());
      // Python buffers a pipe's output; unbuffered, the log shows each line as it is printed.
      environment.putIfAbsent("PYTHONUNBUFFERED", "1");
      environment.putAll(task.environment(late::value));
      environment.put(TIMINGS_ENV, layout.nodeTimingsFile(task.name()).toString());
      String prefix = "[" + task.name() + "] ";
      return TaskProcess.start(
          task, builder, layout.logFile(task.name()), line -> log.info(prefix + line), events::add);
    }

    private String jobName() {
      return layout.dir().getFileName().toString();
    }

    private void cannotStart(String task, String reason) {
      failed = true;
      started++;
      finished++;
      ready.failed(task);
      outcomes.put(
          task,
          new TaskOutcome(task, TaskState.FAILED, Duration.ZERO, null, layout.logFile(task), List.of(reason)));
      log.warn("[" + finished + "/" + launches.size() + "] " + task + " failed: " + reason);
    }

    private void finish(TaskProcess ended) {
      String task = ended.name();
      running.remove(task);
      finished++;
      Duration duration = Duration.ofNanos(ended.endNanos() - ended.startNanos());
      int exitCode = ended.exitCode();
      TaskState state =
          exitCode == 0 ? TaskState.SUCCEEDED : cancelled ? TaskState.CANCELLED : TaskState.FAILED;
      outcomes.put(
          task,
          new TaskOutcome(
              task,
              state,
              duration,
              state == TaskState.CANCELLED ? null : exitCode,
              layout.logFile(task),
              ended.lastLines()));
      String progress = "[" + finished + "/" + launches.size() + "] " + task;
      switch (state) {
        case SUCCEEDED -> {
          log.info(progress + " succeeded in " + RunSummary.seconds(duration));
          ready.succeeded(task);
        }
        case FAILED -> {
          failed = true;
          ready.failed(task);
          log.warn(
              progress + " failed with exit code " + exitCode + " in " + RunSummary.seconds(duration)
                  + (running.isEmpty() ? "" : "; waiting for " + running.size() + " running task(s) to end"));
        }
        default -> log.info(progress + " cancelled after " + RunSummary.seconds(duration));
      }
    }

    private void abandonRunning() {
      for (TaskProcess process : running.values()) {
        outcomes.put(
            process.name(),
            new TaskOutcome(
                process.name(),
                TaskState.CANCELLED,
                Duration.ofNanos(System.nanoTime() - process.startNanos()),
                null,
                layout.logFile(process.name()),
                process.lastLines()));
      }
      running.clear();
    }

    /** Stops every running task's process tree; no task starts afterwards. Safe from any thread. */
    void stopAll() {
      List<ProcessHandle> handles = new ArrayList<>();
      synchronized (startLock) {
        cancelled = true;
        for (TaskProcess process : running.values()) {
          handles.add(process.handle());
        }
      }
      if (!handles.isEmpty()) {
        log.warn("Stopping " + handles.size() + " running task(s) of the local run");
        ProcessTrees.destroy(handles, gracePeriod);
      }
    }
  }

  /** Task output comes from one thread per task; whole lines, never interleaved characters. */
  private static final class SerializedLog implements EventLog {
    private final EventLog log;

    SerializedLog(EventLog log) {
      this.log = log;
    }

    @Override
    public synchronized void debug(String message) {
      log.debug(message);
    }

    @Override
    public synchronized void info(String message) {
      log.info(message);
    }

    @Override
    public synchronized void warn(String message) {
      log.warn(message);
    }
  }
}
