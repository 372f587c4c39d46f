package dev.kedrovertexai.core.vertex;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.cloud.aiplatform.v1.AddContextChildrenRequest;
import com.google.cloud.aiplatform.v1.Context;
import com.google.cloud.aiplatform.v1.CreateContextRequest;
import com.google.cloud.aiplatform.v1.CreateMetadataStoreRequest;
import com.google.cloud.aiplatform.v1.GetContextRequest;
import com.google.cloud.aiplatform.v1.GetMetadataStoreRequest;
import com.google.cloud.aiplatform.v1.ListContextsRequest;
import com.google.cloud.aiplatform.v1.PipelineJob;
import com.google.cloud.aiplatform.v1.PipelineState;
import com.google.cloud.aiplatform.v1.Schedule;
import com.google.cloud.aiplatform.v1.UpdateContextRequest;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import dev.kedrovertexai.core.KedroVertexAiException;
import dev.kedrovertexai.core.config.VertexAiConfig;
import io.grpc.Status;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Runs recorded in the Vertex AI experiment as the SDK's {@code PipelineJob.submit(experiment=...)}
 * records them, request by request, against the fake MetadataService on the real generated stubs.
 */
class ExperimentTest extends InProcessVertexTest {
  private static final String STORE = Fixtures.PARENT + "/metadataStores/default";
  private static final String EXPERIMENT = STORE + "/contexts/spaceflights";
  private static final String LINK =
      "https://console.cloud.google.com/vertex-ai/experiments/locations/europe-west4/experiments/spaceflights"
          + "?project=my-gcp-project";
  private static final RunOptions SUBMIT_ONLY = new RunOptions(true, false, null);

  private VertexAiService service(VertexAiConfig config) {
    return vertex.service(config, bucket -> true, log, time, 5);
  }

  private PipelineJob submit(String description, RunOptions options) throws Exception {
    return service(Fixtures.experimentConfig("spaceflights", description))
        .runOnce(Fixtures.submission(Map.of()), options);
  }

  private Context experimentContext(String description) {
    Context.Builder context =
        Context.newBuilder()
            .setName(EXPERIMENT)
            .setDisplayName("spaceflights")
            .setSchemaTitle("system.Experiment")
            .setSchemaVersion("0.0.1");
    if (description != null) {
      context.setDescription(description);
    }
    return context.build();
  }

  private List<String> warnings() {
    return log.lines().stream().filter(line -> line.startsWith("WARN ")).toList();
  }

  @Test
  void aMissingExperimentIsCreatedBeforeTheJobAndTheRunAddedOnceItRuns() throws Exception {
    PipelineJob created = submit("Runs of the spaceflights pipelines", SUBMIT_ONLY);

    assertEquals(
        List.of(
            "GetMetadataStore",
            "GetContext",
            "CreateContext",
            "CreatePipelineJob",
            "GetPipelineJob",
            "GetPipelineJob",
            "AddContextChildren"),
        fake.calls());
    assertEquals(STORE, fake.metadataRequests(GetMetadataStoreRequest.class).get(0).getName());
    assertEquals(EXPERIMENT, fake.metadataRequests(GetContextRequest.class).get(0).getName());
    CreateContextRequest create = fake.metadataRequests(CreateContextRequest.class).get(0);
    assertEquals(STORE, create.getParent());
    assertEquals("spaceflights", create.getContextId());
    Context sent = create.getContext();
    assertEquals("spaceflights", sent.getDisplayName());
    assertEquals("system.Experiment", sent.getSchemaTitle());
    assertEquals("0.0.1", sent.getSchemaVersion());
    assertEquals("Runs of the spaceflights pipelines", sent.getDescription());
    assertEquals(
        Struct.newBuilder()
            .putFields("experiment_deleted", Value.newBuilder().setBoolValue(false).build())
            .build(),
        sent.getMetadata());
    assertEquals("", sent.getName(), "the server names it");

    AddContextChildrenRequest add = fake.metadataRequests(AddContextChildrenRequest.class).get(0);
    String runContext = FakeVertexAi.runContextName(created.getName());
    assertEquals(EXPERIMENT, add.getContext());
    assertEquals(List.of(runContext), add.getChildContextsList());
    assertEquals(List.of(EXPERIMENT), fake.context(runContext).getParentContextsList());
    assertEquals(1, fake.jobs().size());
    String jobId = ConsoleLinks.lastSegment(created.getName());
    assertEquals(1, log.matching("INFO Created Vertex AI experiment spaceflights: " + LINK).size(), log.text());
    assertEquals(
        1,
        log.matching("INFO Recorded pipeline job " + jobId + " in Vertex AI experiment spaceflights: " + LINK)
            .size(),
        log.text());
    assertEquals(List.of(), warnings());
  }

