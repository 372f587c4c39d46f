package dev.kedrovertexai.maven;

import dev.kedrovertexai.core.goal.ExistingScheduleRequest;
import org.apache.maven.plugins.annotations.Parameter;

/** The goals that act on the pipeline's existing schedule, found by name. */
abstract class AbstractExistingScheduleMojo extends AbstractVertexAiCloudMojo {

  /** The schedule's name. Default: {@code run_config.scheduled_run_name}, else the pipeline's name. */
  @Parameter(property = "vertexai.scheduleName")
  String scheduleName;

  ExistingScheduleRequest request() {
    return new ExistingScheduleRequest(projectRequest(), connection(), scheduleName);
  }
}
