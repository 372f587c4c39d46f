package dev.kedrovertexai.core.vertex;

import com.google.api.gax.rpc.ApiException;
import com.google.api.gax.rpc.StatusCode;
import com.google.cloud.aiplatform.v1.Context;
import com.google.cloud.aiplatform.v1.CreatePipelineJobRequest;
import com.google.cloud.aiplatform.v1.LocationName;
import com.google.cloud.aiplatform.v1.PipelineJob;
import com.google.cloud.aiplatform.v1.Schedule;
import dev.kedrovertexai.core.EventLog;
import dev.kedrovertexai.core.JobIds;
import dev.kedrovertexai.core.KedroVertexAiException;
import dev.kedrovertexai.core.spec.PipelineSpecCompiler;
import dev.kedrovertexai.core.storage.ObjectStore;
import dev.kedrovertexai.core.storage.RunManifest;
import dev.kedrovertexai.core.storage.TempData;
import dev.kedrovertexai.core.Version;
import dev.kedrovertexai.core.config.RunConfig;
import dev.kedrovertexai.core.config.VertexAiConfig;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.random.RandomGenerator;
import java.util.stream.Collectors;

/**
 * The Vertex AI goals: run once (and wait), schedule, unschedule, pause, resume, list and ui links, with the runs
 * recorded in the configured Vertex AI experiment. One instance serves one goal for one project and region.
 */
public final class VertexAiService {
  /** How often a waiting build asks for the job's state: tasks take minutes, so this costs nothing. */
  public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(10);

  private final VertexAccess access;
  private final VertexAiConfig config;
  private final EventLog log;
  private final Clock clock;
  private final RandomGenerator random;
  private final Sleeper sleeper;
  private final Duration pollInterval;
  private final ApiErrors errors;
  private final Retrier retrier;
  private final JobWatcher watcher;
  private final ScheduleManager scheduler;
  private final String parent;

  public VertexAiService(VertexAccess access, VertexAiConfig config, EventLog log) {
    this(access, config, log, DEFAULT_POLL_INTERVAL);
  }

  /** {@code pollInterval}: how often a waiting build asks for the job's state. */
  public VertexAiService(VertexAccess access, VertexAiConfig config, EventLog log, Duration pollInterval) {
    this(
        access,
        config,
        log,
        Clock.systemUTC(),
        new SecureRandom(),
        Sleeper.REAL,
        Retrier.Policy.DEFAULT,
        pollInterval);
  }

  VertexAiService(
      VertexAccess access,
      VertexAiConfig config,
      EventLog log,
      Clock clock,
      RandomGenerator random,
      Sleeper sleeper,
      Retrier.Policy retryPolicy,
      Duration pollInterval) {
    this.access = access;
    this.config = config;
    this.log = log;
    this.clock = clock;
    this.random = random;
    this.sleeper = sleeper;
    this.pollInterval = pollInterval;
    this.errors = new ApiErrors(access.identity());
    this.retrier = new Retrier(retryPolicy, sleeper, log, errors);
    this.parent = LocationName.of(config.projectId(), config.region()).toString();
    this.watcher =
        new JobWatcher(
            access.pipelines(), retrier, log, clock, sleeper, pollInterval, config.projectId(), config.region());
    this.scheduler = new ScheduleManager(access.schedules(), retrier, log, config, parent);
  }

