package dev.kedrovertexai.core.goal;

import com.google.cloud.aiplatform.v1.Schedule;
import dev.kedrovertexai.core.EventLog;
import dev.kedrovertexai.core.KedroVertexAiException;

/** resume-schedule: resumes the pipeline's paused Vertex AI schedule. */
public final class ResumeScheduleGoal {
  private ResumeScheduleGoal() {}

  /** @param schedule the schedule as Vertex AI returned it */
  public record Result(Schedule schedule) {}

  public static Result run(ExistingScheduleRequest request, EventLog log) throws KedroVertexAiException {
    return request.act(log, (service, name) -> new Result(service.resume(name)));
  }
}
