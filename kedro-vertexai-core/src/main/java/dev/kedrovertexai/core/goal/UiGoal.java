package dev.kedrovertexai.core.goal;

import dev.kedrovertexai.core.EventLog;
import dev.kedrovertexai.core.KedroVertexAiException;
import dev.kedrovertexai.core.config.VertexAiConfig;
import dev.kedrovertexai.core.description.ProjectMetadata;
import dev.kedrovertexai.core.vertex.UiLinks;
import dev.kedrovertexai.core.vertex.VertexAccess;
import dev.kedrovertexai.core.vertex.VertexAiService;
import dev.kedrovertexai.core.workflow.ProjectSettings;
import java.awt.Desktop;
import java.awt.GraphicsEnvironment;
import java.io.IOException;
import java.net.URI;
import java.util.Objects;

/**
 * ui: prints the console links of the project's Vertex AI pipelines page and of the pipeline's last run, and opens
 * the last run (else the pipelines page) in a browser when asked to.
 */
public final class UiGoal {
  private UiGoal() {}

  /**
   * @param project the project and its config values
   * @param connection where to reach Vertex AI, as whom
   * @param open open the link in the default browser, where this machine has one
   */
  public record Request(ProjectRequest project, VertexConnection connection, boolean open) {
    public Request {
      Objects.requireNonNull(project, "project");
      connection = connection == null ? VertexConnection.DEFAULT : connection;
    }
  }

  /** @param links the pipelines page and the last run's page */
  public record Result(UiLinks links) {}

  public static Result run(Request request, EventLog log) throws KedroVertexAiException {
    ProjectSettings settings = request.project().settings();
    VertexAiConfig config = Steps.loadConfig(settings, log);
    // The name is all this goal needs of the project: no Python, no compile.
    String project = ProjectMetadata.projectName(settings.projectDir());
    UiLinks links;
    try (VertexAccess access = request.connection().open(config, settings.environment(), log)) {
      links = new VertexAiService(access, config, log).ui(project, settings.pipeline());
    }
    log.info("Pipelines: " + links.pipelinesPage());
    log.info("Last run:  " + (links.lastRun() == null ? "none yet" : links.lastRun()));
    if (request.open()) {
      browse(links.lastRun() != null ? links.lastRun() : links.pipelinesPage(), log);
    }
    return new Result(links);
  }

  private static void browse(String link, EventLog log) {
    if (GraphicsEnvironment.isHeadless()
        || !Desktop.isDesktopSupported()
        || !Desktop.getDesktop().isSupported(Desktop.Action.BROWSE)) {
      log.warn("Cannot open a browser on this machine; open the link above yourself");
      return;
    }
    try {
      Desktop.getDesktop().browse(URI.create(link));
    } catch (IOException | UnsupportedOperationException e) {
      log.warn("Could not open a browser (" + e.getMessage() + "); open the link above yourself");
    }
  }
}
