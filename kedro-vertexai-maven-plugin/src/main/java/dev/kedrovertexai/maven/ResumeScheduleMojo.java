package dev.kedrovertexai.maven;

import dev.kedrovertexai.core.EventLog;
import dev.kedrovertexai.core.KedroVertexAiException;
import dev.kedrovertexai.core.goal.ResumeScheduleGoal;
import org.apache.maven.plugins.annotations.Mojo;

/**
 * Resumes the paused Vertex AI schedule of the pipeline.
 *
 * @since 0.1.0
 */
@Mojo(name = "resume-schedule", threadSafe = true)
public class ResumeScheduleMojo extends AbstractExistingScheduleMojo {

  @Override
  void run(EventLog log) throws KedroVertexAiException {
    ResumeScheduleGoal.run(request(), log);
  }

  @Override
  String goalName() {
    return "resume-schedule";
  }
}
