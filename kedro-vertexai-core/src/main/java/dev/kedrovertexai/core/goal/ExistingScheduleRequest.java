package dev.kedrovertexai.core.goal;

import dev.kedrovertexai.core.EventLog;
import dev.kedrovertexai.core.KedroVertexAiException;
import dev.kedrovertexai.core.config.VertexAiConfig;
import dev.kedrovertexai.core.vertex.VertexAccess;
import dev.kedrovertexai.core.vertex.VertexAiService;
import dev.kedrovertexai.core.workflow.ProjectSettings;
import java.util.Objects;

/**
 * What the goals that act on the pipeline's existing schedule ({@link UnscheduleGoal}, {@link PauseScheduleGoal},
 * {@link ResumeScheduleGoal}) need. No Python runs and nothing is compiled.
 *
 * @param project the project and its config values
 * @param connection where to reach Vertex AI, as whom
 * @param scheduleName the schedule's name, or null for {@code run_config.scheduled_run_name}, else the pipeline's
 */
public record ExistingScheduleRequest(ProjectRequest project, VertexConnection connection, String scheduleName) {
  public ExistingScheduleRequest {
    Objects.requireNonNull(project, "project");
    connection = connection == null ? VertexConnection.DEFAULT : connection;
  }

  /** One action on the schedule named {@code name}. */
  interface Action<T> {
    T on(VertexAiService service, String name) throws KedroVertexAiException;
  }

  /** Finds the schedule's name, connects and acts. */
  <T> T act(EventLog log, Action<T> action) throws KedroVertexAiException {
    ProjectSettings settings = project.settings();
    VertexAiConfig config = Steps.loadConfig(settings, log);
    String name = Steps.scheduleName(scheduleName, config, settings);
    try (VertexAccess access = connection.open(config, settings.environment(), log)) {
      return action.on(new VertexAiService(access, config, log), name);
    }
  }
}
