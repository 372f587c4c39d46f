package dev.kedrovertexai.core.vertex;

import com.google.api.gax.rpc.ApiException;
import com.google.api.gax.rpc.StatusCode;
import com.google.cloud.aiplatform.v1.Context;
import com.google.cloud.aiplatform.v1.CreateContextRequest;
import com.google.cloud.aiplatform.v1.LocationName;
import com.google.cloud.aiplatform.v1.MetadataStore;
import com.google.cloud.aiplatform.v1.PipelineJob;
import com.google.protobuf.FieldMask;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import dev.kedrovertexai.core.EventLog;
import dev.kedrovertexai.core.KedroVertexAiException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Records pipeline runs in one Vertex AI experiment as the Vertex AI SDK's {@code
 * PipelineJob.submit(experiment=...)} does. The experiment is a metadata context of schema {@code
 * system.Experiment} in the location's {@code default} metadata store, got or created before the job is created;
 * once the job runs, Vertex AI gives it a run context ({@code job_detail.pipeline_run_context}), which is added to
 * the experiment as a child. Recording is a side matter: a failure is one warning, never a failed build, and never
 * a second job.
 */
final class ExperimentRecorder {
  static final String EXPERIMENT_SCHEMA = "system.Experiment";
  /** The version the SDK gives {@code system.Experiment} contexts. */
  static final String EXPERIMENT_SCHEMA_VERSION = "0.0.1";
  static final String RUN_SCHEMA = "system.PipelineRun";
  /** Metadata the SDK writes on every experiment it creates; the console filters experiments on it. */
  static final String DELETED_KEY = "experiment_deleted";
  /** Marks the TensorBoard experiments of custom jobs, which the SDK refuses to use as experiments. */
  static final String TENSORBOARD_KEY = "tensorboard_link";
  static final String STORE_ID = "default";
  /**
   * How long run-once without waiting waits for Vertex AI to start the job and give it its run context. The SDK
   * waits for ever; a queued job should not hold a build that much.
   */
  static final Duration RUN_CONTEXT_WAIT = Duration.ofMinutes(5);
  /** How many of a pipeline's latest runs {@code schedule} looks through for scheduled runs to record. */
  static final int SCHEDULED_RUNS_CHECKED = 100;

  /** A recording is one attempt or none: a few quick tries, then the warning, so a job is never held long. */
  private static final Retrier.Policy POLICY = new Retrier.Policy(3, Duration.ofSeconds(1), 2.0, Duration.ofSeconds(4));

  private final MetadataContexts metadata;
  private final PipelineJobs pipelines;
  private final Retrier retrier;
  private final EventLog log;
  private final Clock clock;
  private final Sleeper sleeper;
  private final Duration pollInterval;
  private final String projectId;
  private final String region;
  private final String location;
  private final String store;
  private final String experimentId;
  private final String description;

  /**
   * The experiment {@code experimentId} (with {@code description}, or null to leave it as it is) of {@code
   * projectId} in {@code region}.
   */
  ExperimentRecorder(
      MetadataContexts metadata,
      PipelineJobs pipelines,
      ApiErrors errors,
      EventLog log,
      Clock clock,
      Sleeper sleeper,
      Duration pollInterval,
      String projectId,
      String region,
      String experimentId,
      String description) {
    this.metadata = metadata;
    this.pipelines = pipelines;
    // Retries are detail here: the one warning that matters comes when recording gives up.
    this.retrier = new Retrier(POLICY, sleeper, retriesAsDebug(log), errors);
    this.log = log;
    this.clock = clock;
    this.sleeper = sleeper;
    this.pollInterval = pollInterval;
    this.projectId = projectId;
    this.region = region;
    this.location = LocationName.of(projectId, region).toString();
    this.store = location + "/metadataStores/" + STORE_ID;
    this.experimentId = experimentId;
    this.description = description;
  }

  String experimentId() {
    return experimentId;
  }

  String link() {
    return ConsoleLinks.experiment(projectId, region, experimentId);
  }

  /**
   * Gets or creates the experiment's context, as the SDK does, and brings its description up to date. Returns the
   * context's name, or null after one warning saying that {@code what} is not recorded.
   */
  String open(String what) {
    Context experiment;
    try {
      ensureStore();
      experiment = getOrCreate();
    } catch (KedroVertexAiException e) {
      warnNotRecorded(what, e.getMessage());
      return null;
    }
    if (!experiment.getSchemaTitle().equals(EXPERIMENT_SCHEMA)
        || experiment.getMetadata().containsFields(TENSORBOARD_KEY)) {
      String kind =
          experiment.getSchemaTitle().equals(EXPERIMENT_SCHEMA)
              ? "the TensorBoard experiment of a custom job"
              : "a metadata context of schema " + experiment.getSchemaTitle();
      warnNotRecorded(
          what,
          experiment.getName()
              + " is "
              + kind
              + ", not a Vertex AI experiment; choose another run_config.experiment_name");
      return null;
    }
    if (description != null && !description.equals(experiment.getDescription())) {
      try {
        call(
            "update the description of experiment " + experiment.getName(),
            "aiplatform.contexts.update",
            () ->
                metadata.updateContext(
                    Context.newBuilder().setName(experiment.getName()).setDescription(description).build(),
                    FieldMask.newBuilder().addPaths("description").build()));
      } catch (KedroVertexAiException e) {
        log.warn("The description of Vertex AI experiment " + experimentId + " is not updated: " + e.getMessage());
      }
    }
    return experiment.getName();
  }

