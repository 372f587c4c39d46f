package dev.kedrovertexai.maven;

import dev.kedrovertexai.core.EventLog;
import dev.kedrovertexai.core.KedroVertexAiException;
import dev.kedrovertexai.core.vertex.VertexAiService;
import org.apache.maven.plugins.annotations.Mojo;

/**
 * Resumes the paused Vertex AI schedule of the pipeline.
 *
 * @since 0.1.0
 */
@Mojo(name = "resume-schedule", threadSafe = true)
public class ResumeScheduleMojo extends AbstractExistingScheduleMojo {

  @Override
  void act(VertexAiService service, String name, EventLog log) throws KedroVertexAiException {
    service.resume(name);
  }

  @Override
  String goalName() {
    return "resume-schedule";
  }
}
