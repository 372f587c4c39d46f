package dev.kedrovertexai.maven;

import dev.kedrovertexai.core.EventLog;
import dev.kedrovertexai.core.KedroVertexAiException;
import dev.kedrovertexai.core.config.VertexAiConfig;
import dev.kedrovertexai.core.vertex.VertexAccess;
import dev.kedrovertexai.core.vertex.VertexAiService;
import dev.kedrovertexai.core.workflow.CompileWorkflow;
import dev.kedrovertexai.core.workflow.ProjectSettings;
import org.apache.maven.plugins.annotations.Parameter;

/** The goals that act on the pipeline's existing schedule, found by name. */
abstract class AbstractExistingScheduleMojo extends AbstractVertexAiCloudMojo {

  /** The schedule's name. Default: {@code run_config.scheduled_run_name}, else the pipeline's name. */
  @Parameter(property = "vertexai.scheduleName")
  String scheduleName;

  @Override
  final void run(ProjectSettings settings, EventLog log) throws KedroVertexAiException {
    VertexAiConfig config = new CompileWorkflow(log).loadConfig(settings);
    String name = scheduleName(scheduleName, config, settings);
    try (VertexAccess access = connect(config, settings, log)) {
      act(new VertexAiService(access, config, log), name, log);
    }
  }

  abstract void act(VertexAiService service, String name, EventLog log) throws KedroVertexAiException;
}
