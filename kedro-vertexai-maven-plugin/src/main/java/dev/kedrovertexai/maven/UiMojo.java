package dev.kedrovertexai.maven;

import dev.kedrovertexai.core.EventLog;
import dev.kedrovertexai.core.KedroVertexAiException;
import dev.kedrovertexai.core.config.VertexAiConfig;
import dev.kedrovertexai.core.description.ProjectMetadata;
import dev.kedrovertexai.core.vertex.UiLinks;
import dev.kedrovertexai.core.vertex.VertexAccess;
import dev.kedrovertexai.core.vertex.VertexAiService;
import dev.kedrovertexai.core.workflow.CompileWorkflow;
import dev.kedrovertexai.core.workflow.ProjectSettings;
import java.awt.Desktop;
import java.awt.GraphicsEnvironment;
import java.io.IOException;
import java.net.URI;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Prints the console links of the project's Vertex AI pipelines page and of the pipeline's last run; opens
 * the last run (else the pipelines page) in a browser when {@code vertexai.open} is true.
 *
 * @since 0.1.0
 */
@Mojo(name = "ui", threadSafe = true)
public class UiMojo extends AbstractVertexAiCloudMojo {

  /** Open the link in the default browser, where this machine has one. */
  @Parameter(property = "vertexai.open", defaultValue = "false")
  boolean open;

  @Override
  void run(ProjectSettings settings, EventLog log) throws KedroVertexAiException {
    VertexAiConfig config = new CompileWorkflow(log).loadConfig(settings);
    // The name is all this goal needs of the project: no Python, no compile.
    String project = ProjectMetadata.projectName(settings.projectDir());
    UiLinks links;
    try (VertexAccess access = connect(config, settings, log)) {
      links = new VertexAiService(access, config, log).ui(project, settings.pipeline());
    }
    log.info("Pipelines: " + links.pipelinesPage());
    log.info("Last run:  " + (links.lastRun() == null ? "none yet" : links.lastRun()));
    if (open) {
      browse(links.lastRun() != null ? links.lastRun() : links.pipelinesPage(), log);
    }
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

  @Override
  String goalName() {
    return "ui";
  }
}
