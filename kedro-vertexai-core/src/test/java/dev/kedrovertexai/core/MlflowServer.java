package dev.kedrovertexai.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kedrovertexai.core.TestTools.Tool;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real MLflow tracking server ({@code mlflow server} of the provisioned kedro-mlflow environment) on a free
 * loopback port, with a sqlite store and artifacts in a folder of the test. {@link #close()} stops it and every
 * process it started; a JVM shutdown hook does too if a test run ends without closing it. Read through MLflow's
 * REST API, as any client would.
 */
public final class MlflowServer implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** The server migrates its sqlite store on start; on a loaded 2-core machine that takes tens of seconds. */
  private static final Duration START_TIMEOUT = Duration.ofSeconds(180);

  private final Process process;
  private final Path log;
  private final Thread stopOnExit;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  /** {@code http://127.0.0.1:<port>}: the tracking URI. */
  public final String url;

  private MlflowServer(Process process, Path log, String url) {
    this.process = process;
    this.log = log;
    this.url = url;
    this.stopOnExit = new Thread(this::stop, "stop mlflow server");
    Runtime.getRuntime().addShutdownHook(stopOnExit);
  }

  /** Starts a server storing into {@code dir}; skips the calling test (fails it in CI) without the environment. */
  public static MlflowServer start(Path dir) throws IOException, InterruptedException {
    Path python = TestTools.require(Tool.KEDRO_MLFLOW);
    int port = freePort();
    Files.createDirectories(dir);
    Path log = dir.resolve("mlflow-server.log");
    Process process =
        new ProcessBuilder(
                python.toString(), "-m", "mlflow", "server",
                "--backend-store-uri", "sqlite:///" + dir.toAbsolutePath().resolve("mlflow.db"),
                "--artifacts-destination", dir.toAbsolutePath().resolve("artifacts").toString(),
                "--host", "127.0.0.1",
                "--port", String.valueOf(port),
                "--workers", "1")
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    MlflowServer server = new MlflowServer(process, log, "http://127.0.0.1:" + port);
    try {
      server.awaitReady();
    } catch (IOException | RuntimeException | InterruptedException e) {
      server.close();
      throw e;
    }
    return server;
  }

  public static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  /** The id of the experiment of that name. */
  public String experimentId(String name) throws IOException, InterruptedException {
    JsonNode response =
        get("/api/2.0/mlflow/experiments/get-by-name?experiment_name=" + URLEncoder.encode(name, StandardCharsets.UTF_8));
    return response.path("experiment").path("experiment_id").asText();
  }

  /** Every run of the experiment, as {@code runs/search} returns them ({@code info} and {@code data}). */
  public List<JsonNode> runs(String experimentId) throws IOException, InterruptedException {
    String body = JSON.writeValueAsString(Map.of("experiment_ids", List.of(experimentId), "max_results", 1000));
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create(url + "/api/2.0/mlflow/runs/search"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IOException("runs/search: HTTP " + response.statusCode() + " " + response.body());
    }
    List<JsonNode> runs = new ArrayList<>();
    JSON.readTree(response.body()).path("runs").forEach(runs::add);
    return runs;
  }

  /** A run's {@code data.<section>} ({@code tags}, {@code params}, {@code metrics}) as key to value. */
  public static Map<String, String> values(JsonNode run, String section) {
    Map<String, String> values = new java.util.TreeMap<>();
    run.path("data").path(section).forEach(entry -> values.put(entry.path("key").asText(), entry.path("value").asText()));
    return values;
  }

  public String logText() throws IOException {
    return Files.readString(log);
  }

  @Override
  public void close() {
    stop();
    try {
      Runtime.getRuntime().removeShutdownHook(stopOnExit);
    } catch (IllegalStateException e) {
      // the JVM is already shutting down, and the hook stops the server
    }
  }

  /** The server runs its app in a child process (uvicorn): stop them all, the children first. */
  private void stop() {
    List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
    tree.add(process.toHandle());
    tree.forEach(ProcessHandle::destroy);
    for (ProcessHandle handle : tree) {
      try {
        handle.onExit().get(10, TimeUnit.SECONDS);
      } catch (Exception e) {
        handle.destroyForcibly();
      }
    }
  }

  private JsonNode get(String path) throws IOException, InterruptedException {
    HttpResponse<String> response =
        http.send(HttpRequest.newBuilder(URI.create(url + path)).build(), HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IOException("GET " + path + ": HTTP " + response.statusCode() + " " + response.body());
    }
    return JSON.readTree(response.body());
  }

  private void awaitReady() throws IOException, InterruptedException {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (true) {
      if (!process.isAlive()) {
        throw new IOException("mlflow server exited with " + process.exitValue() + ":\n" + logText());
      }
      try {
        HttpResponse<Void> response =
            http.send(
                HttpRequest.newBuilder(URI.create(url + "/health")).timeout(Duration.ofSeconds(2)).build(),
                HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      if (System.nanoTime() > deadline) {
        throw new IOException("mlflow server did not answer within " + START_TIMEOUT + ":\n" + logText());
      }
      Thread.sleep(250);
    }
  }
}
