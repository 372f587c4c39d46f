package dev.kedrovertexai.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kedrovertexai.core.TestTools.Tool;
import java.io.IOException;
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
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * A real Cloud Storage emulator (fake-gcs-server, provisioned by the build) on a free loopback port, in memory.
 * {@link #close()} stops it; a JVM shutdown hook stops it too if a test run ends without closing it. Talks to it
 * through the Cloud Storage JSON API, as a client of the real service would.
 */
public final class GcsEmulator implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

  private final Process process;
  private final Path log;
  private final Thread stopOnExit;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  /** {@code http://127.0.0.1:<port>}: the value of {@code STORAGE_EMULATOR_HOST} for clients. */
  public final String url;

  private GcsEmulator(Process process, Path log, String url) {
    this.process = process;
    this.log = log;
    this.url = url;
    this.stopOnExit = new Thread(this::stop, "stop fake-gcs-server");
    Runtime.getRuntime().addShutdownHook(stopOnExit);
  }

  /** Starts the provisioned emulator; skips the calling test (fails it in CI) when it is not there. */
  public static GcsEmulator start() throws IOException, InterruptedException {
    Path binary = TestTools.require(Tool.FAKE_GCS_SERVER);
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    String address = "127.0.0.1:" + port;
    Path log = Files.createTempFile("fake-gcs-server", ".log");
    Process process =
        new ProcessBuilder(
                binary.toString(),
                "-scheme", "http",
                "-host", "127.0.0.1",
                "-port", String.valueOf(port),
                "-backend", "memory",
                "-public-host", address,
                "-external-url", "http://" + address,
                "-log-level", "warn")
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    GcsEmulator emulator = new GcsEmulator(process, log, "http://" + address);
    try {
      emulator.awaitReady();
    } catch (IOException | RuntimeException | InterruptedException e) {
      emulator.close();
      throw e;
    }
    return emulator;
  }

  /** The emulator's process, for tests that check it is gone. */
  public ProcessHandle process() {
    return process.toHandle();
  }

  /** Creates a bucket. */
  public void createBucket(String bucket) throws IOException, InterruptedException {
    send(
        HttpRequest.newBuilder(URI.create(url + "/storage/v1/b?project=test-project"))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(Map.of("name", bucket))))
            .build());
  }

  /** Writes one object, as a simple media upload. */
  public void put(String bucket, String name, byte[] content) throws IOException, InterruptedException {
    send(
        HttpRequest.newBuilder(
                URI.create(url + "/upload/storage/v1/b/" + bucket + "/o?uploadType=media&name=" + encode(name)))
            .header("Content-Type", "application/octet-stream")
            .POST(HttpRequest.BodyPublishers.ofByteArray(content))
            .build());
  }

  /** Every object under the prefix, by name, with its content. */
  public Map<String, byte[]> objects(String bucket, String prefix) throws IOException, InterruptedException {
    Map<String, byte[]> objects = new TreeMap<>();
    for (String name : objectNames(bucket, prefix)) {
      HttpResponse<byte[]> content =
          http.send(
              HttpRequest.newBuilder(URI.create(url + "/storage/v1/b/" + bucket + "/o/" + encode(name) + "?alt=media"))
                  .build(),
              HttpResponse.BodyHandlers.ofByteArray());
      if (content.statusCode() != 200) {
        throw new IOException("GET " + name + ": HTTP " + content.statusCode());
      }
      objects.put(name, content.body());
    }
    return objects;
  }

  /** The names of the objects under the prefix, in listing order (by name). */
  public List<String> objectNames(String bucket, String prefix) throws IOException, InterruptedException {
    List<String> names = new ArrayList<>();
    String pageToken = "";
    do {
      String query = "?prefix=" + encode(prefix) + (pageToken.isEmpty() ? "" : "&pageToken=" + encode(pageToken));
      JsonNode page =
          JSON.readTree(send(HttpRequest.newBuilder(URI.create(url + "/storage/v1/b/" + bucket + "/o" + query)).build()));
      page.path("items").forEach(item -> names.add(item.get("name").asText()));
      pageToken = page.path("nextPageToken").asText("");
    } while (!pageToken.isEmpty());
    return names;
  }

  @Override
  public void close() {
    stop();
    try {
      Runtime.getRuntime().removeShutdownHook(stopOnExit);
    } catch (IllegalStateException e) {
      // the JVM is already shutting down, and the hook stops the emulator
    }
  }

  private void stop() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    try {
      Files.deleteIfExists(log);
    } catch (IOException e) {
      // a temporary log file; nothing depends on it
    }
  }

  private void awaitReady() throws IOException, InterruptedException {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (true) {
      if (!process.isAlive()) {
        throw new IOException("fake-gcs-server exited with " + process.exitValue() + ":\n" + Files.readString(log));
      }
      try {
        HttpResponse<Void> response =
            http.send(
                HttpRequest.newBuilder(URI.create(url + "/storage/v1/b")).timeout(Duration.ofSeconds(2)).build(),
                HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      if (System.nanoTime() > deadline) {
        throw new IOException("fake-gcs-server did not answer within " + START_TIMEOUT + ":\n" + Files.readString(log));
      }
      Thread.sleep(100);
    }
  }

  private String send(HttpRequest request) throws IOException, InterruptedException {
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() / 100 != 2) {
      throw new IOException(
          request.method() + " " + request.uri() + ": HTTP " + response.statusCode() + " " + response.body());
    }
    return response.body();
  }

  private static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
