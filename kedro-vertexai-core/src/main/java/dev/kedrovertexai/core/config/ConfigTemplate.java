package dev.kedrovertexai.core.config;

import dev.kedrovertexai.core.KedroVertexAiException;
import java.nio.file.Path;

/** The commented starting {@code conf/base/vertexai.yml} that {@code init} writes. */
public final class ConfigTemplate {
  private ConfigTemplate() {}

  public static Path write(Path projectDir, String projectId, String region, String projectName, boolean force)
      throws KedroVertexAiException {
    throw new UnsupportedOperationException("TODO(config)");
  }
}