  @Test
  void anExistingExperimentIsReusedAndOnlyItsDescriptionChanged() throws Exception {
    fake.addContext(experimentContext("Old words"));

    submit("New words", SUBMIT_ONLY);

    assertTrue(fake.metadataRequests(CreateContextRequest.class).isEmpty(), fake.calls().toString());
    UpdateContextRequest update = fake.metadataRequests(UpdateContextRequest.class).get(0);
    assertEquals(List.of("description"), update.getUpdateMask().getPathsList());
    assertEquals(EXPERIMENT, update.getContext().getName());
    assertEquals("New words", update.getContext().getDescription());
    Context stored = fake.context(EXPERIMENT);
    assertEquals("New words", stored.getDescription());
    assertEquals("system.Experiment", stored.getSchemaTitle(), "the rest is kept");
    assertEquals(1, fake.metadataRequests(AddContextChildrenRequest.class).size());
    assertFalse(log.text().contains("Created Vertex AI experiment"), log.text());
  }

  @Test
  void aDescriptionThatCannotBeUpdatedIsAWarningAndTheRunIsStillRecorded() throws Exception {
    fake.addContext(experimentContext("Old words"));
    fake.fail(
        "UpdateContext",
        new FakeVertexAi.Fault(Status.PERMISSION_DENIED.withDescription("read only"), false));

    submit("New words", SUBMIT_ONLY);

    List<String> warnings = warnings();
    assertEquals(1, warnings.size(), log.text());
    assertTrue(
        warnings
            .get(0)
            .startsWith(
                "WARN The description of Vertex AI experiment spaceflights is not updated: Permission denied: "),
        warnings.get(0));
    assertTrue(warnings.get(0).contains("aiplatform.contexts.update"), warnings.get(0));
    assertEquals("Old words", fake.context(EXPERIMENT).getDescription());
    assertEquals(1, fake.metadataRequests(AddContextChildrenRequest.class).size(), "recorded all the same");
    assertEquals(1, fake.jobs().size());
  }

  @Test
  void withoutADescriptionAnExistingExperimentIsLeftAsItIs() throws Exception {
    fake.addContext(experimentContext("Kept"));

    submit(null, SUBMIT_ONLY);

    assertTrue(fake.metadataRequests(UpdateContextRequest.class).isEmpty(), fake.calls().toString());
    assertEquals("Kept", fake.context(EXPERIMENT).getDescription());
    assertEquals(1, fake.metadataRequests(AddContextChildrenRequest.class).size());
  }

  @Test
  void theDefaultMetadataStoreIsCreatedWhereThereIsNone() throws Exception {
    fake.withoutMetadataStores();

    submit(null, SUBMIT_ONLY);

    CreateMetadataStoreRequest create = fake.metadataRequests(CreateMetadataStoreRequest.class).get(0);
    assertEquals(Fixtures.PARENT, create.getParent());
    assertEquals("default", create.getMetadataStoreId());
    assertEquals(
        List.of("GetMetadataStore", "CreateMetadataStore", "GetContext", "CreateContext"),
        fake.calls().subList(0, 4));
    assertEquals(1, fake.metadataRequests(AddContextChildrenRequest.class).size());
    assertEquals(List.of(), warnings());
  }

  @Test
  void anExperimentCreatedMeanwhileByAnotherBuildIsUsed() throws Exception {
    fake.addContext(experimentContext(null));
    // The experiment is not there when read, and there when created.
    fake.fail("GetContext", new FakeVertexAi.Fault(Status.NOT_FOUND, false));

    submit(null, SUBMIT_ONLY);

    assertEquals(
        List.of("GetMetadataStore", "GetContext", "CreateContext", "GetContext", "CreatePipelineJob"),
        fake.calls().subList(0, 5));
    assertEquals(1, fake.metadataRequests(AddContextChildrenRequest.class).size());
    assertEquals(List.of(), warnings());
  }

