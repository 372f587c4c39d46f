package dev.kedrovertexai.core.vertex;

import com.google.cloud.aiplatform.v1.PipelineJob;
import com.google.cloud.aiplatform.v1.PipelineState;
import com.google.cloud.aiplatform.v1.PipelineTaskDetail;
import dev.kedrovertexai.core.EventLog;
import dev.kedrovertexai.core.KedroVertexAiException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Follows a submitted job to its end: one log line per change of the job's or a task's state, with the time
 * since waiting began; a failed or cancelled job fails naming the failed tasks and their errors; a job that
 * runs past the timeout is cancelled on Vertex AI, then fails.
 */
final class JobWatcher {
  static final Set<PipelineState> DONE =
      Set.of(
          PipelineState.PIPELINE_STATE_SUCCEEDED,
          PipelineState.PIPELINE_STATE_FAILED,
          PipelineState.PIPELINE_STATE_CANCELLED);

  private final PipelineJobs pipelines;
  private final Retrier retrier;
  private final EventLog log;
  private final Clock clock;
  private final Sleeper sleeper;
  private final Duration pollInterval;
  private final String projectId;
  private final String region;

  JobWatcher(
      PipelineJobs pipelines,
      Retrier retrier,
      EventLog log,
      Clock clock,
      Sleeper sleeper,
      Duration pollInterval,
      String projectId,
      String region) {
    this.pipelines = pipelines;
    this.retrier = retrier;
    this.log = log;
    this.clock = clock;
    this.sleeper = sleeper;
    this.pollInterval = pollInterval;
    this.projectId = projectId;
    this.region = region;
  }

  /**
   * Returns the succeeded job; {@code timeout} may be null for no limit. {@code seen} gets every state of the job
   * fetched.
   */
  PipelineJob await(String jobName, Duration timeout, Consumer<PipelineJob> seen) throws KedroVertexAiException {
    String jobId = ConsoleLinks.lastSegment(jobName);
    ApiAction get = ApiAction.vertex("get pipeline job " + jobName, "aiplatform.pipelineJobs.get");
    Instant start = clock.instant();
    PipelineState lastState = null;
    Map<String, PipelineTaskDetail.State> taskStates = new HashMap<>();
    log.info("Waiting for " + jobId + (timeout == null ? "" : " (timeout " + Durations.format(timeout) + ")"));
    while (true) {
      PipelineJob job = retrier.call(get, () -> pipelines.get(jobName));
      seen.accept(job);
      Duration elapsed = Duration.between(start, clock.instant());
      String stamp = "[" + Durations.format(elapsed) + "] ";
      if (job.getState() != lastState) {
        lastState = job.getState();
        log.info(stamp + "job " + jobId + ": " + stateName(lastState));
      }
      for (PipelineTaskDetail task : job.getJobDetail().getTaskDetailsList()) {
        PipelineTaskDetail.State previous = taskStates.put(task.getTaskName(), task.getState());
        if (previous != task.getState()) {
          log.info(stamp + "task " + task.getTaskName() + ": " + task.getState());
        }
      }
      if (DONE.contains(job.getState())) {
        if (job.getState() == PipelineState.PIPELINE_STATE_SUCCEEDED) {
          log.info("Pipeline job " + jobId + " succeeded after " + Durations.format(elapsed));
          return job;
        }
        throw failure(job, elapsed);
      }
      if (timeout != null && elapsed.compareTo(timeout) >= 0) {
        retrier.run(
            ApiAction.vertex("cancel pipeline job " + jobName, "aiplatform.pipelineJobs.cancel"),
            () -> pipelines.cancel(jobName));
        throw new KedroVertexAiException(
            "Pipeline job "
                + jobId
                + " ran past the timeout of "
                + Durations.format(timeout)
                + " ({param:timeout}) and was cancelled on Vertex AI. "
                + ConsoleLinks.job(projectId, region, jobId));
      }
      Duration wait = pollInterval;
      if (timeout != null && timeout.minus(elapsed).compareTo(wait) < 0) {
        wait = timeout.minus(elapsed);
      }
      try {
        sleeper.sleep(wait);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new KedroVertexAiException(
            "Interrupted while waiting for " + jobId + "; it keeps running on Vertex AI: "
                + ConsoleLinks.job(projectId, region, jobId),
            e);
      }
    }
  }

  private KedroVertexAiException failure(PipelineJob job, Duration elapsed) {
    String jobId = ConsoleLinks.lastSegment(job.getName());
    List<String> failed = new ArrayList<>();
    for (PipelineTaskDetail task : failedLeaves(job)) {
      String error = task.getError().getMessage();
      failed.add(task.getTaskName() + (error.isEmpty() ? "" : ": " + error));
    }
    String nl = System.lineSeparator();
    StringBuilder message =
        new StringBuilder("Pipeline job ")
            .append(jobId)
            .append(' ')
            .append(stateName(job.getState()))
            .append(" after ")
            .append(Durations.format(elapsed));
    if (!failed.isEmpty()) {
      message.append(". Failed tasks:");
      failed.forEach(task -> message.append(nl).append("  - ").append(task));
    }
    if (!job.getError().getMessage().isEmpty()) {
      message.append(nl).append("Job error: ").append(job.getError().getMessage());
    }
    message.append(nl).append("See ").append(ConsoleLinks.job(projectId, region, jobId));
    return new KedroVertexAiException(message.toString());
  }

  /**
   * The failed tasks that caused the failure: a DAG (the pipeline's root, a sub-DAG) fails because a task in
   * it failed, so failed tasks that are the parent of another failed task are left out.
   */
  static List<PipelineTaskDetail> failedLeaves(PipelineJob job) {
    List<PipelineTaskDetail> failed =
        job.getJobDetail().getTaskDetailsList().stream()
            .filter(task -> task.getState() == PipelineTaskDetail.State.FAILED)
            .toList();
    Set<Long> failedParents = new HashSet<>();
    failed.forEach(task -> failedParents.add(task.getParentTaskId()));
    return failed.stream().filter(task -> !failedParents.contains(task.getTaskId())).toList();
  }

  /** {@code PIPELINE_STATE_RUNNING} -> {@code RUNNING}. */
  static String stateName(PipelineState state) {
    return state.name().replace("PIPELINE_STATE_", "");
  }
}
