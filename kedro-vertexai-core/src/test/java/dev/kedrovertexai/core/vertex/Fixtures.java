package dev.kedrovertexai.core.vertex;

import com.google.api.gax.core.NoCredentialsProvider;
import com.google.api.gax.grpc.GrpcTransportChannel;
import com.google.api.gax.rpc.FixedTransportChannelProvider;
import dev.kedrovertexai.core.EventLog;
import dev.kedrovertexai.core.Origin;
import dev.kedrovertexai.core.config.NetworkConfig;
import dev.kedrovertexai.core.config.ParameterValue;
import dev.kedrovertexai.core.config.RunConfig;
import dev.kedrovertexai.core.config.ScheduleConfig;
import dev.kedrovertexai.core.config.VertexAiConfig;
import dev.kedrovertexai.core.storage.RunManifest;
import io.grpc.ManagedChannel;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Test values shared by the Vertex AI tests: a compiled job, configs, a fake clock and a collecting
 * log.
 */
final class Fixtures {
  static final String PROJECT = "my-gcp-project";
  static final String REGION = "europe-west4";
  static final String PARENT = "projects/" + PROJECT + "/locations/" + REGION;
  static final String IDENTITY = "service account builder@my-gcp-project.iam.gserviceaccount.com";
  static final Retrier.Policy FAST_RETRIES =
      new Retrier.Policy(5, Duration.ofSeconds(1), 2.0, Duration.ofSeconds(5));

  private Fixtures() {}

  static String jobJson() {
    try (InputStream in = Fixtures.class.getResourceAsStream("pipeline-job.json")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Two stored datasets between the fixture job's tasks. */
  static final RunManifest MANIFEST =
      new RunManifest(
          "Spaceflights",
          "__default__",
          Map.of(
              "preprocessed_companies",
              new RunManifest.DatasetUse(List.of("data-processing"), List.of("data-science")),
              "model_input_table",
              new RunManifest.DatasetUse(List.of("data-processing"), List.of("data-science", "reporting"))));

  static Submission submission(Map<String, ParameterValue> parameters) {
    return new Submission(
        jobJson(), "target/vertexai/pipeline-job.json", "Spaceflights", "__default__", parameters, MANIFEST);
  }

  static RunConfig runConfig(
      String serviceAccount,
      String vpc,
      boolean caching,
      String encryptionKey,
      Map<String, String> labels,
      Map<String, ScheduleConfig> schedules,
      String scheduledRunName) {
    return runConfig(
        "spaceflights", null, serviceAccount, vpc, caching, encryptionKey, labels, schedules, scheduledRunName);
  }

  /** The plain config with {@code run_config.experiment_name} and {@code experiment_description} as given. */
  static VertexAiConfig experimentConfig(String experimentName, String experimentDescription) {
    return config(
        runConfig(experimentName, experimentDescription, null, null, false, null, Map.of(), Map.of(), null));
  }

  private static RunConfig runConfig(
      String experimentName,
      String experimentDescription,
      String serviceAccount,
      String vpc,
      boolean caching,
      String encryptionKey,
      Map<String, String> labels,
      Map<String, ScheduleConfig> schedules,
      String scheduledRunName) {
    return RunConfig.builder("europe-docker.pkg.dev/p/r/spaceflights:1", "gs://kedro-bucket/runs")
        .experimentName(experimentName)
        .experimentDescription(experimentDescription)
        .scheduledRunName(scheduledRunName)
        .serviceAccount(serviceAccount)
        .network(new NetworkConfig(vpc, List.of()))
        .schedules(schedules)
        .enableCaching(caching)
        .encryptionKey(encryptionKey)
        .labels(labels)
        .build();
  }

  static VertexAiConfig config(RunConfig run) {
    return new VertexAiConfig(
        PROJECT,
        REGION,
        "base",
        run,
        Map.of("run_config.root", new Origin("conf/base/vertexai.yml", 4, 9)));
  }

  static VertexAiConfig plainConfig() {
    return config(runConfig(null, null, false, null, Map.of(), Map.of(), null));
  }

  /**
   * The fake Vertex AI on an in-process transport with real gRPC clients connected to it; one per
   * test, closed after it.
   */
  static final class InProcessVertex implements AutoCloseable {
    final FakeVertexAi fake;
    private final ManagedChannel channel;
    final GrpcVertexClients clients;

    InProcessVertex() throws IOException {
      fake = FakeVertexAi.inProcess();
      channel = fake.channel();
      clients =
          GrpcVertexClients.create(
              REGION + "-aiplatform.googleapis.com:443",
              FixedTransportChannelProvider.create(GrpcTransportChannel.create(channel)),
              NoCredentialsProvider.create());
    }

    /** A service on these clients whose clock and sleeps are {@code time}. */
    VertexAiService service(
        VertexAiConfig config, Buckets buckets, EventLog log, FakeTime time, long seed) {
      VertexAccess access = new VertexAccess(clients, clients, clients, buckets, IDENTITY, () -> {});
      return new VertexAiService(
          access, config, log, time, new Random(seed), time, FAST_RETRIES, Duration.ofSeconds(30));
    }

    @Override
    public void close() throws Exception {
      clients.close();
      channel.shutdownNow();
      fake.close();
    }
  }

  /**
   * A clock that only moves when someone sleeps on it, so waiting tests take no time; it can stand for an interrupt
   * (Ctrl+C) arriving during a chosen sleep.
   */
  static final class FakeTime extends Clock implements Sleeper {
    private Instant now = Instant.parse("2026-11-29T22:00:00Z");
    final List<Duration> sleeps = new ArrayList<>();
    private int interruptedSleep;

    /** The {@code n}th sleep from now on (1 for the next) is interrupted. */
    synchronized void interruptSleep(int n) {
      interruptedSleep = sleeps.size() + n;
    }

    @Override
    public synchronized void sleep(Duration duration) throws InterruptedException {
      sleeps.add(duration);
      if (sleeps.size() == interruptedSleep) {
        throw new InterruptedException();
      }
      now = now.plus(duration);
    }

    @Override
    public synchronized Instant instant() {
      return now;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }
  }
}
