package dev.kedrovertexai.maven;

import dev.kedrovertexai.core.EventLog;
import dev.kedrovertexai.core.KedroVertexAiException;
import dev.kedrovertexai.core.config.VertexAiConfig;
import dev.kedrovertexai.core.description.ProjectMetadata;
import dev.kedrovertexai.core.vertex.Durations;
import dev.kedrovertexai.core.vertex.VertexAccess;
import dev.kedrovertexai.core.vertex.VertexAiService;
import dev.kedrovertexai.core.workflow.CompileWorkflow;
import dev.kedrovertexai.core.workflow.ProjectSettings;
import java.time.Duration;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Lists, and with {@code vertexai.delete} deletes, the temporary data ({@code
 * <run_config.root>/kedro-vertexai-temp/<job name>/}) of this pipeline's runs that ended more than {@code
 * vertexai.olderThan} ago, as each run's {@code manifest.json} describes it. Runs still going, runs of other
 * pipelines and folders without a manifest are left alone. Needs no Python and no compile.
 *
 * @since 0.1.0
 */
@Mojo(name = "clean-temp", threadSafe = true)
public class CleanTempMojo extends AbstractVertexAiCloudMojo {

  /** Only runs created longer ago than this ({@code 7d}, {@code 36h}, {@code 90m}). */
  @Parameter(property = "vertexai.olderThan", defaultValue = "7d")
  String olderThan;

  /** Delete; without it the goal only lists what it would delete. */
  @Parameter(property = "vertexai.delete", defaultValue = "false")
  boolean delete;

  @Override
  void run(ProjectSettings settings, EventLog log) throws KedroVertexAiException {
    Duration age = Durations.parse(olderThan, "vertexai.olderThan");
    VertexAiConfig config = new CompileWorkflow(log).loadConfig(settings);
    String project = ProjectMetadata.projectName(settings.projectDir());
    try (VertexAccess access = connect(config, settings, log)) {
      new VertexAiService(access, config, log).cleanTempData(project, settings.pipeline(), age, delete);
    }
  }

  @Override
  String goalName() {
    return "clean-temp";
  }
}