  /**
   * Submits the compiled job under a fresh client-chosen id, after checking the root bucket, and records it in the
   * run's Vertex AI experiment once it runs; follows it to its end when asked. Returns the job as last seen.
   */
  public PipelineJob runOnce(Submission submission, RunOptions options) throws KedroVertexAiException {
    PipelineJob compiled = PipelineJobBuilder.parse(submission.jobJson(), submission.source());
    String pipelineName = PipelineJobBuilder.pipelineName(compiled);
    PipelineJob job = prepare(compiled, submission);
    if (options.checkBucket()) {
      checkBucket(job.getRuntimeConfig().getGcsOutputDirectory());
    }
    String jobId = JobIds.newJobId(pipelineName, clock.instant(), random);
    writeManifest(submission.manifest(), job.getRuntimeConfig().getGcsOutputDirectory(), jobId);
    // As the SDK does, the experiment is got or created before the job, its run added once the job runs.
    ExperimentRecorder experiment = experiment(submission.kedroProject());
    ExperimentRecorder.Run recording = experiment.run(experiment.open("pipeline job " + jobId), jobId);
    PipelineJob created = create(job, jobId);
    log.info("Submitted pipeline job " + jobId + " as " + access.identity());
    log.info("Console: " + ConsoleLinks.job(config.projectId(), config.region(), jobId));
    if (!options.waits()) {
      recording.whenStarted(created.getName());
      return created;
    }
    try {
      return watcher.await(created.getName(), options.timeout(), recording);
    } finally {
      recording.finish();
    }
  }

  /**
   * Creates or updates the schedule named {@code scheduleName} (null: {@code run_config.scheduled_run_name},
   * else the compiled pipeline name) so that it runs the compiled job with the given parameter values.
   */
  public Schedule schedule(Submission submission, String scheduleName, ScheduleOverrides overrides)
      throws KedroVertexAiException {
    PipelineJob compiled = PipelineJobBuilder.parse(submission.jobJson(), submission.source());
    String name = scheduleName(scheduleName, PipelineJobBuilder.pipelineName(compiled));
    PipelineJob job = prepare(compiled, submission);
    Schedule desired = scheduler.build(name, job, submission.kedroPipeline(), overrides);
    ExperimentRecorder experiment = experiment(submission.kedroProject());
    String what = "schedule '" + name + "'";
    String context = experiment.open("the runs of " + what);
    List<Schedule> existing = scheduler.find(name);
    if (context != null && !existing.isEmpty()) {
      // Before the schedules are replaced: their runs are found by the schedules' names.
      experiment.recordScheduledRuns(
          context,
          what,
          existing.stream().map(Schedule::getName).collect(Collectors.toSet()),
          JobLabels.identity(submission.kedroProject(), submission.kedroPipeline()));
    }
    Schedule applied = scheduler.apply(desired, existing);
    log.info("Schedules: " + ConsoleLinks.schedules(config.projectId(), config.region()));
    if (context != null) {
      log.info(
          "Vertex AI starts the schedule's runs itself and cannot record them in an experiment as they start: each"
              + " mvn vertexai:schedule records in Vertex AI experiment "
              + experiment.experimentId()
              + " the runs started so far");
    }
    return applied;
  }

  /** Deletes the schedules named {@code scheduleName}; returns how many were deleted. */
  public int unschedule(String scheduleName) throws KedroVertexAiException {
    return scheduler.deleteAll(scheduleName);
  }

  public Schedule pause(String scheduleName) throws KedroVertexAiException {
    return scheduler.pause(scheduleName);
  }

  public Schedule resume(String scheduleName) throws KedroVertexAiException {
    return scheduler.resume(scheduleName);
  }

  /**
   * The schedule name to use: the one given, else {@code run_config.scheduled_run_name}, else {@code
   * pipelineName} ({@code pipelineInfo.name}).
   */
  public String scheduleName(String given, String pipelineName) {
    String chosen = chosenScheduleName(given, config.runConfig());
    return chosen != null ? chosen : pipelineName;
  }

  /**
   * The schedule name given or configured ({@code run_config.scheduled_run_name}), or null when the compiled
   * pipeline's name is to be used.
   */
  public static String chosenScheduleName(String given, RunConfig run) {
    if (given != null && !given.isBlank()) {
      return given.trim();
    }
    String configured = run.scheduledRunName();
    return configured != null && !configured.isBlank() ? configured.trim() : null;
  }

