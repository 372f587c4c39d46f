package dev.kedrovertexai.maven;

import dev.kedrovertexai.core.EventLog;
import dev.kedrovertexai.core.KedroVertexAiException;
import dev.kedrovertexai.core.goal.UiGoal;
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
  void run(EventLog log) throws KedroVertexAiException {
    UiGoal.run(new UiGoal.Request(projectRequest(), connection(), open), log);
  }

  @Override
  String goalName() {
    return "ui";
  }
}