  @ParameterizedTest
  @CsvSource({
    "GetMetadataStore, PERMISSION_DENIED, aiplatform.metadataStores.get",
    "GetContext, PERMISSION_DENIED, aiplatform.contexts.get",
    "CreateContext, UNAVAILABLE, ''",
    "AddContextChildren, PERMISSION_DENIED, aiplatform.contexts.addContextChildren",
    "AddContextChildren, UNAVAILABLE, ''",
  })
  void aMetadataFailureIsOneWarningAndExactlyOneJob(String method, Status.Code code, String permission)
      throws Exception {
    Status status = Status.fromCode(code).withDescription("metadata says no");
    // More failures than the recording's tries: a lasting outage.
    fake.fail(method, new FakeVertexAi.Fault(status, false), new FakeVertexAi.Fault(status, false),
        new FakeVertexAi.Fault(status, false), new FakeVertexAi.Fault(status, false));

    PipelineJob created = submit(null, SUBMIT_ONLY);

    assertEquals(1, fake.jobs().size(), "exactly one job");
    assertEquals(1, fake.createRequests().size(), "created once");
    String jobId = ConsoleLinks.lastSegment(created.getName());
    List<String> warnings = warnings();
    assertEquals(1, warnings.size(), log.text());
    String warning = warnings.get(0);
    assertTrue(
        warning.startsWith("WARN Not recording pipeline job " + jobId + " in Vertex AI experiment spaceflights: "),
        warning);
    assertTrue(warning.contains("metadata says no"), warning);
    assertFalse(warning.contains("io.grpc"), warning);
    if (code == Status.Code.PERMISSION_DENIED) {
      assertTrue(warning.contains(Fixtures.IDENTITY), warning);
      assertTrue(warning.contains("Grant it the permission " + permission), warning);
      assertEquals(1, fake.calls().stream().filter(method::equals).count(), "not retried");
    } else {
      assertEquals(3, fake.calls().stream().filter(method::equals).count(), "a few quick tries");
    }
    if (!method.equals("AddContextChildren")) {
      assertTrue(fake.metadataRequests(AddContextChildrenRequest.class).isEmpty());
    }
  }

  @Test
  void aContextOfAnotherSchemaIsNotTakenForTheExperiment() throws Exception {
    fake.addContext(experimentContext(null).toBuilder().setSchemaTitle("system.ExperimentRun").build());

    PipelineJob created = submit(null, SUBMIT_ONLY);

    assertEquals(1, fake.jobs().size());
    List<String> warnings = warnings();
    assertEquals(1, warnings.size(), log.text());
    assertTrue(
        warnings
            .get(0)
            .contains(
                EXPERIMENT
                    + " is a metadata context of schema system.ExperimentRun, not a Vertex AI experiment;"
                    + " choose another run_config.experiment_name"),
        warnings.get(0));
    assertTrue(fake.metadataRequests(AddContextChildrenRequest.class).isEmpty());
    assertTrue(fake.context(FakeVertexAi.runContextName(created.getName())).getParentContextsList().isEmpty());
  }

  @Test
  void waitingRecordsTheRunAsSoonAsItRunsWithoutExtraPolls() throws Exception {
    PipelineJob done = submit(null, new RunOptions(true, true, null));

    assertEquals(PipelineState.PIPELINE_STATE_SUCCEEDED, done.getState());
    assertEquals(4, fake.calls().stream().filter("GetPipelineJob"::equals).count(), "the wait's own polls");
    // PENDING, then RUNNING with its run context: recorded there, before the job ends.
    assertEquals(
        List.of("GetPipelineJob", "GetPipelineJob", "AddContextChildren", "GetPipelineJob"),
        fake.calls().subList(4, 8));
    assertEquals(1, fake.metadataRequests(AddContextChildrenRequest.class).size());
    assertEquals(List.of(), warnings());
  }

