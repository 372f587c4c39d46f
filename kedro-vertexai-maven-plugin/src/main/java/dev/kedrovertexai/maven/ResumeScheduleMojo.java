package dev.kedrovertexai.maven;

import dev.kedrovertexai.core.EventLog;
import dev.kedrovertexai.core.KedroVertexAiException;
import dev.kedrovertexai.core.config.VertexAiConfig;
import dev.kedrovertexai.core.vertex.VertexAccess;
import dev.kedrovertexai.core.vertex.VertexAiService;
import dev.kedrovertexai.core.workflow.CompileWorkflow;
import dev.kedrovertexai.core.workflow.ProjectSettings;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Resumes the paused Vertex AI schedule of the pipeline.
 *
 * @since 0.1.0
 */
@Mojo(name = "resume-schedule", threadSafe = true)
public class ResumeScheduleMojo extends AbstractVertexAiCloudMojo {

  /** The schedule's name. Default: {@code run_config.scheduled_run_name}, else the pipeline's name. */
  @Parameter(property = "vertexai.scheduleName")
  String scheduleName;

  @Override
  void run(ProjectSettings settings, EventLog log) throws KedroVertexAiException {
    VertexAiConfig config = new CompileWorkflow(log).loadConfig(settings);
    String name = scheduleName(scheduleName, config, settings, log);
    try (VertexAccess access = connect(config, settings, log)) {
      VertexAiService service = new VertexAiService(access, config, log);
      service.resume(name);
    }
  }

  @Override
  String goalName() {
    return "resume-schedule";
  }
}