  /**
   * Logs, and returns, this pipeline's last {@code limit} runs (newest first), with its experiment and whether
   * each run is recorded in it, and then its schedules.
   */
  public List<PipelineJob> listPipelines(String kedroProject, String kedroPipeline, int limit)
      throws KedroVertexAiException {
    Map<String, String> labels = JobLabels.identity(kedroProject, kedroPipeline);
    List<PipelineJob> runs = runs(labels, limit);
    Set<String> recorded = describeExperiment(experiment(kedroProject));
    if (runs.isEmpty()) {
      log.info("No runs of Kedro pipeline '" + kedroPipeline + "' of " + kedroProject + " in " + parent);
    } else {
      log.info("Runs of Kedro pipeline '" + kedroPipeline + "' of " + kedroProject + " in " + parent + ":");
      RunHistory.runTable(runs, config.projectId(), config.region(), clock, recorded).forEach(log::info);
    }
    List<Schedule> schedules =
        retrier
            .call(
                ApiAction.vertex("list the schedules of " + parent, "aiplatform.schedules.list"),
                () -> access.schedules().list(parent, ""))
            .stream()
            .filter(schedule -> RunHistory.schedulesRunsLabelled(schedule, labels))
            .toList();
    if (schedules.isEmpty()) {
      log.info("No schedules.");
    } else {
      log.info("Schedules:");
      RunHistory.scheduleTable(schedules).forEach(log::info);
    }
    return runs;
  }

  /** The pipelines page, and the last run of this pipeline when there is one. */
  public UiLinks ui(String kedroProject, String kedroPipeline) throws KedroVertexAiException {
    List<PipelineJob> last = runs(JobLabels.identity(kedroProject, kedroPipeline), 1);
    String lastRun =
        last.isEmpty()
            ? null
            : ConsoleLinks.job(config.projectId(), config.region(), ConsoleLinks.lastSegment(last.get(0).getName()));
    return new UiLinks(ConsoleLinks.pipelines(config.projectId(), config.region()), lastRun);
  }

  /**
   * Logs the experiment's name, description and link, and returns the run contexts recorded in it (empty when it
   * does not exist yet); null, after a warning, when it cannot be read. Only reads.
   */
  private Set<String> describeExperiment(ExperimentRecorder experiment) {
    try {
      Context context = experiment.find();
      if (context == null) {
        log.info(
            "Vertex AI experiment "
                + experiment.experimentId()
                + " does not exist yet: run-once and schedule create it");
        return Set.of();
      }
      String description = context.getDescription().isEmpty() ? "" : " (" + context.getDescription() + ")";
      log.info("Vertex AI experiment " + experiment.experimentId() + description + ": " + experiment.link());
      return experiment.recordedRuns(context.getName());
    } catch (KedroVertexAiException e) {
      log.warn("Cannot read Vertex AI experiment " + experiment.experimentId() + ": " + e.getMessage());
      return null;
    }
  }

  /** The recorder of {@code run_config.experiment_name} (by default named after {@code kedroProject}). */
  private ExperimentRecorder experiment(String kedroProject) {
    RunConfig run = config.runConfig();
    return new ExperimentRecorder(
        access.metadata(),
        access.pipelines(),
        errors,
        log,
        clock,
        sleeper,
        pollInterval,
        config.projectId(),
        config.region(),
        run.experimentNameOrDefault(kedroProject),
        run.experimentDescription());
  }

  private List<PipelineJob> runs(Map<String, String> labels, int limit) throws KedroVertexAiException {
    String filter = JobLabels.filter(labels);
    return RunHistory.newestFirst(
        retrier.call(
            ApiAction.vertex("list the pipeline jobs of " + parent, "aiplatform.pipelineJobs.list"),
            () -> access.pipelines().list(parent, filter, "create_time desc", limit)));
  }

  private PipelineJob prepare(PipelineJob compiled, Submission submission) throws KedroVertexAiException {
    Map<String, String> labels =
        JobLabels.submission(submission.kedroProject(), submission.kedroPipeline(), config.env(), Version.get());
    return PipelineJobBuilder.prepare(compiled, config, labels, submission.parameterValues());
  }

