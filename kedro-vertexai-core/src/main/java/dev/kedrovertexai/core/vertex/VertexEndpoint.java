package dev.kedrovertexai.core.vertex;

import dev.kedrovertexai.core.KedroVertexAiException;

/**
 * Where the Vertex AI clients connect: a {@code host:port} gRPC target and whether it is a plaintext emulator.
 */
public record VertexEndpoint(String target, boolean plaintext) {

  /** {@code override} as the user gave it ({@code vertexai.endpoint}), or the regional endpoint when null. */
  public static VertexEndpoint resolve(String override, String region) throws KedroVertexAiException {
    if (override == null || override.isBlank()) {
      return new VertexEndpoint(region + "-aiplatform.googleapis.com:443", false);
    }
    String value = override.trim();
    boolean plaintext = value.startsWith("http://");
    if (plaintext) {
      value = value.substring("http://".length());
    } else if (value.startsWith("https://")) {
      value = value.substring("https://".length());
    }
    if (value.endsWith("/")) {
      value = value.substring(0, value.length() - 1);
    }
    if (value.isEmpty() || value.contains("/")) {
      throw new KedroVertexAiException(
          "{param:endpoint}: '"
              + override
              + "' is not an endpoint; expected host:port, https://host:port, or http://host:port for a"
              + " plaintext emulator");
    }
    int colon = value.lastIndexOf(':');
    if (colon < 0) {
      value = value + (plaintext ? ":80" : ":443");
    }
    return new VertexEndpoint(value, plaintext);
  }
}
