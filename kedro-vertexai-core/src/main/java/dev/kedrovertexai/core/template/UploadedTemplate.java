package dev.kedrovertexai.core.template;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kedrovertexai.core.EventLog;
import dev.kedrovertexai.core.KedroVertexAiException;
import dev.kedrovertexai.core.io.JsonFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The pipeline template {@code vertexai:upload} uploaded, as {@code target/vertexai/template.json} records it: the
 * runs that {@code run-once} and {@code schedule} start later in the same build name it as their {@code
 * template_uri}, by version, so they are pinned to exactly what was uploaded.
 *
 * @param repository the registry host, {@code https://<region>-kfp.pkg.dev/<project>/<repository>}
 * @param packageName the package Artifact Registry filed it under: the pipeline's {@code pipelineInfo.name}
 * @param version what Artifact Registry answered, {@code sha256:<64 hex>}
 * @param tags the tags it was uploaded with
 * @param pipelineSha256 {@code sha256:<hex>} of the uploaded file, to tell whether a later compile still matches it
 */
public record UploadedTemplate(
    String repository, String packageName, String version, List<String> tags, String pipelineSha256) {
  public static final String FILE = "template.json";
  private static final ObjectMapper MAPPER = new ObjectMapper();
  static final Pattern VERSION = Pattern.compile("sha256:[0-9a-f]{64}");

  public UploadedTemplate {
    Objects.requireNonNull(repository, "repository");
    Objects.requireNonNull(packageName, "packageName");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(pipelineSha256, "pipelineSha256");
    tags = List.copyOf(tags);
  }

  /** {@code <repository>/<package>/<version>}: what Vertex AI is given as a job's {@code template_uri}. */
  public String uri() {
    return repository + "/" + packageName + "/" + version;
  }

  /**
   * The {@code template_uri} for a run of {@code pipelineSpec}, the pipeline compiled for it. That must be the file
   * that was uploaded; otherwise the run would name a template that is not what it runs.
   */
  public String uriFor(Path pipelineSpec, Path recordFile, EventLog log) throws KedroVertexAiException {
    String compiled;
    try {
      compiled = sha256(Files.readAllBytes(pipelineSpec));
    } catch (IOException e) {
      throw new KedroVertexAiException("Cannot read " + pipelineSpec + ": " + e.getMessage(), e);
    }
    if (!compiled.equals(pipelineSha256)) {
      throw new KedroVertexAiException(
          pipelineSpec + " is not the pipeline uploaded in this build by {goal:upload} (" + recordFile + " records "
              + uri() + "): it was compiled again with another configuration or pipeline since. Give the upload goal"
              + " and this one the same configuration.");
    }
    log.info("The run starts from the pipeline template uploaded in this build, " + uri());
    return uri();
  }

  public static String sha256(byte[] content) {
    try {
      return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  public String toJson() {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("repository", repository);
    root.put("package", packageName);
    root.put("version", version);
    tags.forEach(root.putArray("tags")::add);
    root.put("template_uri", uri());
    root.put("pipeline_sha256", pipelineSha256);
    return JsonFiles.text(root);
  }

  public static UploadedTemplate read(Path file) throws KedroVertexAiException {
    JsonNode root = JsonFiles.read(file, "run {goal:upload} again");
    String repository = root.path("repository").asText("");
    String packageName = root.path("package").asText("");
    String version = root.path("version").asText("");
    String pipelineSha256 = root.path("pipeline_sha256").asText("");
    if (repository.isEmpty() || packageName.isEmpty() || !VERSION.matcher(version).matches()
        || !VERSION.matcher(pipelineSha256).matches()) {
      throw new KedroVertexAiException(
          file + " is not a template record written by {goal:upload} (it needs repository, package, a sha256 version and"
              + " pipeline_sha256): run {goal:upload} again");
    }
    List<String> tags = new ArrayList<>();
    root.path("tags").forEach(tag -> tags.add(tag.asText()));
    return new UploadedTemplate(repository, packageName, version, tags, pipelineSha256);
  }
}
