package dev.kedrovertexai.core.goal;

import dev.kedrovertexai.core.EventLog;
import dev.kedrovertexai.core.KedroVertexAiException;
import dev.kedrovertexai.core.config.VertexAiConfig;
import dev.kedrovertexai.core.description.ProjectMetadata;
import dev.kedrovertexai.core.vertex.Durations;
import dev.kedrovertexai.core.vertex.VertexAccess;
import dev.kedrovertexai.core.vertex.VertexAiService;
import dev.kedrovertexai.core.workflow.ProjectSettings;
import java.time.Duration;
import java.util.Objects;

/**
 * clean-temp: lists, or deletes, the temporary data of this pipeline's runs that ended longer ago than given, as
 * each run's manifest describes it. Needs no Python and no compile.
 */
public final class CleanTempGoal {
  private CleanTempGoal() {}

  /**
   * @param project the project and its config values
   * @param connection where to reach Vertex AI and Cloud Storage, as whom
   * @param olderThan only runs created longer ago than this ({@code 7d}, {@code 36h}, {@code 90m})
   * @param delete delete; else only list what would be deleted
   */
  public record Request(ProjectRequest project, VertexConnection connection, String olderThan, boolean delete) {
    public Request {
      Objects.requireNonNull(project, "project");
      connection = connection == null ? VertexConnection.DEFAULT : connection;
    }
  }

  /**
   * @param olderThan the age the runs were older than
   * @param deleted whether their data was deleted, or only listed
   */
  public record Result(Duration olderThan, boolean deleted) {}

  public static Result run(Request request, EventLog log) throws KedroVertexAiException {
    Duration age = Durations.parse(request.olderThan(), "{param:olderThan}");
    ProjectSettings settings = request.project().settings();
    VertexAiConfig config = Steps.loadConfig(settings, log);
    String project = ProjectMetadata.projectName(settings.projectDir());
    try (VertexAccess access = request.connection().open(config, settings.environment(), log)) {
      new VertexAiService(access, config, log).cleanTempData(project, settings.pipeline(), age, request.delete());
    }
    return new Result(age, request.delete());
  }
}
