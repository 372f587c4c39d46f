package dev.kedrovertexai.core.goal;

import com.google.cloud.aiplatform.v1.PipelineJob;
import dev.kedrovertexai.core.EventLog;
import dev.kedrovertexai.core.KedroVertexAiException;
import dev.kedrovertexai.core.config.ParameterValue;
import dev.kedrovertexai.core.vertex.Durations;
import dev.kedrovertexai.core.vertex.RunOptions;
import dev.kedrovertexai.core.vertex.VertexAccess;
import dev.kedrovertexai.core.vertex.VertexAiService;
import dev.kedrovertexai.core.workflow.CompileResult;
import dev.kedrovertexai.core.workflow.CompileWorkflow;
import dev.kedrovertexai.core.workflow.ProjectSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * run-once: compiles the pipeline and submits it to Vertex AI as one run, after checking that the bucket of {@code
 * run_config.root} exists; with waiting, follows it to its end and fails when it fails.
 */
public final class RunOnceGoal {
  private RunOnceGoal() {}

  /**
   * @param project the project and its config values
   * @param builtImage the {@code image.json} of the image built earlier in this build, or null
   * @param uploadedTemplate the {@code template.json} of the template uploaded earlier in this build, which the run
   *     then starts from, or null
   * @param parameters the given values of the declared pipeline parameters
   * @param connection where to reach Vertex AI, as whom
   * @param waitForEnd follow the run to its end and fail when it fails or is cancelled
   * @param timeout cancel the run when it runs longer than this ({@code 90s}, {@code 1h30m}), implies waiting;
   *     null or blank for no limit
   * @param pollInterval how often to ask for the run's state ({@code 10s})
   * @param checkBucket check that the bucket of {@code run_config.root} exists before submitting
   */
  public record Request(
      ProjectRequest project,
      Path builtImage,
      Path uploadedTemplate,
      GivenParameters parameters,
      VertexConnection connection,
      boolean waitForEnd,
      String timeout,
      String pollInterval,
      boolean checkBucket) {
    public Request {
      Objects.requireNonNull(project, "project");
      parameters = parameters == null ? GivenParameters.NONE : parameters;
      connection = connection == null ? VertexConnection.DEFAULT : connection;
      Objects.requireNonNull(pollInterval, "pollInterval");
    }
  }

  /** @param job the submitted job, as last seen (its end state when waited for) */
  public record Result(PipelineJob job) {
    /** The job's resource name ({@code projects/.../pipelineJobs/<id>}). */
    public String jobName() {
      return job.getName();
    }
  }

  public static Result run(Request request, EventLog log) throws KedroVertexAiException {
    // The durations are parsed before compiling, so that a typo fails at once.
    Duration limit =
        request.timeout() == null || request.timeout().isBlank()
            ? null
            : Durations.parse(request.timeout(), "{param:timeout}");
    Duration poll = Durations.parse(request.pollInterval(), "{param:pollInterval}");
    ProjectSettings settings = request.project().settings();
    CompileResult result = new CompileWorkflow(log, request.builtImage()).compile(settings);
    Map<String, ParameterValue> values = GivenParameters.resolve(result.config(), request.parameters().parse());
    try (VertexAccess access = request.connection().open(result.config(), settings.environment(), log)) {
      PipelineJob job =
          new VertexAiService(access, result.config(), log, poll)
              .runOnce(
                  Steps.submission(result, settings, values, request.uploadedTemplate(), log),
                  new RunOptions(request.checkBucket(), request.waitForEnd(), limit));
      return new Result(job);
    }
  }
}
