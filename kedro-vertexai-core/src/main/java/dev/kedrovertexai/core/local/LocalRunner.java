package dev.kedrovertexai.core.local;

import dev.kedrovertexai.core.EventLog;
import dev.kedrovertexai.core.JobIds;
import dev.kedrovertexai.core.KedroVertexAiException;
import dev.kedrovertexai.core.ProcessTrees;
import dev.kedrovertexai.core.description.ProjectMetadata;
import dev.kedrovertexai.core.io.IoErrors;
import dev.kedrovertexai.core.io.JsonFiles;
import dev.kedrovertexai.core.python.PythonScripts;
import dev.kedrovertexai.core.storage.ObjectStore;
import dev.kedrovertexai.core.storage.ObjectStores;
import dev.kedrovertexai.core.storage.RunManifest;
import dev.kedrovertexai.core.storage.TempData;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.concurrent.atomic.AtomicReference;
import java.util.random.RandomGenerator;

/**
 * Runs a compiled PipelineSpec on this machine, as Vertex AI would run it: each task is a local process running
 * the task's container command with its placeholders filled, the local Python standing in for the image's, and
 * the pipeline root moved to {@code <runs dir>/<job name>/root} (or to the requested {@code gs://} root).
 *
 * <p>By default each task runs in its own copy of the project ({@link TaskFolders}), as in its own container, and
 * what the tasks wrote is gathered into {@code <runs dir>/<job name>/outputs} at the end. Tasks that run the local
 * Python start as children of a {@link ForkServer}, which imported Kedro and the project once; where it cannot run,
 * each starts its own interpreter.
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
    SystemValues system = new SystemValues(jobName, uuid(), rootUri, now, this::uuid, layout.parametersDir());
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
    Thread shutdownHook =
        new Thread(
            () -> {
              run.stopAll();
              run.closeServer();
            },
            "run-local shutdown " + jobName);
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
      throw new LocalRunException(failureMessage(result, wall, crossings(request, layout, result)), result);
    }
    log.info(
        "Local run " + jobName + " succeeded in " + RunSummary.seconds(wall) + "; logs and timings in "
            + layout.dir() + (request.isolateTasks() ? ", what the tasks wrote in " + layout.outputsDir() : ""));
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

  /**
   * For each failed isolated task, the local files it lacked that another task wrote: datasets passed between
   * tasks as local files, which do not pass between containers either.
   */
  private static Map<String, Map<String, String>> crossings(
      LocalRunRequest request, RunLayout layout, LocalRunResult result) {
    Map<String, Map<String, String>> crossings = new HashMap<>();
    if (!request.isolateTasks()) {
      return crossings;
    }
    Map<String, Path> taskDirs = new LinkedHashMap<>();
    result.tasks().forEach(task -> taskDirs.put(task.task(), layout.taskDir(task.task())));
    for (TaskOutcome outcome : result.tasks()) {
      if (outcome.state() == TaskState.FAILED) {
        Map<String, String> missing =
            TaskFolders.missingFromOtherTasks(layout.taskDir(outcome.task()), outcome.lastLogLines(), taskDirs);
        if (!missing.isEmpty()) {
          crossings.put(outcome.task(), missing);
        }
      }
    }
    return crossings;
  }

  private static String failureMessage(
      LocalRunResult result, Duration wall, Map<String, Map<String, String>> crossings) {
    StringBuilder message =
        new StringBuilder("Local run ").append(result.jobName()).append(" failed after ")
            .append(RunSummary.seconds(wall)).append(':');
    List<String> skipped = new ArrayList<>();
    for (TaskOutcome outcome : result.tasks()) {
      if (outcome.state() == TaskState.FAILED) {
        message.append(System.lineSeparator()).append("Task ").append(outcome.task());
        message.append(
            outcome.exitCode() != null
                ? " exited with code " + outcome.exitCode()
                : outcome.duration().isZero() ? " could not start" : " ended without an exit code");
        message.append(". Last lines of ").append(outcome.logFile()).append(':');
        for (String line : outcome.lastLogLines()) {
          message.append(System.lineSeparator()).append("  ").append(line);
        }
        crossings.getOrDefault(outcome.task(), Map.of()).forEach((file, writer) ->
            message.append(System.lineSeparator())
                .append(outcome.task()).append(" has no ").append(file).append(": task ").append(writer)
                .append(" wrote it into its own folder. A file written outside the catalog does not pass from one"
                    + " task to another, on Vertex AI either: make it a dataset of the catalog (one that crosses"
                    + " tasks is kept in temporary storage between them) or write it to a gs:// path;"
                    + " {param:isolateTasks=false} runs every task in the project folder."));
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
    /** The request id of the helper that finds the pipeline's inputs; no task name looks like it. */
    private static final String INPUTS_HELPER = "#project-inputs";

    private final LocalRunRequest request;
    private final RunLayout layout;
    private final Map<String, TaskLaunch> launches = new LinkedHashMap<>();
    /** Where every task process starts from, before its container's env. */
    private final Map<String, String> baseEnvironment;
    private final ReadyTasks ready;
    private final Map<String, TaskOutcome> outcomes = new HashMap<>();
    /** Processes that ended, as their output threads report them. */
    private final BlockingQueue<TaskProcess> events = new LinkedBlockingQueue<>();
    /** Guards starting against stopping: a process is either seen by {@link #stopAll()} or never started. */
    private final Object startLock = new Object();
    /** Read by {@link #stopAll()} from other threads. */
    private final Map<String, TaskProcess> running = new ConcurrentHashMap<>();
    /** The helper process that runs before the tasks, if any; guarded by startLock. */
    private TaskProcess helper;
    /** Guarded by startLock; null when tasks start their own interpreters. */
    private ForkServer server;
    /** Set when the server failed to fork a task: it starts no more, but still reports its children's ends. */
    private boolean forkFailed;
    /** What every task folder got from the project, relative to it. */
    private Set<String> copied = Set.of();
    /** Tasks that ran, in the order they ended. */
    private final List<String> ended = new ArrayList<>();
    private volatile boolean cancelled;
    private boolean interrupted;
    private boolean failed;
    private boolean abandoned;
    private int started;
    private int finished;

    Run(LocalRunRequest request, RunLayout layout, List<TaskLaunch> tasks) {
      this.request = request;
      this.layout = layout;
      Map<String, String> environment = new HashMap<>(request.environment());
      // Python buffers a pipe's output; unbuffered, the log shows each line as it is printed.
      environment.putIfAbsent("PYTHONUNBUFFERED", "1");
      this.baseEnvironment = Collections.unmodifiableMap(environment);
      for (TaskLaunch task : tasks) {
        launches.put(task.name(), task);
      }
      this.ready = new ReadyTasks(tasks);
    }

    List<TaskOutcome> execute() throws KedroVertexAiException {
      try {
        if (request.forkServer()) {
          startServer();
        }
        if (request.isolateTasks() && !cancelled) {
          makeTaskFolders();
        }
        schedule();
      } finally {
        closeServer();
      }
      if (request.isolateTasks()) {
        gatherOutputs();
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

    private void schedule() {
      while (true) {
        startReadyTasks();
        if (running.isEmpty()) {
          break;
        }
        TaskProcess ended;
        try {
          ended = cancelled ? events.poll(gracePeriod.toMillis() + 10_000, TimeUnit.MILLISECONDS) : events.take();
        } catch (InterruptedException e) {
          onInterrupt();
          continue;
        }
        if (ended == null) {
          // Stopped processes did not report back in time; do not hang the build on them.
          abandonRunning();
          break;
        }
        finish(ended);
      }
    }

    /** The runner thread was interrupted: stop everything, and remember it for the caller. */
    private void onInterrupt() {
      interrupted = true;
      stopAll();
      // Remembered above; cleared so that waiting for the stopped processes can go on.
      Thread.interrupted();
    }

    private void startServer() {
      ForkServer starting;
      try {
        starting =
            ForkServer.start(
                request.python(), request.projectDir(), option(PythonScripts.ENV_OPTION), baseEnvironment,
                layout.forkServerLog());
      } catch (IOException e) {
        log.warn("Cannot start the fork server (" + e.getMessage() + "); every task starts its own Python");
        return;
      }
      synchronized (startLock) {
        server = starting;
        if (cancelled) {
          return;
        }
      }
      JsonNode readied;
      try {
        readied = starting.awaitReady(() -> cancelled || Thread.currentThread().isInterrupted());
      } catch (ForkServer.Unavailable e) {
        String message = "The fork server cannot start tasks (" + e.getMessage() + "); every task starts its own Python";
        if (e.platform()) {
          log.info(message);
        } else {
          log.warn(message);
        }
        closeServer();
        return;
      }
      if (readied == null) {
        if (Thread.currentThread().isInterrupted()) {
          onInterrupt();
        }
        return;
      }
      log.info(
          "Tasks start as children of one Python that imported Kedro and the project in "
              + RunSummary.seconds(Duration.ofMillis(Math.round(readied.path("seconds").asDouble() * 1000)))
              + " (fork server, pid " + readied.path("pid").asLong() + ")");
      for (JsonNode problem : readied.path("problems")) {
        log.debug("The fork server could not import " + problem.asText() + "; each task imports it itself (see "
            + layout.forkServerLog() + ")");
      }
    }

    /** Stops the fork server, if there is one; safe from any thread. */
    void closeServer() {
      ForkServer closing;
      synchronized (startLock) {
        closing = server;
        server = null;
      }
      if (closing != null) {
        closing.close(gracePeriod);
      }
    }

    private void makeTaskFolders() throws KedroVertexAiException {
      List<String> inputs = projectInputs();
      if (cancelled) {
        return;
      }
      Path projectDir = request.projectDir();
      String sourceDir =
          Files.isRegularFile(projectDir.resolve("pyproject.toml")) ? ProjectMetadata.sourceDir(projectDir) : "src";
      TaskFolders folders = new TaskFolders(projectDir, sourceDir, inputs);
      try {
        for (String task : launches.keySet()) {
          copied = folders.create(layout.taskDir(task));
        }
      } catch (IOException e) {
        throw new KedroVertexAiException(
            "Cannot make the tasks' copies of the project under " + layout.tasksDir() + ": " + e, e);
      }
      List<String> named = inputs.subList(0, Math.min(inputs.size(), 5));
      log.info(
          "Each task runs in its own copy of the project, under " + layout.tasksDir()
              + (inputs.isEmpty()
                  ? ""
                  : ", with the local files the pipeline only reads: " + String.join(", ", named)
                      + (named.size() < inputs.size() ? ", ... (" + inputs.size() + " in all)" : "")));
    }

    /**
     * The local files the pipeline only reads, relative to the project, as the project's Python finds them in its
     * catalog; none when the project is not a Kedro project, or its catalog cannot be read (then the tasks that
     * read them fail, each with its own message).
     */
    private List<String> projectInputs() {
      // Every pipeline the tasks run: an exit pipeline's tasks may read other files than the main pipeline's.
      Set<String> pipelines = new TreeSet<>();
      launches.values().forEach(task -> {
        String pipeline = option(task, PythonScripts.PIPELINE_OPTION);
        if (pipeline != null) {
          pipelines.add(pipeline);
        }
      });
      if (pipelines.isEmpty() || !Files.isRegularFile(request.projectDir().resolve("pyproject.toml"))) {
        return List.of();
      }
      // The catalog may read the container's env (${oc.env:KEDRO_CONFIG_JOB_NAME}), which every task has.
      Map<String, String> environment = runtimeTask().environment();
      List<String> command = new ArrayList<>(List.of(request.python(), "-c", PythonScripts.projectInputsScript()));
      pipelines.forEach(pipeline -> command.addAll(List.of(PythonScripts.PIPELINE_OPTION, pipeline)));
      String env = option(PythonScripts.ENV_OPTION);
      if (env != null) {
        command.addAll(List.of(PythonScripts.ENV_OPTION, env));
      }
      command.addAll(List.of("--out", layout.inputsFile().toString()));
      CompletableFuture<TaskProcess> done = new CompletableFuture<>();
      synchronized (startLock) {
        if (cancelled) {
          return List.of();
        }
        try {
          helper =
              launch(
                  INPUTS_HELPER, command, environment, request.projectDir(), layout.inputsLog(),
                  line -> log.debug("[project inputs] " + line), done::complete);
        } catch (IOException e) {
          log.warn("Cannot find the local files the pipeline reads (" + e.getMessage() + "); the tasks get none");
          return List.of();
        }
      }
      TaskProcess ended = null;
      while (ended == null) {
        try {
          ended = done.get();
        } catch (InterruptedException e) {
          onInterrupt();
        } catch (ExecutionException e) {
          throw new IllegalStateException(e.getCause());
        }
      }
      synchronized (startLock) {
        helper = null;
      }
      if (cancelled) {
        return List.of();
      }
      List<String> inputs = new ArrayList<>();
      try {
        if (Integer.valueOf(0).equals(ended.exitCode())) {
          JsonNode found = JsonFiles.read(layout.inputsFile(), "written by the helper that finds them");
          found.path("paths").forEach(path -> inputs.add(path.asText()));
          return inputs;
        }
      } catch (KedroVertexAiException e) {
        ended = null;
      }
      List<String> lines = ended == null ? List.of() : ended.lastLines();
      log.warn(
          "Cannot tell which local files the pipeline only reads, so the tasks get none of them; see "
              + layout.inputsLog() + (lines.isEmpty() ? "" : ": " + lines.get(lines.size() - 1)));
      return inputs;
    }

    /** The first task that runs the task runtime (it has a pipeline), or null: the pipeline and env it runs. */
    private TaskLaunch runtimeTask() {
      return launches.values().stream()
          .filter(task -> task.command().contains(PythonScripts.PIPELINE_OPTION))
          .findFirst()
          .orElse(null);
    }

    /** The value of a task runtime option of {@link #runtimeTask()}; null when there is none. */
    private String option(String name) {
      return option(runtimeTask(), name);
    }

    /** The value of a task runtime option of {@code task}; null when there is none. */
    private static String option(TaskLaunch task, String name) {
      int at = task == null ? -1 : task.command().indexOf(name);
      return at >= 0 && at + 1 < task.command().size() ? task.command().get(at + 1) : null;
    }

    private void gatherOutputs() {
      Map<String, Path> taskDirs = new LinkedHashMap<>();
      ended.forEach(task -> taskDirs.put(task, layout.taskDir(task)));
      try {
        Map<String, List<String>> several = TaskFolders.gatherOutputs(taskDirs, copied, layout.outputsDir());
        if (!several.isEmpty()) {
          List<String> examples = new ArrayList<>();
          several.entrySet().stream().limit(5).forEach(
              entry -> examples.add(entry.getKey() + " (" + String.join(", ", entry.getValue()) + ")"));
          log.warn(
              several.size() + " file(s) were written by more than one task, each in its own folder; "
                  + layout.outputsDir() + " holds the one written by the task that ended last: "
                  + String.join(", ", examples) + (several.size() > examples.size() ? ", ..." : ""));
        }
      } catch (IOException e) {
        log.warn(
            "Cannot gather what the tasks wrote into " + layout.outputsDir() + " (" + e + "); it is in each task's"
                + " folder under " + layout.tasksDir());
      }
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
      Map<String, String> environment = new HashMap<>(task.environment(late::value));
      environment.put(TIMINGS_ENV, layout.nodeTimingsFile(task.name()).toString());
      Path workDir = request.isolateTasks() ? layout.taskDir(task.name()) : request.projectDir();
      String prefix = "[" + task.name() + "] ";
      return launch(
          task.name(), task.command(late::value), environment, workDir, layout.logFile(task.name()),
          line -> log.info(prefix + line), events::add);
    }

    /**
     * Starts a process: forked by the fork server when the command is {@code python -c <script> ...} with the local
     * Python and needs no interpreter setting of its own, else as a new process of this JVM.
     *
     * @param environment set over {@link #baseEnvironment}
     */
    private TaskProcess launch(
        String name,
        List<String> command,
        Map<String, String> environment,
        Path workDir,
        Path logFile,
        Consumer<String> lines,
        Consumer<TaskProcess> onExit)
        throws IOException {
      if (server != null && !forkFailed && forkable(command, environment)) {
        Files.write(logFile, new byte[0]);
        long start = System.nanoTime();
        try {
          ForkServer.Child child =
              server.fork(name, command.get(2), command.subList(3, command.size()), workDir, environment, logFile);
          return TaskProcess.forked(name, child, start, logFile, gracePeriod, lines, onExit);
        } catch (IOException e) {
          log.warn("The fork server cannot start " + name + " (" + e.getMessage() + "); from now on every task"
              + " starts its own Python");
          forkFailed = true;
        }
      }
      ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile());
      builder.environment().clear();
      builder.environment().putAll(baseEnvironment);
      builder.environment().putAll(environment);
      return TaskProcess.start(name, builder, logFile, lines, onExit);
    }

    /**
     * A forked child is the server's interpreter: it runs what {@code python -c} would, but cannot take settings
     * that an interpreter reads only as it starts ({@code PYTHONPATH}, {@code PYTHONHASHSEED}, ...).
     */
    private boolean forkable(List<String> command, Map<String, String> environment) {
      if (command.size() < 3 || !command.get(0).equals(request.python()) || !command.get(1).equals("-c")) {
        return false;
      }
      return environment.entrySet().stream()
          .noneMatch(
              entry -> entry.getKey().startsWith("PYTHON")
                  && !entry.getValue().equals(baseEnvironment.get(entry.getKey())));
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

    private void finish(TaskProcess process) {
      String task = process.name();
      running.remove(task);
      ended.add(task);
      finished++;
      Duration duration = Duration.ofNanos(process.endNanos() - process.startNanos());
      Integer exitCode = process.exitCode();
      TaskState state =
          Integer.valueOf(0).equals(exitCode)
              ? TaskState.SUCCEEDED
              : cancelled ? TaskState.CANCELLED : TaskState.FAILED;
      outcomes.put(
          task,
          new TaskOutcome(
              task,
              state,
              duration,
              state == TaskState.CANCELLED ? null : exitCode,
              layout.logFile(task),
              process.lastLines()));
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
              progress + (exitCode == null ? " failed without an exit code" : " failed with exit code " + exitCode)
                  + " in " + RunSummary.seconds(duration)
                  + (running.isEmpty() ? "" : "; waiting for " + running.size() + " running task(s) to end"));
        }
        default -> log.info(progress + " cancelled after " + RunSummary.seconds(duration));
      }
    }

    private void abandonRunning() {
      for (TaskProcess process : running.values()) {
        ended.add(process.name());
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

    /**
     * Stops every running task's process tree, and the helper's; no task starts afterwards. The fork server stays,
     * to report how its children ended, until {@link #closeServer()}. Safe from any thread.
     */
    void stopAll() {
      List<ProcessHandle> handles = new ArrayList<>();
      synchronized (startLock) {
        cancelled = true;
        for (TaskProcess process : running.values()) {
          handles.add(process.handle());
        }
        if (helper != null) {
          handles.add(helper.handle());
        }
      }
      handles.removeIf(Objects::isNull);
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
