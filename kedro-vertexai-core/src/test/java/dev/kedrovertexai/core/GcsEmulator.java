package dev.kedrovertexai.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kedrovertexai.core.TestTools.Tool;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A real Cloud Storage emulator (fake-gcs-server, provisioned by the build) on a free loopback port, in memory,
 * always stopped (see {@link LoopbackProcess}). Talks to it through the Cloud Storage JSON API, as a client of the
 * real service would.
 */
public final class GcsEmulator implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final LoopbackProcess server;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  /** {@code http://127.0.0.1:<port>}: the value of {@code STORAGE_EMULATOR_HOST} for clients. */
  public final String url;

  private GcsEmulator(LoopbackProcess server, String url) {
    this.server = server;
    this.url = url;
  }

  /** Starts the provisioned emulator; skips the calling test (fails it in CI) when it is not there. */
  public static GcsEmulator start() throws IOException, InterruptedException {
    Path binary = TestTools.require(Tool.FAKE_GCS_SERVER);
    int port = LoopbackProcess.freePort();
    String address = "127.0.0.1:" + port;
    LoopbackProcess server =
        LoopbackProcess.start(
            "fake-gcs-server",
            List.of(
                binary.toString(),
                "-scheme", "http",
                "-host", "127.0.0.1",
                "-port", String.valueOf(port),
                "-backend", "memory",
                "-public-host", address,
                "-external-url", "http://" + address,
                "-log-level", "warn"),
            URI.create("http://" + address + "/storage/v1/b"));
    return new GcsEmulator(server, "http://" + address);
  }

  /** The emulator's process, for tests that check it is gone. */
  public ProcessHandle process() {
    return server.handle();
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
    server.close();
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
