package dev.kedrovertexai.core.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kedrovertexai.core.EventLog;
import dev.kedrovertexai.core.FakeMetadataServer;
import dev.kedrovertexai.core.IapProxy;
import dev.kedrovertexai.core.KedroTestEnvironment;
import dev.kedrovertexai.core.MlflowServer;
import dev.kedrovertexai.core.Origin;
import dev.kedrovertexai.core.TestTools.Tool;
import dev.kedrovertexai.core.config.ConfigOverride;
import dev.kedrovertexai.core.workflow.CompileResult;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * MLflow behind Identity-Aware Proxy: a loopback proxy in front of a real tracking server lets through only
 * requests with {@code Authorization: Bearer <ID token>}, and the token comes from a fake metadata server, as a
 * Vertex AI task's identity gives it. Both of kedro-vertexai's ways get the header onto every MLflow request of
 * every task: {@code run_config.mlflow.request_header_provider_params} (a request header provider), and its
 * credentials provider among {@code dynamic_config_providers} with kedro-mlflow's {@code server.credentials}.
 */
class MlflowIapKedroTest {
  private static final String CLIENT_ID = "123456789012-iap.apps.googleusercontent.com";

  @TempDir static Path shared;
  @TempDir Path dir;

  private static MlflowServer server;
  private static FakeMetadataServer metadata;
  private static IapProxy proxy;

  @BeforeAll
  static void startServers() throws Exception {
    server = MlflowServer.start(shared.resolve("mlflow"));
    metadata = FakeMetadataServer.start();
    proxy = IapProxy.start(server.url, metadata.token(CLIENT_ID));
  }

  @AfterAll
  static void stopServers() {
    Stream.of(proxy, metadata, server).filter(java.util.Objects::nonNull).forEach(closeable -> {
      try {
        closeable.close();
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
  }

  @Test
  void theProxyRefusesARequestWithoutTheToken() throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(proxy.url() + "/api/2.0/mlflow/experiments/search?max_results=1")).build(),
                HttpResponse.BodyHandlers.ofString());
    assertEquals(401, response.statusCode());
  }

  @Test
  void theHeaderProviderAuthenticatesEveryRequestOfEveryTask() throws Exception {
    assertRunsBehindTheProxy(
        "header",
        new ConfigOverride("run_config.mlflow.request_header_provider_params", "{client_id: " + CLIENT_ID + "}", Origin.of("test")));
  }

  @Test
  void kedroVertexaisCredentialsProviderAuthenticatesThroughKedroMlflowsCredentials() throws Exception {
    assertRunsBehindTheProxy(
        "credentials",
        new ConfigOverride(
            "run_config.dynamic_config_providers",
            "[{cls: kedro_vertexai.auth.gcp.MLFlowGoogleOAuthCredentialsProvider, params: {client_id: " + CLIENT_ID + "}}]",
            Origin.of("test")));
  }

  private void assertRunsBehindTheProxy(String name, ConfigOverride override) throws Exception {
    KedroTestEnvironment kedro = KedroTestEnvironment.of(Tool.KEDRO_MLFLOW);
    Path project = kedro.copyExample(dir.resolve(name));
    Path settings = project.resolve("conf/mlflow/mlflow.yml");
    String original = Files.readString(settings);
    // Introspection at compile time talks to MLflow without any provider: it goes to the server directly.
    Files.writeString(settings, original + "server:\n  mlflow_tracking_uri: " + server.url + "\n");
    CompileResult compiled =
        MlflowKedroTest.compile(
            kedro, project, "data_processing",
            new ConfigOverride("run_config.on_exit_pipeline", "report_outcome", Origin.of("test")), override);
    Files.writeString(
        settings,
        original + "server:\n  mlflow_tracking_uri: " + proxy.url() + "\n  credentials: gcp_credentials\n");
    int refusedBefore = proxy.refused.get();
    int forwardedBefore = proxy.forwarded.get();
    String token = metadata.token(CLIENT_ID);

    Map<String, String> environment = new HashMap<>(metadata.environment());
    LocalRunResult result =
        new LocalRunner(EventLog.SILENT)
            .run(MlflowKedroTest.request(kedro, project, compiled, environment, "GOOGLE_APPLICATION_CREDENTIALS"));

    result.tasks().forEach(task -> assertEquals(TaskState.SUCCEEDED, task.state(), task.task()));
    assertEquals(refusedBefore, proxy.refused.get(), "no MLflow request went without the token");
    assertTrue(proxy.forwarded.get() > forwardedBefore + 5, "the tasks talked to MLflow through the proxy");
    assertTrue(metadata.audiences.contains(CLIENT_ID), metadata.audiences.toString());
    List<JsonNode> runs =
        server.runs(server.experimentId("spaceflights")).stream()
            .filter(run -> result.jobName().equals(MlflowServer.values(run, "tags").get("vertexai_job_name")))
            .toList();
    assertEquals(1, runs.size());
    assertEquals("FINISHED", runs.get(0).at("/info/status").asText());
    // The token is a secret: nowhere in the compiled pipeline or the task logs.
    assertFalse(compiled.compiled().specJson().contains(token));
    for (TaskOutcome task : result.tasks()) {
      assertFalse(Files.readString(task.logFile()).contains(token), "token in the log of " + task.task());
    }
  }
}
