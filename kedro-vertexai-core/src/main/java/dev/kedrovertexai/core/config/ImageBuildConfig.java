package dev.kedrovertexai.core.config;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * {@code run_config.image_build}: how {@code vertexai:image} builds {@code run_config.image}. Without a base image
 * ({@link #NONE}) no image is built and builds stay as they were.
 *
 * @param baseImage the image the task image is built on, e.g. {@code python:3.11-slim}; null: no image is built
 * @param pythonVersion the base image's Python ({@code 3.11} or {@code 3.11.9}), for which the dependencies are
 *     installed; null: the {@code PYTHON_VERSION} the base image declares
 */
public record ImageBuildConfig(String baseImage, String pythonVersion) {
  public static final ImageBuildConfig NONE = new ImageBuildConfig(null, null);

  private static final Pattern PYTHON_VERSION = Pattern.compile("3\\.\\d{1,2}(\\.\\d{1,3})?");

  /** Whether an image is to be built. */
  public boolean enabled() {
    return baseImage != null;
  }

  /** Why {@code value} is not a Python version pip takes for {@code --python-version}, if it is not. */
  public static Optional<String> checkPythonVersion(String value) {
    return PYTHON_VERSION.matcher(value).matches()
        ? Optional.empty()
        : Optional.of("'" + value + "' is not a Python 3 version; expected e.g. '3.11' or '3.11.9' (quoted)");
  }
}