  /**
   * Deletes (or, unless {@code delete}, lists) the temporary data under {@code run_config.root} of this pipeline's
   * runs that ended more than {@code olderThan} ago, as their manifests describe them.
   */
  public void cleanTempData(String kedroProject, String kedroPipeline, Duration olderThan, boolean delete)
      throws KedroVertexAiException {
    ObjectStore store = access.objectStore();
    if (store == null) {
      throw new KedroVertexAiException(
          "Cannot reach Cloud Storage: a Vertex AI emulator is set without a Cloud Storage emulator"
              + " (STORAGE_EMULATOR_HOST)");
    }
    new TempDataCleaner(store, access.pipelines(), retrier, log, clock, parent)
        .clean(PipelineSpecCompiler.gcsRoot(config.runConfig()), kedroProject, kedroPipeline, olderThan, delete);
  }

  /**
   * The run's manifest goes to its temporary folder before the job exists, so that every job that may leave data
   * there has one. A manifest that cannot be written stops the submission: the job's tasks could not write there
   * either.
   */
  private void writeManifest(RunManifest manifest, String root, String jobId) throws KedroVertexAiException {
    ObjectStore store = access.objectStore();
    String url = TempData.manifestUrl(root, jobId);
    if (store == null) {
      log.info("Not writing " + url + ": no Cloud Storage emulator (STORAGE_EMULATOR_HOST) is set");
      return;
    }
    try {
      store.write(url, manifest.json(root, jobId, RunManifest.RUNNER_VERTEX_AI, clock.instant()));
    } catch (IOException e) {
      throw new KedroVertexAiException(
          "Cannot write the run's manifest, so nothing was submitted: " + e.getMessage()
              + ". The identity " + access.identity() + " needs storage.objects.create on the bucket of"
              + " run_config.root (roles/storage.objectUser).",
          e);
    }
    log.debug("Wrote " + url);
  }

  private void checkBucket(String gcsOutputDirectory) throws KedroVertexAiException {
    String path = gcsOutputDirectory.substring("gs://".length());
    String bucket = path.contains("/") ? path.substring(0, path.indexOf('/')) : path;
    if (access.buckets() == null) {
      log.info("Not checking bucket gs://" + bucket + ": no Cloud Storage emulator (STORAGE_EMULATOR_HOST) is set");
      return;
    }
    if (!access.buckets().exists(bucket)) {
      String where = config.originOf("run_config.root").toString();
      throw new KedroVertexAiException(
          "The bucket gs://"
              + bucket
              + " of run_config.root ("
              + where
              + ") does not exist, or "
              + access.identity()
              + " cannot see it (checking needs "
              + GcsBuckets.PERMISSION
              + "). Create it (gcloud storage buckets create gs://"
              + bucket
              + " --location="
              + config.region()
              + ") or fix run_config.root; -Dvertexai.skipBucketCheck=true skips this check.");
    }
    log.debug("Bucket gs://" + bucket + " exists");
  }

  /**
   * Creates the job, retrying passing failures. Our id makes that safe: ALREADY_EXISTS after a failed
   * attempt means an earlier attempt did create it, so it is fetched instead of created twice.
   */
  private PipelineJob create(PipelineJob job, String jobId) throws KedroVertexAiException {
    String jobName = parent + "/pipelineJobs/" + jobId;
    CreatePipelineJobRequest request =
        CreatePipelineJobRequest.newBuilder().setParent(parent).setPipelineJob(job).setPipelineJobId(jobId).build();
    AtomicInteger attempts = new AtomicInteger();
    return retrier.call(
        ApiAction.vertex("create pipeline job " + jobId + " in " + parent, "aiplatform.pipelineJobs.create"),
        () -> {
          try {
            attempts.incrementAndGet();
            return access.pipelines().create(request);
          } catch (ApiException e) {
            if (attempts.get() > 1 && e.getStatusCode().getCode() == StatusCode.Code.ALREADY_EXISTS) {
              PipelineJob existing = access.pipelines().get(jobName);
              log.info("Pipeline job " + jobId + " was created by an earlier attempt");
              return existing;
            }
            throw e;
          }
        });
  }
}
