package dev.kedrovertexai.core.vertex;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.cloud.aiplatform.v1.CreatePipelineJobRequest;
import com.google.cloud.aiplatform.v1.ListPipelineJobsRequest;
import com.google.cloud.aiplatform.v1.PipelineJob;
import com.google.cloud.aiplatform.v1.PipelineState;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageException;
import com.google.cloud.storage.contrib.nio.testing.LocalStorageHelper;
import dev.kedrovertexai.core.KedroVertexAiException;
import dev.kedrovertexai.core.config.ParameterValue;
import dev.kedrovertexai.core.config.VertexAiConfig;
import io.grpc.Status;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class VertexAiServiceTest extends InProcessVertexTest {
  static final RunOptions SUBMIT_ONLY = new RunOptions(true, false, null);

  private Buckets buckets = bucket -> bucket.equals("kedro-bucket");

  private VertexAiService service(VertexAiConfig config) {
    return vertex.service(config, buckets, log, time, 7);
  }

  private VertexAiService service() {
    return service(
        Fixtures.config(
            Fixtures.runConfig(
                "runner@my-gcp-project.iam.gserviceaccount.com",
                "projects/12345/global/networks/kedro",
                false,
                null,
                Map.of("team", "ml"),
                Map.of(),
                null)));
  }

  /** Submits without waiting, expecting the submission to fail. */
  private KedroVertexAiException submitFails() {
    return assertThrows(
        KedroVertexAiException.class,
        () -> service().runOnce(Fixtures.submission(Map.of()), SUBMIT_ONLY));
  }

  @Test
  void submitsTheCompiledJobUnderAClientChosenId() throws Exception {
    PipelineJob created =
        service().runOnce(Fixtures.submission(Map.of("learning_rate", ParameterValue.ofFloat(0.25))), SUBMIT_ONLY);

    List<CreatePipelineJobRequest> requests = fake.createRequests();
    assertEquals(1, requests.size());
    CreatePipelineJobRequest request = requests.get(0);
    assertEquals(Fixtures.PARENT, request.getParent());
    assertTrue(
        Pattern.matches("spaceflights-20261129220000-[a-z0-9]{4}", request.getPipelineJobId()),
        request.getPipelineJobId());
    assertEquals(
        Fixtures.PARENT + "/pipelineJobs/" + request.getPipelineJobId(), created.getName());
    PipelineJob sent = request.getPipelineJob();
    assertEquals(
        "spaceflights",
        sent.getPipelineSpec()
            .getFieldsOrThrow("pipelineInfo")
            .getStructValue()
            .getFieldsOrThrow("name")
            .getStringValue());
    assertEquals(
        "2.1.0", sent.getPipelineSpec().getFieldsOrThrow("schemaVersion").getStringValue());
    assertEquals("gs://kedro-bucket/runs", sent.getRuntimeConfig().getGcsOutputDirectory());
    assertEquals(
        0.25, sent.getRuntimeConfig().getParameterValuesOrThrow("learning_rate").getNumberValue());
    assertEquals(
        "nightly", sent.getRuntimeConfig().getParameterValuesOrThrow("run_name").getStringValue());
    assertEquals("runner@my-gcp-project.iam.gserviceaccount.com", sent.getServiceAccount());
    assertEquals("projects/12345/global/networks/kedro", sent.getNetwork());
    assertEquals("ml", sent.getLabelsOrThrow("team"));
    assertEquals("spaceflights", sent.getLabelsOrThrow("kedro-project"));
    assertEquals("__default__", sent.getLabelsOrThrow("kedro-pipeline"));
    assertEquals("base", sent.getLabelsOrThrow("kedro-env"));
    String link =
        "https://console.cloud.google.com/vertex-ai/locations/europe-west4/pipelines/runs/"
            + request.getPipelineJobId()
            + "?project=my-gcp-project";
    assertEquals(1, log.matching(link).size(), log.text());
    assertTrue(log.matching("] job ").isEmpty(), "the job is not followed unless asked: " + log.text());
  }

  @Test
  void waitingReportsEachStateChangeOnceWithElapsedTime() throws Exception {
    PipelineJob done =
        service().runOnce(Fixtures.submission(Map.of()), new RunOptions(true, true, null));

    assertEquals(PipelineState.PIPELINE_STATE_SUCCEEDED, done.getState());
    assertEquals(4, fake.calls().stream().filter("GetPipelineJob"::equals).count());
    // PENDING, RUNNING, SUCCEEDED for the job; RUNNING then SUCCEEDED for each of two tasks.
    assertEquals(
        List.of("[0s] job", "[30s] job", "[1m30s] job"),
        log.matching("] job ").stream()
            .map(line -> line.substring(5, line.indexOf(" job") + 4))
            .toList());
    assertEquals(1, log.matching("task data-processing: RUNNING").size(), log.text());
    assertEquals(1, log.matching("[1m00s] task data-processing: SUCCEEDED").size(), log.text());
    assertEquals(1, log.matching("[1m30s] task data-science: SUCCEEDED").size(), log.text());
    assertEquals(1, log.matching("succeeded after 1m30s").size(), log.text());
    assertEquals(
        List.of(Duration.ofSeconds(30), Duration.ofSeconds(30), Duration.ofSeconds(30)),
        time.sleeps);
  }

  @Test
  void anInterruptedWaitLeavesTheJobRunningAndSaysWhereToFollowIt() throws Exception {
    fake.script(FakeVertexAi::running);
    time.interruptSleep(2);

    KedroVertexAiException e =
        assertThrows(
            KedroVertexAiException.class,
            () -> service().runOnce(Fixtures.submission(Map.of()), new RunOptions(true, true, null)));

    assertTrue(Thread.interrupted(), "the interrupt is kept for the caller");
    String jobId = fake.createRequests().get(0).getPipelineJobId();
    assertEquals(
        "Interrupted while waiting for " + jobId + "; it keeps running on Vertex AI: "
            + "https://console.cloud.google.com/vertex-ai/locations/europe-west4/pipelines/runs/" + jobId
            + "?project=my-gcp-project",
        e.getMessage());
    assertTrue(fake.cancelled().isEmpty(), "an interrupted wait does not cancel the job");
  }

  @Test
  void anInterruptedRetrySaysWhatItWasAboutToTryAgain() throws Exception {
    fake.fail("CreatePipelineJob", new FakeVertexAi.Fault(Status.UNAVAILABLE, false));
    time.interruptSleep(1);

    KedroVertexAiException e = submitFails();

    assertTrue(Thread.interrupted(), "the interrupt is kept for the caller");
    assertTrue(
        e.getMessage().matches("Interrupted before trying again to create pipeline job spaceflights-\\S+ in"
            + " projects/my-gcp-project/locations/europe-west4"),
        e.getMessage());
  }

  @Test
  void aFailedJobFailsNamingTheFailedTaskAndItsError() throws Exception {
    fake.script(
        job -> FakeVertexAi.failing(job, "data-science", "KeyError: 'price' in node train_model"));

    KedroVertexAiException e =
        assertThrows(
            KedroVertexAiException.class,
            () ->
                service().runOnce(Fixtures.submission(Map.of()), new RunOptions(true, true, null)));

    assertTrue(e.getMessage().contains("FAILED after 30s"), e.getMessage());
    assertTrue(e.getMessage().contains("Failed tasks:"), e.getMessage());
    assertTrue(
        e.getMessage().contains("  - data-science: KeyError: 'price' in node train_model"),
        e.getMessage());
    assertFalse(e.getMessage().contains("  - data-processing"), e.getMessage());
    assertFalse(
        e.getMessage().contains("  - spaceflights"),
        "the root DAG failed only because its task did: " + e.getMessage());
    assertTrue(e.getMessage().contains("Job error: The DAG failed"), e.getMessage());
    assertTrue(
        e.getMessage()
            .contains(
                "https://console.cloud.google.com/vertex-ai/locations/europe-west4/pipelines/runs/spaceflights-"),
        e.getMessage());
    assertTrue(fake.cancelled().isEmpty());
  }

  @Test
  void aJobPastTheTimeoutIsCancelledThenFails() throws Exception {
    fake.script(FakeVertexAi::running);

    KedroVertexAiException e =
        assertThrows(
            KedroVertexAiException.class,
            () ->
                service()
                    .runOnce(
                        Fixtures.submission(Map.of()),
                        new RunOptions(true, false, Duration.ofSeconds(75))));

    assertEquals(List.of(fake.jobs().get(0).getName()), fake.cancelled());
    assertTrue(
        e.getMessage().contains("ran past the timeout of 1m15s ({param:timeout})"),
        e.getMessage());
    assertTrue(e.getMessage().contains("cancelled"), e.getMessage());
    // Polls at 0s, 30s, 60s, then the last sleep is cut to the 15s left.
    assertEquals(
        List.of(Duration.ofSeconds(30), Duration.ofSeconds(30), Duration.ofSeconds(15)),
        time.sleeps);
  }

  @Test
  void transientFaultsAreRetriedAndCreateExactlyOneJob() throws Exception {
    fake.fail(
        "CreatePipelineJob",
        new FakeVertexAi.Fault(Status.UNAVAILABLE.withDescription("connection reset"), false),
        new FakeVertexAi.Fault(Status.RESOURCE_EXHAUSTED.withDescription("quota"), false),
        // The third attempt creates the job but its answer is lost: the fourth gets ALREADY_EXISTS,
        // and the
        // lookup of the existing job fails once more, so the fifth gets ALREADY_EXISTS again.
        new FakeVertexAi.Fault(Status.DEADLINE_EXCEEDED, true));
    fake.fail("GetPipelineJob", new FakeVertexAi.Fault(Status.UNAVAILABLE, false));

    PipelineJob job =
        service().runOnce(Fixtures.submission(Map.of()), new RunOptions(true, true, null));

    assertEquals(1, fake.jobs().size(), "exactly one job");
    assertEquals(5, fake.createRequests().size());
    assertEquals(
        1,
        fake.createRequests().stream()
            .map(CreatePipelineJobRequest::getPipelineJobId)
            .distinct()
            .count(),
        "every retry reuses the id");
    assertEquals(fake.jobs().get(0).getName(), job.getName());
    assertEquals(PipelineState.PIPELINE_STATE_SUCCEEDED, job.getState());
    assertEquals(1, log.matching("created by an earlier attempt").size(), log.text());
    assertEquals(4, log.matching("retrying in").size(), log.text());
    assertTrue(
        time.sleeps
            .subList(0, 3)
            .equals(List.of(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4))),
        time.sleeps.toString());
  }

  @Test
  void alreadyExistsOnTheFirstAttemptIsNotMistakenForSuccess() {
    fake.fail(
        "CreatePipelineJob",
        new FakeVertexAi.Fault(Status.ALREADY_EXISTS.withDescription("exists"), false));

    KedroVertexAiException e = submitFails();

    assertTrue(
        e.getMessage().startsWith("Could not create pipeline job spaceflights-"), e.getMessage());
    assertTrue(e.getMessage().contains("ALREADY_EXISTS"), e.getMessage());
    assertTrue(fake.jobs().isEmpty());
  }

  @Test
  void retriesGiveUpAfterThePolicysAttempts() {
    fake.fail(
        "CreatePipelineJob",
        new FakeVertexAi.Fault(Status.UNAVAILABLE, false),
        new FakeVertexAi.Fault(Status.UNAVAILABLE, false),
        new FakeVertexAi.Fault(Status.UNAVAILABLE, false),
        new FakeVertexAi.Fault(Status.UNAVAILABLE, false),
        new FakeVertexAi.Fault(Status.UNAVAILABLE.withDescription("still down"), false));

    KedroVertexAiException e = submitFails();

    assertEquals(5, fake.calls().stream().filter("CreatePipelineJob"::equals).count());
    assertTrue(
        e.getMessage().contains("UNAVAILABLE") && e.getMessage().contains("still down"),
        e.getMessage());
  }

  @Test
  void permissionDeniedNamesTheIdentityAndThePermission() {
    fake.fail(
        "CreatePipelineJob",
        new FakeVertexAi.Fault(
            Status.PERMISSION_DENIED.withDescription(
                "Permission 'aiplatform.pipelineJobs.create' denied"),
            false));

    KedroVertexAiException e = submitFails();

    assertTrue(
        e.getMessage()
            .startsWith("Permission denied: " + Fixtures.IDENTITY + " may not create pipeline job"),
        e.getMessage());
    assertTrue(
        e.getMessage().contains("Grant it the permission aiplatform.pipelineJobs.create"),
        e.getMessage());
    assertTrue(e.getMessage().contains("roles/aiplatform.user"), e.getMessage());
    assertFalse(e.getMessage().contains("io.grpc"), e.getMessage());
    assertEquals(
        1,
        fake.calls().stream().filter("CreatePipelineJob"::equals).count(),
        "permission failures are not retried");
  }

  @Test
  void unauthenticatedSaysHowToLogIn() {
    fake.fail(
        "ListPipelineJobs",
        new FakeVertexAi.Fault(Status.UNAUTHENTICATED.withDescription("token expired"), false));

    KedroVertexAiException e =
        assertThrows(
            KedroVertexAiException.class,
            () -> service().listPipelines("Spaceflights", "__default__", 10));

    assertTrue(
        e.getMessage()
            .startsWith("Not authenticated to list the pipeline jobs of " + Fixtures.PARENT),
        e.getMessage());
    assertTrue(e.getMessage().contains(Fixtures.IDENTITY), e.getMessage());
    assertTrue(e.getMessage().contains("gcloud auth application-default login"), e.getMessage());
    assertTrue(e.getMessage().contains("token expired"), e.getMessage());
  }

  @Test
  void aMissingBucketStopsTheSubmissionWithAClearMessage() {
    Storage storage = LocalStorageHelper.getOptions().getService();
    buckets = new GcsBuckets(storage, new ApiErrors(Fixtures.IDENTITY));

    KedroVertexAiException e = submitFails();

    assertTrue(
        e.getMessage()
            .startsWith(
                "The bucket gs://kedro-bucket of run_config.root (conf/base/vertexai.yml:4:9) does"
                    + " not exist"),
        e.getMessage());
    assertTrue(e.getMessage().contains("storage.buckets.get"), e.getMessage());
    assertTrue(e.getMessage().contains("{param:skipBucketCheck=true}"), e.getMessage());
    assertTrue(fake.calls().isEmpty(), "nothing is sent to Vertex AI");
  }

  @Test
  void theBucketCheckCanBeSkipped() throws Exception {
    buckets = bucket -> false;

    service().runOnce(Fixtures.submission(Map.of()), new RunOptions(false, false, null));

    assertEquals(1, fake.jobs().size());
  }

  @Test
  void aBucketThatCannotBeReadNamesThePermission() {
    Storage denied =
        (Storage)
            Proxy.newProxyInstance(
                Storage.class.getClassLoader(),
                new Class<?>[] {Storage.class},
                (proxy, method, args) -> {
                  throw new StorageException(
                      403, "builder@ does not have storage.buckets.get access");
                });
    buckets = new GcsBuckets(denied, new ApiErrors(Fixtures.IDENTITY));

    KedroVertexAiException e = submitFails();

    assertTrue(
        e.getMessage()
            .startsWith(
                "Permission denied: "
                    + Fixtures.IDENTITY
                    + " may not read the metadata of bucket gs://kedro-bucket"),
        e.getMessage());
    assertTrue(
        e.getMessage().contains("Grant it the permission storage.buckets.get"), e.getMessage());
    assertTrue(fake.calls().isEmpty());
  }

  @Test
  void listingShowsOnlyThisPipelinesRunsNewestFirstThenItsSchedules() throws Exception {
    Map<String, String> ours = JobLabels.identity("Spaceflights", "__default__");
    fake.addJob(Fixtures.PARENT, "spaceflights-old", ours, PipelineState.PIPELINE_STATE_SUCCEEDED);
    fake.addJob(
        Fixtures.PARENT,
        "other-project",
        JobLabels.identity("Other", "__default__"),
        PipelineState.PIPELINE_STATE_SUCCEEDED);
    fake.addJob(
        Fixtures.PARENT,
        "other-pipeline",
        JobLabels.identity("Spaceflights", "data_science"),
        PipelineState.PIPELINE_STATE_RUNNING);
    fake.addJob(Fixtures.PARENT, "spaceflights-new", ours, PipelineState.PIPELINE_STATE_RUNNING);
    fake.addJob(
        "projects/my-gcp-project/locations/us-central1",
        "elsewhere",
        ours,
        PipelineState.PIPELINE_STATE_RUNNING);
    service().schedule(Fixtures.submission(Map.of()), null, ScheduleOverrides.NONE);

    List<PipelineJob> runs = service().listPipelines("Spaceflights", "__default__", 10);

    assertEquals(
        List.of("spaceflights-new", "spaceflights-old"),
        runs.stream().map(job -> ConsoleLinks.lastSegment(job.getName())).toList());
    ListPipelineJobsRequest request = fake.listRequests().get(0);
    assertEquals("create_time desc", request.getOrderBy());
    assertEquals(
        "labels.kedro-pipeline=\"__default__\" AND labels.kedro-project=\"spaceflights\"",
        request.getFilter());
    List<String> table = log.matching("INFO ");
    int header =
        table.indexOf(
            table.stream().filter(line -> line.contains("JOB ID")).findFirst().orElseThrow());
    assertTrue(
        table.get(header).matches("INFO JOB ID\\s+STATE\\s+START\\s+DURATION\\s+IN EXPERIMENT\\s+LINK"),
        table.get(header));
    assertTrue(
        table.get(header + 1).startsWith("INFO spaceflights-new  RUNNING"), table.get(header + 1));
    assertTrue(
        table.get(header + 2).startsWith("INFO spaceflights-old  SUCCEEDED"),
        table.get(header + 2));
    assertTrue(log.text().contains("SCHEDULE"), log.text());
    assertEquals(
        1, log.matching("INFO spaceflights  ACTIVE  TZ=Etc/UTC 0 * * * *").size(), log.text());
  }

  @Test
  void uiLinksToThePipelinesPageAndTheLastRun() throws Exception {
    assertNull(service().ui("Spaceflights", "__default__").lastRun());

    fake.addJob(
        Fixtures.PARENT,
        "spaceflights-1",
        JobLabels.identity("Spaceflights", "__default__"),
        PipelineState.PIPELINE_STATE_SUCCEEDED);
    fake.addJob(
        Fixtures.PARENT,
        "spaceflights-2",
        JobLabels.identity("Spaceflights", "__default__"),
        PipelineState.PIPELINE_STATE_RUNNING);
    UiLinks links = service().ui("Spaceflights", "__default__");

    assertEquals(
        "https://console.cloud.google.com/vertex-ai/pipelines/runs?project=my-gcp-project&region=europe-west4",
        links.pipelinesPage());
    assertEquals(
        "https://console.cloud.google.com/vertex-ai/locations/europe-west4/pipelines/runs/spaceflights-2?project=my-gcp-project",
        links.lastRun());
  }
}
