package dev.kedrovertexai.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kedrovertexai.core.TestTools.Tool;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real container registry on a free loopback port, in memory: go-containerregistry's ({@code crane registry
 * serve}, provisioned by the build), always stopped (see {@link LoopbackProcess}). It speaks plain HTTP and needs
 * no credentials. Reads what was pushed through the registry's HTTP API, and which requests it served from its
 * request log.
 */
public final class CraneRegistry implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String MANIFEST_TYPES =
      String.join(
          ",",
          "application/vnd.oci.image.manifest.v1+json",
          "application/vnd.oci.image.index.v1+json",
          "application/vnd.docker.distribution.manifest.v2+json",
          "application/vnd.docker.distribution.manifest.list.v2+json");
  /** One served request in the log: {@code 2026/01/31 12:00:00 PUT /v2/repo/blobs/uploads/x?digest=sha256:...}. */
  private static final Pattern REQUEST = Pattern.compile("^\\S+ \\S+ (GET|HEAD|POST|PUT|PATCH|DELETE) (\\S+)");
  private static final Pattern DIGEST_PARAMETER = Pattern.compile("[?&]digest=(sha256(?::|%3A)[0-9a-f]{64})");

  private final LoopbackProcess server;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  /** {@code 127.0.0.1:<port>}: the registry part of image references. */
  public final String host;

  private CraneRegistry(LoopbackProcess server, String host) {
    this.server = server;
    this.host = host;
  }

  /** Starts the provisioned registry; skips the calling test (fails it in CI) when it is not there. */
  public static CraneRegistry start() throws IOException, InterruptedException {
    return start(TestTools.require(Tool.CRANE));
  }

  /** Starts the registry of the {@code crane} at {@code binary} (an integration test's hook finds it itself). */
  public static CraneRegistry start(Path binary) throws IOException, InterruptedException {
    String host = "127.0.0.1:" + LoopbackProcess.freePort();
    LoopbackProcess server =
        LoopbackProcess.start(
            "crane-registry",
            List.of(binary.toString(), "registry", "serve", "--address", host),
            URI.create("http://" + host + "/v2/"));
    return new CraneRegistry(server, host);
  }

  /** The registry's process, for tests that check it is gone. */
  public ProcessHandle process() {
    return server.handle();
  }

  /** The manifest (or index) that {@code reference}, a tag or digest, names in {@code repository}. */
  public JsonNode manifest(String repository, String reference) throws IOException, InterruptedException {
    return JSON.readTree(get(repository + "/manifests/" + reference, MANIFEST_TYPES).body());
  }

  /** The digest the registry gives the manifest that {@code reference} names. */
  public String digest(String repository, String reference) throws IOException, InterruptedException {
    return get(repository + "/manifests/" + reference, MANIFEST_TYPES)
        .headers()
        .firstValue("Docker-Content-Digest")
        .orElseThrow(() -> new IOException("no Docker-Content-Digest for " + repository + ":" + reference));
  }

  /** A blob's content. */
  public byte[] blob(String repository, String digest) throws IOException, InterruptedException {
    return get(repository + "/blobs/" + digest, "*/*").body();
  }

  /** The configuration blob of the image {@code reference} names, parsed. */
  public JsonNode config(String repository, String reference) throws IOException, InterruptedException {
    String digest = manifest(repository, reference).path("config").path("digest").asText();
    return JSON.readTree(blob(repository, digest));
  }

  /** Every request the registry served so far, as {@code METHOD path?query}, in order. */
  public List<String> requests() throws IOException {
    List<String> requests = new ArrayList<>();
    for (String line : server.output().split("\n")) {
      Matcher request = REQUEST.matcher(line);
      if (request.find()) {
        requests.add(request.group(1) + " " + request.group(2));
      }
    }
    return requests;
  }

  /** The digests of the blobs uploaded since the first {@code since} requests, in order. */
  public List<String> uploadedBlobs(int since) throws IOException {
    List<String> uploaded = new ArrayList<>();
    List<String> requests = requests();
    for (String request : requests.subList(since, requests.size())) {
      Matcher digest = DIGEST_PARAMETER.matcher(request);
      // An upload ends with the PUT (or a one-shot POST) that names the blob's digest.
      if ((request.startsWith("PUT ") || request.startsWith("POST ")) && digest.find()) {
        uploaded.add(digest.group(1).replace("%3A", ":"));
      }
    }
    return uploaded;
  }

  @Override
  public void close() {
    server.close();
  }

  private HttpResponse<byte[]> get(String path, String accept) throws IOException, InterruptedException {
    HttpResponse<byte[]> response =
        http.send(
            HttpRequest.newBuilder(URI.create("http://" + host + "/v2/" + path)).header("Accept", accept).build(),
            HttpResponse.BodyHandlers.ofByteArray());
    if (response.statusCode() != 200) {
      throw new IOException("GET /v2/" + path + ": HTTP " + response.statusCode() + " " + new String(response.body(), java.nio.charset.StandardCharsets.UTF_8));
    }
    return response;
  }
}
