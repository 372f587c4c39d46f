package dev.kedrovertexai.maven;

import dev.kedrovertexai.core.EventLog;
import dev.kedrovertexai.core.KedroVertexAiException;
import dev.kedrovertexai.core.vertex.ScheduleOverrides;
import dev.kedrovertexai.core.vertex.VertexAccess;
import dev.kedrovertexai.core.vertex.VertexAiService;
import dev.kedrovertexai.core.workflow.CompileResult;
import dev.kedrovertexai.core.workflow.ProjectSettings;
import java.util.Map;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Compiles the pipeline and creates its Vertex AI schedule from {@code run_config.schedules.<pipeline>} (else
 * {@code schedules.default_schedule}), each value overridable here. Running it again updates the schedule of
 * the same name, or replaces it; there is never more than one. Each run also records in the Vertex AI experiment
 * {@code run_config.experiment_name} the runs the schedule has started so far, which Vertex AI cannot do as they
 * start.
 *
 * @since 0.1.0
 */
@Mojo(name = "schedule", threadSafe = true)
public class ScheduleMojo extends AbstractVertexAiCloudMojo {

  /** The schedule's name. Default: {@code run_config.scheduled_run_name}, else the pipeline's name. */
  @Parameter(property = "vertexai.scheduleName")
  String scheduleName;

  /** Overrides {@code cron_expression}: five fields, minute hour day-of-month month day-of-week. */
  @Parameter(property = "vertexai.cron")
  String cron;

  /** Overrides {@code timezone}, an IANA name such as {@code Europe/Warsaw}. */
  @Parameter(property = "vertexai.timezone")
  String timezone;

  /** Overrides {@code start_time} (RFC 3339, e.g. {@code 2026-12-01T06:00:00Z}). */
  @Parameter(property = "vertexai.startTime")
  String startTime;

  /** Overrides {@code end_time} (RFC 3339). */
  @Parameter(property = "vertexai.endTime")
  String endTime;

  /** Overrides {@code allow_queueing}. */
  @Parameter(property = "vertexai.allowQueueing")
  Boolean allowQueueing;

  /** Overrides {@code max_run_count}. */
  @Parameter(property = "vertexai.maxRunCount")
  Integer maxRunCount;

  /** Overrides {@code max_concurrent_run_count}. */
  @Parameter(property = "vertexai.maxConcurrentRunCount")
  Integer maxConcurrentRunCount;

  @Override
  void run(ProjectSettings settings, EventLog log) throws KedroVertexAiException {
    CompileResult result = compileWorkflow(log).compile(settings);
    Map<String, Object> values = parameterValues(result.config(), givenParameters());
    ScheduleOverrides overrides =
        new ScheduleOverrides(cron, timezone, startTime, endTime, allowQueueing, maxRunCount, maxConcurrentRunCount);
    try (VertexAccess access = connect(result.config(), settings, log)) {
      new VertexAiService(access, result.config(), log)
          .schedule(submission(result, settings, values), scheduleName, overrides);
    }
  }

  @Override
  String goalName() {
    return "schedule";
  }
}
