package dev.kedrovertexai.core.template;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kedrovertexai.core.EventLog;
import dev.kedrovertexai.core.KedroVertexAiException;
import dev.kedrovertexai.core.io.AtomicFiles;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import javax.net.ssl.SSLException;

/**
 * Uploads the compiled pipeline to an Artifact Registry repository of the Kubeflow Pipelines format, the way the
 * KFP SDK's {@code RegistryClient.upload_pipeline} does: one {@code POST} to the repository's URL, a {@code
 * multipart/form-data} body with the form field {@code tags} (comma-separated) and the file field {@code content},
 * and {@code Authorization: Bearer <access token>}; the answer is {@code <package>/sha256:<digest>}. Then records
 * the result in {@code template.json}.
 */
public final class TemplateUploader {
  static final String PERMISSION = "artifactregistry.repositories.uploadArtifacts";
  static final String ROLE = "roles/artifactregistry.writer";
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration REQUEST_TIMEOUT = Duration.ofMinutes(5);
  private static final int MAX_MESSAGE = 500;
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final EventLog log;
  private final AccessTokens tokens;
  private final HttpClient http;
  private final Supplier<String> boundaries;

  public TemplateUploader(EventLog log, AccessTokens tokens) {
    // Redirects are not followed: the bearer token goes to the repository's host and nowhere else.
    this(
        log,
        tokens,
        HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).followRedirects(HttpClient.Redirect.NEVER).build(),
        TemplateUploader::randomBoundary);
  }

  TemplateUploader(EventLog log, AccessTokens tokens, HttpClient http, Supplier<String> boundaries) {
    this.log = log;
    this.tokens = tokens;
    this.http = http;
    this.boundaries = boundaries;
  }

  /**
   * Uploads {@code request.pipelineSpec()} and records the result in {@code request.recordFile()}. The record of an
   * earlier upload is removed first, and the new one is written only after the upload succeeded, so a failed upload
   * leaves no record that a run could start from.
   */
  public UploadedTemplate upload(UploadRequest request) throws KedroVertexAiException {
    try {
      Files.deleteIfExists(request.recordFile());
    } catch (IOException e) {
      throw new KedroVertexAiException("Cannot remove " + request.recordFile() + ": " + e.getMessage(), e);
    }
    byte[] content = readPipeline(request.pipelineSpec());
    String pipelineName = pipelineName(content, request.pipelineSpec());
    String url = request.repository().url();
    log.info(
        "Uploading pipeline " + pipelineName + " (" + request.pipelineSpec().getFileName() + ", "
            + content.length + " bytes) to " + url + " with tags " + String.join(", ", request.tags()) + " as "
            + tokens.identity());
    long start = System.nanoTime();
    HttpResponse<String> response = send(request, content);
    UploadedTemplate uploaded = answer(request, response, UploadedTemplate.sha256(content));
    log.info(
        "Uploaded " + uploaded.packageName() + "/" + uploaded.version() + " in "
            + String.format(Locale.ROOT, "%.1f s", (System.nanoTime() - start) / 1e9));
    try {
      AtomicFiles.write(request.recordFile(), uploaded.toJson());
    } catch (IOException e) {
      throw new KedroVertexAiException("Cannot write " + request.recordFile() + ": " + e.getMessage(), e);
    }
    log.info(
        "Recorded it in " + request.recordFile() + ": run-once and schedule in this build start their runs from "
            + uploaded.uri());
    return uploaded;
  }

  private static byte[] readPipeline(Path pipelineSpec) throws KedroVertexAiException {
    try {
      return Files.readAllBytes(pipelineSpec);
    } catch (NoSuchFileException e) {
      throw new KedroVertexAiException(
          "No compiled pipeline to upload: " + pipelineSpec + " does not exist. Run the compile goal first: {build:deploy}"
              + " runs it in the package phase before the upload, or run {goal:compile} before {goal:upload}.",
          e);
    } catch (IOException e) {
      throw new KedroVertexAiException("Cannot read " + pipelineSpec + ": " + e.getMessage(), e);
    }
  }

  /** {@code pipelineInfo.name}, the package Artifact Registry files the template under. */
  static String pipelineName(byte[] content, Path pipelineSpec) throws KedroVertexAiException {
    JsonNode name;
    try {
      name = MAPPER.readTree(content).path("pipelineInfo").path("name");
    } catch (IOException e) {
      throw new KedroVertexAiException(
          pipelineSpec + " is not a compiled pipeline ("
              + (e instanceof JsonProcessingException json ? json.getOriginalMessage() : e.getMessage())
              + "). Run the compile goal again.",
          e);
    }
    if (!name.isTextual() || name.asText().isEmpty()) {
      throw new KedroVertexAiException(
          pipelineSpec + " has no pipelineInfo.name, so it is not a compiled pipeline. Run the compile goal again.");
    }
    return name.asText();
  }

  private HttpResponse<String> send(UploadRequest request, byte[] content) throws KedroVertexAiException {
    String boundary = boundaries.get();
    byte[] body = multipart(boundary, String.join(",", request.tags()), request.pipelineSpec().getFileName().toString(), content);
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(URI.create(request.repository().url()))
            .timeout(REQUEST_TIMEOUT)
            .header("Content-Type", "multipart/form-data; boundary=" + boundary)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    String token = tokens.accessToken();
    if (token != null) {
      builder.header("Authorization", "Bearer " + token);
    }
    try {
      return http.send(builder.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (HttpConnectTimeoutException e) {
      throw unreachable(request, "no connection within " + CONNECT_TIMEOUT.toSeconds() + " s", e);
    } catch (HttpTimeoutException e) {
      throw new KedroVertexAiException(
          "The upload to " + request.repository().url() + " got no answer within " + REQUEST_TIMEOUT.toMinutes()
              + " minutes. Try again; if it persists, check the network between this machine and Artifact Registry.",
          e);
    } catch (IOException e) {
      throw unreachable(request, reason(e), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KedroVertexAiException("The upload to " + request.repository().url() + " was interrupted", e);
    }
  }

  /**
   * The body {@code requests} builds for {@code data={'tags': ...}, files={'content': file}}: the form field first,
   * then the file, named by its file name and without a content type of its own.
   */
  static byte[] multipart(String boundary, String tags, String fileName, byte[] content) {
    ByteArrayOutputStream body = new ByteArrayOutputStream(content.length + 512);
    String tagsPart =
        "--" + boundary + "\r\nContent-Disposition: form-data; name=\"tags\"\r\n\r\n" + tags + "\r\n";
    String filePart =
        "--" + boundary + "\r\nContent-Disposition: form-data; name=\"content\"; filename=\"" + fileName
            + "\"\r\n\r\n";
    body.writeBytes(tagsPart.getBytes(StandardCharsets.UTF_8));
    body.writeBytes(filePart.getBytes(StandardCharsets.UTF_8));
    body.writeBytes(content);
    body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    return body.toByteArray();
  }

  /** The upload's result, or one message for each way it can be refused. */
  UploadedTemplate answer(UploadRequest request, HttpResponse<String> response, String pipelineSha256)
      throws KedroVertexAiException {
    int status = response.statusCode();
    String url = request.repository().url();
    String where = request.repositoryOrigin() == null ? "" : " (run_config.template_repository at " + request.repositoryOrigin() + ")";
    String said = serverMessage(response.body());
    String saidSuffix = said.isEmpty() ? "" : " Artifact Registry said: " + said;
    if (status == 401) {
      throw new KedroVertexAiException(
          "Not authenticated to upload to " + url + ": the credentials of " + tokens.identity() + " were missing,"
              + " expired or rejected. Run `gcloud auth application-default login`, or point"
              + " GOOGLE_APPLICATION_CREDENTIALS at a valid key file." + saidSuffix);
    }
    if (status == 403) {
      throw new KedroVertexAiException(
          "Permission denied: " + tokens.identity() + " may not upload to the repository " + url + where
              + ". Grant it the permission " + PERMISSION + " on the repository (for example with the role " + ROLE
              + ")." + saidSuffix);
    }
    if (status == 404) {
      throw new KedroVertexAiException(
          "The repository " + url + where + " does not exist. Create it as a Kubeflow Pipelines repository (gcloud"
              + " artifacts repositories create " + request.repository().repository() + " --repository-format=kfp"
              + " --location=" + request.repository().location() + " --project=" + request.repository().project()
              + "), or fix run_config.template_repository." + saidSuffix);
    }
    if (status / 100 != 2) {
      throw new KedroVertexAiException(
          "Artifact Registry refused the upload to " + url + where + ": HTTP " + status + "."
              + (said.isEmpty() ? "" : " It said: " + said));
    }
    String[] parts = response.body().trim().split("/");
    if (parts.length != 2 || parts[0].isEmpty() || !UploadedTemplate.VERSION.matcher(parts[1]).matches()) {
      throw new KedroVertexAiException(
          "Unexpected answer from " + url + " to the upload: expected <package>/sha256:<digest>, got '"
              + shortened(response.body().trim()) + "'. Is this the URL of a Kubeflow Pipelines repository?");
    }
    return new UploadedTemplate(url, parts[0], parts[1], request.tags(), pipelineSha256);
  }

  /** The server's own words: Google's JSON error's message, else the body's text, shortened. */
  static String serverMessage(String body) {
    if (body == null || body.isBlank()) {
      return "";
    }
    try {
      JsonNode message = MAPPER.readTree(body).path("error").path("message");
      if (message.isTextual() && !message.asText().isBlank()) {
        return shortened(message.asText().trim());
      }
    } catch (IOException e) {
      // Not JSON: the text as it is.
    }
    return shortened(body.trim().replaceAll("\\s+", " "));
  }

  private static String shortened(String text) {
    return text.length() <= MAX_MESSAGE ? text : text.substring(0, MAX_MESSAGE) + "...";
  }

  private static KedroVertexAiException unreachable(UploadRequest request, String reason, Exception cause) {
    String where = request.repositoryOrigin() == null ? "" : " (run_config.template_repository at " + request.repositoryOrigin() + ")";
    return new KedroVertexAiException(
        "Cannot reach " + request.repository().url() + where + ": " + reason + ". Check the repository's URL (its"
            + " region and project) and this machine's network and proxy settings.",
        cause);
  }

  /** The first thing that went wrong: the HTTP client wraps an unknown host in a ConnectException. */
  private static String reason(IOException e) {
    if (causedBy(e, UnresolvedAddressException.class) || causedBy(e, UnknownHostException.class)) {
      return "its host name is unknown";
    }
    if (causedBy(e, SSLException.class)) {
      return "the TLS handshake failed (" + e.getMessage() + ")";
    }
    if (causedBy(e, ConnectException.class)) {
      return "the connection was refused";
    }
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }

  private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (type.isInstance(cause)) {
        return true;
      }
    }
    return false;
  }

  private static String randomBoundary() {
    byte[] random = new byte[16];
    new SecureRandom().nextBytes(random);
    return HexFormat.of().formatHex(random);
  }
}
