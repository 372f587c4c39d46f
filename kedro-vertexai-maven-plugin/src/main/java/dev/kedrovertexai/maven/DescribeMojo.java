package dev.kedrovertexai.maven;

import dev.kedrovertexai.core.EventLog;
import dev.kedrovertexai.core.KedroVertexAiException;
import dev.kedrovertexai.core.description.DescriptionJson;
import dev.kedrovertexai.core.description.PipelineDescription;
import dev.kedrovertexai.core.io.AtomicFiles;
import dev.kedrovertexai.core.workflow.CompileWorkflow;
import dev.kedrovertexai.core.workflow.OutputFiles;
import dev.kedrovertexai.core.workflow.ProjectSettings;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Runs the project's Python to read its Kedro pipelines and catalog, and writes the pipeline description
 * JSON. Commit its output and point {@code vertexai.pipelineDescription} at it to compile where no Python is
 * installed.
 *
 * @since 0.1.0
 */
@Mojo(name = "describe", threadSafe = true)
public class DescribeMojo extends AbstractVertexAiMojo {

  /** Where to write the description. Default: {@code target/vertexai/pipeline-description.json}. */
  @Parameter(property = "vertexai.describeOutput")
  File describeOutput;

  @Override
  void run(ProjectSettings settings, EventLog log) throws KedroVertexAiException {
    // Always introspect: describing from a saved description would only copy it.
    ProjectSettings live =
        new ProjectSettings(
            settings.projectDir(),
            settings.outputDir(),
            settings.env(),
            settings.pipeline(),
            settings.python(),
            null,
            settings.overrides(),
            settings.environment());
    PipelineDescription description = new CompileWorkflow(log).describe(live);
    Path target =
        describeOutput != null
            ? describeOutput.toPath()
            : new OutputFiles(settings.outputDir()).description();
    try {
      AtomicFiles.write(target, DescriptionJson.write(description));
    } catch (IOException e) {
      throw new KedroVertexAiException("Cannot write " + target + ": " + e.getMessage(), e);
    }
    log.info(
        "Wrote "
            + target
            + " ("
            + description.pipelines().size()
            + " pipelines, Kedro "
            + description.kedroVersion()
            + ", env "
            + settings.env()
            + ")");
  }

  @Override
  String goalName() {
    return "describe";
  }
}