  @Test
  void aJobThatNeverStartsIsNotRecordedAndDoesNotHoldTheBuild() throws Exception {
    fake.script(FakeVertexAi::pending);

    PipelineJob created = submit(null, SUBMIT_ONLY);

    assertEquals(1, fake.jobs().size());
    assertTrue(fake.metadataRequests(AddContextChildrenRequest.class).isEmpty());
    Duration waited = time.sleeps.stream().reduce(Duration.ZERO, Duration::plus);
    assertEquals(ExperimentRecorder.RUN_CONTEXT_WAIT, waited);
    List<String> warnings = warnings();
    assertEquals(1, warnings.size(), log.text());
    assertEquals(
        "WARN Not recording pipeline job "
            + ConsoleLinks.lastSegment(created.getName())
            + " in Vertex AI experiment spaceflights: it had not started after 5m00s (PENDING);"
            + " {param:wait=true} records a run when it starts",
        warnings.get(0));
  }

  @Test
  void aJobFollowedToItsEndThatNeverRanIsReportedUnrecorded() throws Exception {
    fake.script(
        job ->
            List.of(
                job.toBuilder()
                    .setState(PipelineState.PIPELINE_STATE_FAILED)
                    .setError(com.google.rpc.Status.newBuilder().setMessage("quota exceeded"))
                    .build()));

    KedroVertexAiException e =
        assertThrows(KedroVertexAiException.class, () -> submit(null, new RunOptions(true, true, null)));

    assertTrue(e.getMessage().contains("quota exceeded"), e.getMessage());
    assertEquals(1, fake.jobs().size());
    assertTrue(fake.metadataRequests(AddContextChildrenRequest.class).isEmpty());
    assertEquals(
        List.of("it ended before Vertex AI gave it a run context"),
        warnings().stream().map(line -> line.substring(line.indexOf(": ") + 2)).toList());
  }

  @Test
  void schedulingCreatesTheExperimentAndRecordsTheRunsTheScheduleStarted() throws Exception {
    VertexAiService service = service(Fixtures.experimentConfig("spaceflights", "Nightly spaceflights"));
    Schedule schedule = service.schedule(Fixtures.submission(Map.of()), null, ScheduleOverrides.NONE);

    assertEquals("Nightly spaceflights", fake.context(EXPERIMENT).getDescription());
    assertTrue(fake.metadataRequests(AddContextChildrenRequest.class).isEmpty(), "no runs yet");
    assertEquals(
        1,
        log.matching("each {goal:schedule} records in Vertex AI experiment spaceflights the runs started so far")
            .size(),
        log.text());

    // Vertex AI starts runs from the schedule; the plugin is not there when it does.
    Map<String, String> labels = JobLabels.identity("Spaceflights", "__default__");
    PipelineJob started =
        fake.addJob(Fixtures.PARENT, "sched-1", labels, PipelineState.PIPELINE_STATE_SUCCEEDED, schedule.getName());
    fake.addJob(Fixtures.PARENT, "sched-2", labels, PipelineState.PIPELINE_STATE_PENDING, schedule.getName());
    fake.addJob(Fixtures.PARENT, "by-hand", labels, PipelineState.PIPELINE_STATE_SUCCEEDED, null);
    fake.addJob(
        Fixtures.PARENT,
        "other-schedule",
        labels,
        PipelineState.PIPELINE_STATE_SUCCEEDED,
        Fixtures.PARENT + "/schedules/9");

    service.schedule(Fixtures.submission(Map.of()), null, ScheduleOverrides.NONE);

    List<AddContextChildrenRequest> added = fake.metadataRequests(AddContextChildrenRequest.class);
    assertEquals(1, added.size());
    assertEquals(EXPERIMENT, added.get(0).getContext());
    assertEquals(List.of(FakeVertexAi.runContextName(started.getName())), added.get(0).getChildContextsList());
    assertEquals(
        1,
        log.matching("INFO Recorded 1 run of schedule 'spaceflights' in Vertex AI experiment spaceflights: " + LINK)
            .size(),
        log.text());
    ListContextsRequest listed = fake.metadataRequests(ListContextsRequest.class).get(0);
    assertEquals(STORE, listed.getParent());
    assertEquals(
        "schema_title=\"system.PipelineRun\" AND parent_contexts:\"" + EXPERIMENT + "\"", listed.getFilter());

    service.schedule(Fixtures.submission(Map.of()), null, ScheduleOverrides.NONE);

    assertEquals(1, fake.metadataRequests(AddContextChildrenRequest.class).size(), "nothing new to record");
    assertEquals(1, fake.schedules().size());
    assertEquals(List.of(), warnings());
  }

