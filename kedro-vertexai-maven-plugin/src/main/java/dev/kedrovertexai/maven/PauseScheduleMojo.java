package dev.kedrovertexai.maven;

import dev.kedrovertexai.core.EventLog;
import dev.kedrovertexai.core.KedroVertexAiException;
import dev.kedrovertexai.core.goal.PauseScheduleGoal;
import org.apache.maven.plugins.annotations.Mojo;

/**
 * Pauses the Vertex AI schedule of the pipeline; {@code vertexai:resume-schedule} resumes it.
 *
 * @since 0.1.0
 */
@Mojo(name = "pause-schedule", threadSafe = true)
public class PauseScheduleMojo extends AbstractExistingScheduleMojo {

  @Override
  void run(EventLog log) throws KedroVertexAiException {
    PauseScheduleGoal.run(request(), log);
  }

  @Override
  String goalName() {
    return "pause-schedule";
  }
}
