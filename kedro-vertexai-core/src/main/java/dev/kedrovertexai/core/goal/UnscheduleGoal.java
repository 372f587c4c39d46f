package dev.kedrovertexai.core.goal;

import dev.kedrovertexai.core.EventLog;
import dev.kedrovertexai.core.KedroVertexAiException;

/** unschedule: deletes the pipeline's Vertex AI schedule (every schedule of that name). */
public final class UnscheduleGoal {
  private UnscheduleGoal() {}

  /**
   * @param scheduleName the name looked for
   * @param deleted how many schedules of that name were deleted
   */
  public record Result(String scheduleName, int deleted) {}

  public static Result run(ExistingScheduleRequest request, EventLog log) throws KedroVertexAiException {
    return request.act(log, (service, name) -> {
      int deleted = service.unschedule(name);
      log.info("Deleted " + deleted + (deleted == 1 ? " schedule" : " schedules") + " named '" + name + "'");
      return new Result(name, deleted);
    });
  }
}
