package dev.kedrovertexai.core.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kedrovertexai.core.KedroVertexAiException;
import dev.kedrovertexai.core.config.VertexAiConfig;
import dev.kedrovertexai.core.io.JsonFiles;
import java.nio.file.Path;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The image {@code vertexai:image} built, as {@code target/vertexai/image.json} records it once the image is
 * pushed (or written): a compile in the same build names the image by this digest, so a run is pinned to exactly
 * what was built.
 *
 * @param image {@code run_config.image} as configured, e.g. {@code europe-west4-docker.pkg.dev/p/r/app:latest}
 * @param digest the manifest digest, {@code sha256:<64 hex>}
 * @param baseImage the base image as configured
 * @param baseImageDigest the digest of the (linux/amd64) base image it was built on
 * @param tarball the OCI tarball written instead of pushing, or null when the image was pushed
 */
public record BuiltImage(String image, String digest, String baseImage, String baseImageDigest, String tarball) {
  public static final String FILE = "image.json";
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Pattern DIGEST = Pattern.compile("sha256:[0-9a-f]{64}");

  public BuiltImage {
    Objects.requireNonNull(image, "image");
    Objects.requireNonNull(digest, "digest");
    Objects.requireNonNull(baseImage, "baseImage");
    Objects.requireNonNull(baseImageDigest, "baseImageDigest");
  }

  /** The image by digest, {@code <registry>/<repository>@sha256:...}: what the compiled pipeline names. */
  public String reference() {
    return byDigest(image, digest);
  }

  /** {@code image} without its tag or digest, followed by {@code @digest}. */
  static String byDigest(String image, String digest) {
    String name = image.contains("@") ? image.substring(0, image.indexOf('@')) : image;
    // A colon after the last slash starts the tag; one before it belongs to the registry's port.
    if (name.lastIndexOf(':') > name.lastIndexOf('/')) {
      name = name.substring(0, name.lastIndexOf(':'));
    }
    return name + "@" + digest;
  }

  /**
   * The reference a compile with {@code config} writes into the pipeline: this image by digest. The image must be
   * the one {@code config} runs; otherwise the compile would pin a run to another image than it names.
   */
  public String pinnedFor(VertexAiConfig config, Path file) throws KedroVertexAiException {
    String configured = config.runConfig().image();
    if (!image.equals(configured)) {
      throw new KedroVertexAiException(
          file + " records the image built in this build by {goal:image}, " + image + ", but run_config.image is "
              + configured + " (" + config.originOf("run_config.image") + "): give both goals the same"
              + " configuration");
    }
    return reference();
  }

  public String toJson() {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("image", image);
    root.put("reference", reference());
    root.put("digest", digest);
    root.put("base_image", baseImage);
    root.put("base_image_digest", baseImageDigest);
    if (tarball != null) {
      root.put("tarball", tarball);
    }
    return JsonFiles.text(root);
  }

  public static BuiltImage read(Path file) throws KedroVertexAiException {
    JsonNode root = JsonFiles.read(file, "run {goal:image} again");
    String image = root.path("image").asText("");
    String digest = root.path("digest").asText("");
    if (image.isEmpty() || !DIGEST.matcher(digest).matches()) {
      throw new KedroVertexAiException(
          file + " is not an image record written by {goal:image} (it needs image and a sha256 digest): run"
              + " {goal:image} again");
    }
    return new BuiltImage(
        image,
        digest,
        root.path("base_image").asText(""),
        root.path("base_image_digest").asText(""),
        root.hasNonNull("tarball") ? root.get("tarball").asText() : null);
  }
}
