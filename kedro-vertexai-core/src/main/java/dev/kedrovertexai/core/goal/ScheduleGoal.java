package dev.kedrovertexai.core.goal;

import com.google.cloud.aiplatform.v1.Schedule;
import dev.kedrovertexai.core.EventLog;
import dev.kedrovertexai.core.KedroVertexAiException;
import dev.kedrovertexai.core.config.ParameterValue;
import dev.kedrovertexai.core.vertex.ScheduleOverrides;
import dev.kedrovertexai.core.vertex.VertexAccess;
import dev.kedrovertexai.core.vertex.VertexAiService;
import dev.kedrovertexai.core.workflow.CompileResult;
import dev.kedrovertexai.core.workflow.CompileWorkflow;
import dev.kedrovertexai.core.workflow.ProjectSettings;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * schedule: compiles the pipeline and creates (or updates, or replaces) its one Vertex AI schedule from {@code
 * run_config.schedules}, each value overridable.
 */
public final class ScheduleGoal {
  private ScheduleGoal() {}

  /**
   * @param project the project and its config values
   * @param builtImage the {@code image.json} of the image built earlier in this build, or null
   * @param uploadedTemplate the {@code template.json} of the template uploaded earlier in this build, which the
   *     scheduled runs then start from, or null
   * @param parameters the given values of the declared pipeline parameters
   * @param connection where to reach Vertex AI, as whom
   * @param scheduleName the schedule's name, or null for {@code run_config.scheduled_run_name}, else the pipeline's
   * @param overrides the given values that replace the configured schedule's
   */
  public record Request(
      ProjectRequest project,
      Path builtImage,
      Path uploadedTemplate,
      GivenParameters parameters,
      VertexConnection connection,
      String scheduleName,
      ScheduleOverrides overrides) {
    public Request {
      Objects.requireNonNull(project, "project");
      parameters = parameters == null ? GivenParameters.NONE : parameters;
      connection = connection == null ? VertexConnection.DEFAULT : connection;
      overrides = overrides == null ? ScheduleOverrides.NONE : overrides;
    }
  }

  /** @param schedule the schedule as created or updated */
  public record Result(Schedule schedule) {}

  public static Result run(Request request, EventLog log) throws KedroVertexAiException {
    ProjectSettings settings = request.project().settings();
    CompileResult result = new CompileWorkflow(log, request.builtImage()).compile(settings);
    Map<String, ParameterValue> values = GivenParameters.resolve(result.config(), request.parameters().parse());
    try (VertexAccess access = request.connection().open(result.config(), settings.environment(), log)) {
      Schedule schedule =
          new VertexAiService(access, result.config(), log)
              .schedule(
                  Steps.submission(result, settings, values, request.uploadedTemplate(), log),
                  request.scheduleName(),
                  request.overrides());
      return new Result(schedule);
    }
  }
}
