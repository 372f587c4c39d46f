package dev.kedrovertexai.maven;

import dev.kedrovertexai.core.EventLog;
import dev.kedrovertexai.core.KedroVertexAiException;
import dev.kedrovertexai.core.goal.UnscheduleGoal;
import org.apache.maven.plugins.annotations.Mojo;

/**
 * Deletes the Vertex AI schedule of the pipeline (every schedule of that name).
 *
 * @since 0.1.0
 */
@Mojo(name = "unschedule", threadSafe = true)
public class UnscheduleMojo extends AbstractExistingScheduleMojo {

  @Override
  void run(EventLog log) throws KedroVertexAiException {
    UnscheduleGoal.run(request(), log);
  }

  @Override
  String goalName() {
    return "unschedule";
  }
}
