package dev.kedrovertexai.maven;

import dev.kedrovertexai.core.EventLog;
import dev.kedrovertexai.core.KedroVertexAiException;
import dev.kedrovertexai.core.vertex.VertexAiService;
import org.apache.maven.plugins.annotations.Mojo;

/**
 * Deletes the Vertex AI schedule of the pipeline (every schedule of that name).
 *
 * @since 0.1.0
 */
@Mojo(name = "unschedule", threadSafe = true)
public class UnscheduleMojo extends AbstractExistingScheduleMojo {

  @Override
  void act(VertexAiService service, String name, EventLog log) throws KedroVertexAiException {
    int deleted = service.unschedule(name);
    log.info("Deleted " + deleted + (deleted == 1 ? " schedule" : " schedules") + " named '" + name + "'");
  }

  @Override
  String goalName() {
    return "unschedule";
  }
}