  @Test
  void aScheduleIsStillAppliedWhenItsExperimentCannotBeRecorded() throws Exception {
    fake.fail(
        "GetContext",
        new FakeVertexAi.Fault(Status.PERMISSION_DENIED.withDescription("no metadata for you"), false));

    service(Fixtures.plainConfig()).schedule(Fixtures.submission(Map.of()), null, ScheduleOverrides.NONE);

    assertEquals(1, fake.schedules().size());
    List<String> warnings = warnings();
    assertEquals(1, warnings.size(), log.text());
    assertTrue(
        warnings
            .get(0)
            .startsWith(
                "WARN Not recording the runs of schedule 'spaceflights' in Vertex AI experiment spaceflights:"
                    + " Permission denied"),
        warnings.get(0));
  }

  @Test
  void listingShowsTheExperimentAndWhichRunsAreRecordedInIt() throws Exception {
    fake.addContext(experimentContext("Runs of spaceflights"));
    VertexAiService service = service(Fixtures.plainConfig());
    String recorded =
        ConsoleLinks.lastSegment(service.runOnce(Fixtures.submission(Map.of()), SUBMIT_ONLY).getName());
    Map<String, String> labels = JobLabels.identity("Spaceflights", "__default__");
    fake.addJob(Fixtures.PARENT, "not-recorded", labels, PipelineState.PIPELINE_STATE_SUCCEEDED);
    fake.addJob(Fixtures.PARENT, "not-started", labels, PipelineState.PIPELINE_STATE_PENDING);

    service.listPipelines("Spaceflights", "__default__", 10);

    assertEquals(
        1,
        log.matching("INFO Vertex AI experiment spaceflights (Runs of spaceflights): " + LINK).size(),
        log.text());
    assertTrue(log.matching("INFO JOB ID").get(0).contains("IN EXPERIMENT"), log.text());
    assertTrue(log.matching("INFO " + recorded + " ").get(0).matches(".*\\syes\\s+https://.*"), log.text());
    assertTrue(log.matching("INFO not-recorded ").get(0).matches(".*\\sno\\s+https://.*"), log.text());
    assertTrue(log.matching("INFO not-started ").get(0).matches(".*\\s-\\s+https://.*"), log.text());
    assertNull(
        fake.metadataRequests(CreateContextRequest.class).stream().findAny().orElse(null), "listing only reads");
  }

  @Test
  void listingSaysWhenTheExperimentDoesNotExistYetOrCannotBeRead() throws Exception {
    VertexAiService service = service(Fixtures.plainConfig());

    service.listPipelines("Spaceflights", "__default__", 10);
    assertEquals(
        1,
        log.matching("INFO Vertex AI experiment spaceflights does not exist yet: run-once and schedule create it")
            .size(),
        log.text());
    assertTrue(fake.metadataRequests(CreateContextRequest.class).isEmpty(), "listing only reads");

    fake.fail("GetContext", new FakeVertexAi.Fault(Status.PERMISSION_DENIED.withDescription("denied"), false));
    fake.addJob(
        Fixtures.PARENT,
        "a-run",
        JobLabels.identity("Spaceflights", "__default__"),
        PipelineState.PIPELINE_STATE_SUCCEEDED);
    service.listPipelines("Spaceflights", "__default__", 10);

    List<String> warnings = warnings();
    assertEquals(1, warnings.size(), log.text());
    assertTrue(warnings.get(0).startsWith("WARN Cannot read Vertex AI experiment spaceflights: "), warnings.get(0));
    assertFalse(log.matching("INFO JOB ID").get(0).contains("IN EXPERIMENT"), "unknown, so not shown");
    assertTrue(log.matching("INFO a-run ").get(0).contains("SUCCEEDED"), log.text());
  }
}
