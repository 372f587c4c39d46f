package dev.kedrovertexai.core.goal;

import com.google.cloud.aiplatform.v1.PipelineJob;
import dev.kedrovertexai.core.EventLog;
import dev.kedrovertexai.core.KedroVertexAiException;
import dev.kedrovertexai.core.config.VertexAiConfig;
import dev.kedrovertexai.core.description.ProjectMetadata;
import dev.kedrovertexai.core.vertex.VertexAccess;
import dev.kedrovertexai.core.vertex.VertexAiService;
import dev.kedrovertexai.core.workflow.ProjectSettings;
import java.util.List;
import java.util.Objects;

/**
 * list-pipelines: names the pipeline's experiment, lists this project's runs of the pipeline on Vertex AI, newest
 * first, then its schedules. Only reads.
 */
public final class ListPipelinesGoal {
  private ListPipelinesGoal() {}

  /**
   * @param project the project and its config values
   * @param connection where to reach Vertex AI, as whom
   * @param limit how many runs to show at most; positive
   */
  public record Request(ProjectRequest project, VertexConnection connection, int limit) {
    public Request {
      Objects.requireNonNull(project, "project");
      connection = connection == null ? VertexConnection.DEFAULT : connection;
    }
  }

  /** @param runs the runs listed, newest first */
  public record Result(List<PipelineJob> runs) {
    public Result {
      runs = List.copyOf(runs);
    }
  }

  public static Result run(Request request, EventLog log) throws KedroVertexAiException {
    if (request.limit() <= 0) {
      throw new KedroVertexAiException(
          "{param:limit}: expected a positive number of runs, got " + request.limit());
    }
    ProjectSettings settings = request.project().settings();
    VertexAiConfig config = Steps.loadConfig(settings, log);
    // The name is all this goal needs of the project: no Python, no compile.
    String project = ProjectMetadata.projectName(settings.projectDir());
    try (VertexAccess access = request.connection().open(config, settings.environment(), log)) {
      return new Result(
          new VertexAiService(access, config, log).listPipelines(project, settings.pipeline(), request.limit()));
    }
  }
}