  /**
   * A recorder of the job {@code jobId} in the experiment {@code experiment} (as {@link #open} returned it; null:
   * nothing to record).
   */
  Run run(String experiment, String jobId) {
    return new Run(experiment, jobId);
  }

  /**
   * Records in the experiment {@code experiment} the runs that the schedules named {@code scheduleNames} have
   * started, that Vertex AI has given a run context and that are not in it yet: the last {@link
   * #SCHEDULED_RUNS_CHECKED} runs labelled {@code labels}. {@code what} names the schedule for people.
   */
  void recordScheduledRuns(String experiment, String what, Set<String> scheduleNames, Map<String, String> labels) {
    String filter = JobLabels.filter(labels);
    try {
      List<String> started = new ArrayList<>();
      for (PipelineJob job :
          call(
              "list the pipeline jobs of " + location,
              "aiplatform.pipelineJobs.list",
              () -> pipelines.list(location, filter, "create_time desc", SCHEDULED_RUNS_CHECKED))) {
        if (scheduleNames.contains(job.getScheduleName()) && hasRunContext(job)) {
          started.add(runContext(job));
        }
      }
      if (!started.isEmpty()) {
        started.removeAll(recordedRuns(experiment));
      }
      if (started.isEmpty()) {
        log.debug("No new run of " + what + " to record in Vertex AI experiment " + experimentId);
        return;
      }
      addChildren(experiment, started);
      log.info(
          "Recorded "
              + started.size()
              + (started.size() == 1 ? " run of " : " runs of ")
              + what
              + " in Vertex AI experiment "
              + experimentId
              + ": "
              + link());
    } catch (KedroVertexAiException e) {
      warnNotRecorded("the runs of " + what, e.getMessage());
    }
  }

  /**
   * The experiment's context, or null when it does not exist yet; read only, for listing. Failures are the
   * caller's to report.
   */
  Context find() throws KedroVertexAiException {
    return call(
        "read experiment " + experimentName(),
        "aiplatform.contexts.get",
        () -> nullOn(StatusCode.Code.NOT_FOUND, () -> metadata.getContext(experimentName())));
  }

  /** The run contexts in the experiment {@code experiment}. */
  Set<String> recordedRuns(String experiment) throws KedroVertexAiException {
    String filter = "schema_title=\"" + RUN_SCHEMA + "\" AND parent_contexts:\"" + experiment + "\"";
    List<Context> runs =
        call(
            "list the runs of experiment " + experiment,
            "aiplatform.contexts.list",
            () -> metadata.listContexts(store, filter));
    Set<String> names = new HashSet<>();
    runs.forEach(run -> names.add(run.getName()));
    return names;
  }

  static boolean hasRunContext(PipelineJob job) {
    return !runContext(job).isEmpty();
  }

  static String runContext(PipelineJob job) {
    return job.getJobDetail().getPipelineRunContext().getName();
  }

  /**
   * Records one job once Vertex AI has given it its run context: fed every state of the job seen, it makes one
   * attempt, the first time the context is there.
   */
  final class Run implements Consumer<PipelineJob> {
    private final String experiment;
    private final String jobId;
    private boolean attempted;

    private Run(String experiment, String jobId) {
      this.experiment = experiment;
      this.jobId = jobId;
      this.attempted = experiment == null;
    }

    @Override
    public void accept(PipelineJob job) {
      if (attempted || !hasRunContext(job)) {
        return;
      }
      attempted = true;
      try {
        addChildren(experiment, List.of(runContext(job)));
        log.info("Recorded pipeline job " + jobId + " in Vertex AI experiment " + experimentId + ": " + link());
      } catch (KedroVertexAiException e) {
        warnNotRecorded("pipeline job " + jobId, e.getMessage());
      }
    }

