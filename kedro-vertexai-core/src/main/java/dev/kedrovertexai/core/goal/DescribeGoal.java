package dev.kedrovertexai.core.goal;

import dev.kedrovertexai.core.EventLog;
import dev.kedrovertexai.core.KedroVertexAiException;
import dev.kedrovertexai.core.description.DescriptionJson;
import dev.kedrovertexai.core.description.PipelineDescription;
import dev.kedrovertexai.core.io.AtomicFiles;
import dev.kedrovertexai.core.workflow.CompileWorkflow;
import dev.kedrovertexai.core.workflow.OutputFiles;
import dev.kedrovertexai.core.workflow.ProjectSettings;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;

/** describe: runs the project's Python to read its Kedro pipelines and catalog, and writes the description JSON. */
public final class DescribeGoal {
  private DescribeGoal() {}

  /**
   * @param project the project; a saved description in it is ignored
   * @param output where to write the description, or null for {@code <outputDir>/pipeline-description.json}
   */
  public record Request(ProjectRequest project, Path output) {
    public Request {
      Objects.requireNonNull(project, "project");
    }
  }

  /**
   * @param written the description file
   * @param description what it holds
   */
  public record Result(Path written, PipelineDescription description) {}

  public static Result run(Request request, EventLog log) throws KedroVertexAiException {
    // Always introspect: describing from a saved description would only copy it.
    ProjectSettings settings = request.project().withSavedDescription(null).settings();
    PipelineDescription description = new CompileWorkflow(log).describe(settings);
    Path target = request.output() != null ? request.output() : new OutputFiles(settings.outputDir()).description();
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
    return new Result(target, description);
  }
}
