package dev.kedrovertexai.core.vertex;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.cloud.aiplatform.v1.PipelineJob;
import com.google.cloud.aiplatform.v1.Schedule;
import dev.kedrovertexai.core.ProblemsException;
import dev.kedrovertexai.core.config.ParameterValue;
import dev.kedrovertexai.core.config.ScheduleConfig;
import dev.kedrovertexai.core.config.VertexAiConfig;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ScheduleTest extends InProcessVertexTest {
  private static final ScheduleConfig NIGHTLY =
      new ScheduleConfig(
          "0 2 * * *",
          "Europe/Warsaw",
          "2026-12-01T00:00:00Z",
          "2027-12-01T00:00:00+01:00",
          true,
          30,
          2);
  private static final ScheduleConfig HOURLY =
      new ScheduleConfig("0 * * * *", "Etc/UTC", null, null, false, null, 1);

  private VertexAiService service(Map<String, ScheduleConfig> schedules, String scheduledRunName) {
    VertexAiConfig config =
        Fixtures.config(
            Fixtures.runConfig(null, null, false, null, Map.of(), schedules, scheduledRunName));
    return vertex.service(config, null, log, time, 3);
  }

  @Test
  void createsTheScheduleOfThePipelineWithItsJobAndParameters() throws Exception {
    Schedule created =
        service(Map.of("__default__", NIGHTLY, "default_schedule", HOURLY), null)
            .schedule(
                Fixtures.submission(Map.of("learning_rate", ParameterValue.ofFloat(0.3))),
                null,
                ScheduleOverrides.NONE);

    Schedule stored = fake.schedules().get(0);
    assertEquals(created.getName(), stored.getName());
    assertEquals("spaceflights", stored.getDisplayName(), "named after the pipeline by default");
    assertEquals("TZ=Europe/Warsaw 0 2 * * *", stored.getCron());
    assertEquals(
        Instant.parse("2026-12-01T00:00:00Z").getEpochSecond(), stored.getStartTime().getSeconds());
    assertEquals(
        Instant.parse("2027-11-30T23:00:00Z").getEpochSecond(), stored.getEndTime().getSeconds());
    assertTrue(stored.getAllowQueueing());
    assertEquals(30, stored.getMaxRunCount());
    assertEquals(2, stored.getMaxConcurrentRunCount());
    assertEquals(Fixtures.PARENT, stored.getCreatePipelineJobRequest().getParent());
    PipelineJob job = stored.getCreatePipelineJobRequest().getPipelineJob();
    assertEquals(
        0.3, job.getRuntimeConfig().getParameterValuesOrThrow("learning_rate").getNumberValue());
    assertEquals("spaceflights", job.getLabelsOrThrow(JobLabels.PROJECT));
    assertEquals("__default__", job.getLabelsOrThrow(JobLabels.PIPELINE));
    assertEquals(
        "",
        stored.getCreatePipelineJobRequest().getPipelineJobId(),
        "Vertex AI names scheduled runs");
  }

  @Test
  void fallsBackToTheDefaultScheduleAndTakesOverrides() throws Exception {
    service(Map.of("default_schedule", NIGHTLY), "nightly-spaceflights")
        .schedule(
            Fixtures.submission(Map.of()),
            null,
            new ScheduleOverrides("30 4 * * 1-5", "America/New_York", null, null, false, 5, null));

    Schedule stored = fake.schedules().get(0);
    assertEquals("nightly-spaceflights", stored.getDisplayName(), "scheduled_run_name names it");
    assertEquals("TZ=America/New_York 30 4 * * 1-5", stored.getCron());
    assertFalse(stored.getAllowQueueing());
    assertEquals(5, stored.getMaxRunCount());
    assertEquals(2, stored.getMaxConcurrentRunCount(), "not overridden");
  }

  @Test
  void schedulingAgainUpdatesTheOneScheduleInPlace() throws Exception {
    VertexAiService service = service(Map.of("default_schedule", HOURLY), null);
    Schedule first = service.schedule(Fixtures.submission(Map.of()), null, ScheduleOverrides.NONE);

    Schedule second =
        service.schedule(
            Fixtures.submission(Map.of("run_name", ParameterValue.ofString("weekly"))),
            null,
            new ScheduleOverrides("0 6 * * 0", null, null, null, null, null, null));

    assertEquals(1, fake.schedules().size(), "never two");
    assertEquals(first.getName(), second.getName(), "updated, not replaced");
    Schedule stored = fake.schedules().get(0);
    assertEquals("TZ=Etc/UTC 0 6 * * 0", stored.getCron());
    assertEquals(
        "weekly",
        stored
            .getCreatePipelineJobRequest()
            .getPipelineJob()
            .getRuntimeConfig()
            .getParameterValuesOrThrow("run_name")
            .getStringValue());
    assertEquals(
        List.of("ListSchedules", "CreateSchedule", "ListSchedules", "UpdateSchedule"),
        fake.calls().stream().filter(call -> call.contains("Schedule")).toList());
    assertEquals(1, log.matching("Updated schedule 'spaceflights'").size(), log.text());
  }

  @Test
  void aChangeThatAnUpdateCannotExpressReplacesTheSchedule() throws Exception {
    service(Map.of("default_schedule", NIGHTLY), null)
        .schedule(Fixtures.submission(Map.of()), null, ScheduleOverrides.NONE);

    // No end time and no run limit any more: Vertex AI cannot unset them, so the schedule is
    // recreated.
    service(Map.of("default_schedule", HOURLY), null)
        .schedule(Fixtures.submission(Map.of()), null, ScheduleOverrides.NONE);

    assertEquals(1, fake.schedules().size());
    Schedule stored = fake.schedules().get(0);
    assertFalse(stored.hasEndTime());
    assertEquals(0, stored.getMaxRunCount());
    assertTrue(fake.calls().contains("DeleteSchedule"), fake.calls().toString());
    assertFalse(fake.calls().contains("UpdateSchedule"), fake.calls().toString());
  }

  @Test
  void duplicatesLeftBehindAreReplacedByOne() throws Exception {
    VertexAiService service = service(Map.of(), null);
    service.schedule(Fixtures.submission(Map.of()), null, ScheduleOverrides.NONE);
    service.schedule(Fixtures.submission(Map.of()), "other", ScheduleOverrides.NONE);
    // Someone made a second schedule of the same name by hand.
    vertex.clients.create(Fixtures.PARENT, fake.schedules().get(0).toBuilder().clearName().build());

    service.schedule(Fixtures.submission(Map.of()), null, ScheduleOverrides.NONE);

    assertEquals(
        1,
        fake.schedules().stream().filter(s -> s.getDisplayName().equals("spaceflights")).count());
    assertEquals(
        1,
        fake.schedules().stream().filter(s -> s.getDisplayName().equals("other")).count(),
        "others untouched");
  }

  @Test
  void invalidScheduleValuesAreReportedTogetherBeforeAnythingIsSent() {
    ProblemsException e =
        assertThrows(
            ProblemsException.class,
            () ->
                service(Map.of("default_schedule", HOURLY), null)
                    .schedule(
                        Fixtures.submission(Map.of()),
                        null,
                        new ScheduleOverrides(
                            "0 6 * *", "Mars/Olympus", "tomorrow", null, null, null, 0)));

    assertEquals(4, e.problems().size(), e.getMessage());
    assertTrue(
        e.getMessage()
            .contains("{param:cron}: run_config.schedules.default_schedule.cron_expression"),
        e.getMessage());
    assertTrue(
        e.getMessage()
            .contains(
                "{param:timezone}: run_config.schedules.default_schedule.timezone:"
                    + " 'Mars/Olympus'"),
        e.getMessage());
    assertTrue(
        e.getMessage()
            .contains(
                "{param:startTime}: run_config.schedules.default_schedule.start_time:"
                    + " 'tomorrow'"),
        e.getMessage());
    assertTrue(
        e.getMessage().contains("max_concurrent_run_count: must be positive"), e.getMessage());
    assertTrue(fake.calls().isEmpty());
  }

  @Test
  void unschedulePauseAndResume() throws Exception {
    VertexAiService service = service(Map.of(), null);
    service.schedule(Fixtures.submission(Map.of()), null, ScheduleOverrides.NONE);

    assertEquals(Schedule.State.ACTIVE, fake.schedules().get(0).getState());
    service.pause("spaceflights");
    assertEquals(Schedule.State.PAUSED, fake.schedules().get(0).getState());
    service.resume("spaceflights");
    assertEquals(Schedule.State.ACTIVE, fake.schedules().get(0).getState());

    assertEquals(1, service.unschedule("spaceflights"));
    assertTrue(fake.schedules().isEmpty());
    assertEquals(0, service.unschedule("spaceflights"));
    assertEquals(1, log.matching("WARN No schedule named 'spaceflights'").size(), log.text());
  }

  @Test
  void theScheduleNameComesFromTheParameterThenTheConfigThenThePipeline() {
    assertEquals("given", service(Map.of(), "configured").scheduleName(" given ", "spaceflights"));
    assertEquals("configured", service(Map.of(), "configured").scheduleName(null, "spaceflights"));
    assertEquals("spaceflights", service(Map.of(), null).scheduleName("", "spaceflights"));
  }
}