    /**
     * Polls the job {@code jobName} until Vertex AI gives it its run context and records it; gives up, with a
     * warning, when the job ends without one or has not started after {@link #RUN_CONTEXT_WAIT}.
     */
    void whenStarted(String jobName) {
      if (attempted) {
        return;
      }
      Instant deadline = clock.instant().plus(RUN_CONTEXT_WAIT);
      log.info("Waiting for " + jobId + " to start, to record it in Vertex AI experiment " + experimentId);
      ApiAction get = ApiAction.vertex("get pipeline job " + jobName, "aiplatform.pipelineJobs.get");
      while (true) {
        PipelineJob job;
        try {
          job = retrier.call(get, () -> pipelines.get(jobName));
        } catch (KedroVertexAiException e) {
          warnNotRecorded("pipeline job " + jobId, e.getMessage());
          return;
        }
        accept(job);
        if (attempted || JobWatcher.DONE.contains(job.getState())) {
          finish();
          return;
        }
        if (!clock.instant().isBefore(deadline)) {
          warnNotRecorded(
              "pipeline job " + jobId,
              "it had not started after "
                  + Durations.format(RUN_CONTEXT_WAIT)
                  + " ("
                  + JobWatcher.stateName(job.getState())
                  + "); {param:wait=true} records a run when it starts");
          return;
        }
        try {
          sleeper.sleep(pollInterval);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          warnNotRecorded("pipeline job " + jobId, "interrupted while waiting for it to start");
          return;
        }
      }
    }

    /** Warns when the job was followed to its end without ever getting a run context (it never ran). */
    void finish() {
      if (!attempted) {
        warnNotRecorded("pipeline job " + jobId, "it ended before Vertex AI gave it a run context");
      }
    }
  }

  /** The SDK makes sure of the store first: a location where no pipeline ever ran has none. */
  private void ensureStore() throws KedroVertexAiException {
    MetadataStore existing =
        call(
            "read metadata store " + store,
            "aiplatform.metadataStores.get",
            () -> nullOn(StatusCode.Code.NOT_FOUND, () -> metadata.getMetadataStore(store)));
    if (existing == null) {
      // ALREADY_EXISTS: another build created it in between, which is as good.
      call(
          "create metadata store " + store,
          "aiplatform.metadataStores.create",
          () -> nullOn(StatusCode.Code.ALREADY_EXISTS, () -> metadata.createMetadataStore(location, STORE_ID)));
      log.info("Created the Vertex AI metadata store " + store);
    }
  }

  private Context getOrCreate() throws KedroVertexAiException {
    String name = experimentName();
    Context existing =
        call("read experiment " + name, "aiplatform.contexts.get", () -> nullOn(StatusCode.Code.NOT_FOUND, () -> metadata.getContext(name)));
    if (existing != null) {
      return existing;
    }
    Struct deleted =
        Struct.newBuilder().putFields(DELETED_KEY, Value.newBuilder().setBoolValue(false).build()).build();
    Context.Builder context =
        Context.newBuilder()
            .setDisplayName(experimentId)
            .setSchemaTitle(EXPERIMENT_SCHEMA)
            .setSchemaVersion(EXPERIMENT_SCHEMA_VERSION)
            .setMetadata(deleted);
    if (description != null) {
      context.setDescription(description);
    }
    CreateContextRequest request =
        CreateContextRequest.newBuilder().setParent(store).setContextId(experimentId).setContext(context).build();
    // ALREADY_EXISTS: another build created it in between; that one is read below.
    Context created =
        call(
            "create experiment " + name,
            "aiplatform.contexts.create",
            () -> nullOn(StatusCode.Code.ALREADY_EXISTS, () -> metadata.createContext(request)));
    if (created != null) {
      log.info("Created Vertex AI experiment " + experimentId + ": " + link());
      return created;
    }
    return call("read experiment " + name, "aiplatform.contexts.get", () -> metadata.getContext(name));
  }

  private void addChildren(String experiment, List<String> runContexts) throws KedroVertexAiException {
    retrier.run(
        ApiAction.vertex("add runs to experiment " + experiment, "aiplatform.contexts.addContextChildren"),
        () -> metadata.addContextChildren(experiment, runContexts));
  }

  private String experimentName() {
    return store + "/contexts/" + experimentId;
  }

  private <T> T call(String description, String permission, Supplier<T> call) throws KedroVertexAiException {
    return retrier.call(ApiAction.vertex(description, permission), call);
  }

  private void warnNotRecorded(String what, String reason) {
    log.warn("Not recording " + what + " in Vertex AI experiment " + experimentId + ": " + reason);
  }

  /** The result of {@code call}, or null when it fails with {@code code}. */
  private static <T> T nullOn(StatusCode.Code code, Supplier<T> call) {
    try {
      return call.get();
    } catch (ApiException e) {
      if (e.getStatusCode().getCode() == code) {
        return null;
      }
      throw e;
    }
  }

  /** {@code log} with retry warnings turned into debug lines. */
  private static EventLog retriesAsDebug(EventLog log) {
    return new EventLog() {
      @Override
      public void debug(String message) {
        log.debug(message);
      }

      @Override
      public void info(String message) {
        log.info(message);
      }

      @Override
      public void warn(String message) {
        log.debug(message);
      }
    };
  }
}
