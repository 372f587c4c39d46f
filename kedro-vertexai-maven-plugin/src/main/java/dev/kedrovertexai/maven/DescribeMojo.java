package dev.kedrovertexai.maven;

import dev.kedrovertexai.core.EventLog;
import dev.kedrovertexai.core.KedroVertexAiException;
import dev.kedrovertexai.core.goal.DescribeGoal;
import java.io.File;
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
  void run(EventLog log) throws KedroVertexAiException {
    DescribeGoal.run(
        new DescribeGoal.Request(projectRequest(), describeOutput == null ? null : describeOutput.toPath()), log);
  }

  @Override
  String goalName() {
    return "describe";
  }
}
