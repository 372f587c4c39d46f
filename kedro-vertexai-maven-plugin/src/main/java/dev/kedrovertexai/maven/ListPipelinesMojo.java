package dev.kedrovertexai.maven;

import dev.kedrovertexai.core.EventLog;
import dev.kedrovertexai.core.KedroVertexAiException;
import dev.kedrovertexai.core.goal.ListPipelinesGoal;
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
  void run(EventLog log) throws KedroVertexAiException {
    ListPipelinesGoal.run(new ListPipelinesGoal.Request(projectRequest(), connection(), limit), log);
  }

  @Override
  String goalName() {
    return "list-pipelines";
  }
}
