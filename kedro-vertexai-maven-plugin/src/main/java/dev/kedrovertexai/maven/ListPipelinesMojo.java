package dev.kedrovertexai.maven;

import dev.kedrovertexai.core.EventLog;
import dev.kedrovertexai.core.KedroVertexAiException;
import dev.kedrovertexai.core.config.VertexAiConfig;
import dev.kedrovertexai.core.description.ProjectMetadata;
import dev.kedrovertexai.core.vertex.VertexAccess;
import dev.kedrovertexai.core.vertex.VertexAiService;
import dev.kedrovertexai.core.workflow.CompileWorkflow;
import dev.kedrovertexai.core.workflow.ProjectSettings;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Names the pipeline's Vertex AI experiment, then lists this project's runs of the pipeline on Vertex AI (found by
 * the labels {@code run-once} sets), newest first: job id, state, start, duration, whether it is recorded in the
 * experiment and console link; then the pipeline's schedules. Only reads.
 *
 * @since 0.1.0
 */
@Mojo(name = "list-pipelines", threadSafe = true)
public class ListPipelinesMojo extends AbstractVertexAiCloudMojo {

  /** How many runs to show at most. */
  @Parameter(property = "vertexai.limit", defaultValue = "20")
  int limit;

  @Override
  void run(ProjectSettings settings, EventLog log) throws KedroVertexAiException {
    if (limit <= 0) {
      throw new KedroVertexAiException("vertexai.limit: expected a positive number of runs, got " + limit);
    }
    VertexAiConfig config = new CompileWorkflow(log).loadConfig(settings);
    // The name is all this goal needs of the project: no Python, no compile.
    String project = ProjectMetadata.projectName(settings.projectDir());
    try (VertexAccess access = connect(config, settings, log)) {
      new VertexAiService(access, config, log).listPipelines(project, settings.pipeline(), limit);
    }
  }

  @Override
  String goalName() {
    return "list-pipelines";
  }
}
