package dev.kedrovertexai.core.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import dev.kedrovertexai.core.KedroVertexAiException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** What the image needs from a Kedro project's {@code pyproject.toml}. */
final class PyProject {
  static final String FILE = "pyproject.toml";

  private final Path file;
  private final JsonNode root;

  private PyProject(Path file, JsonNode root) {
    this.file = file;
    this.root = root;
  }

  static PyProject read(Path projectDir) throws KedroVertexAiException {
    Path file = projectDir.resolve(FILE);
    if (!Files.isRegularFile(file)) {
      throw new KedroVertexAiException(
          file + " does not exist: the image is built from a Kedro project, whose root holds pyproject.toml"
              + " (set -Dvertexai.projectDir to that root)");
    }
    try {
      return new PyProject(file, new TomlMapper().readTree(file.toFile()));
    } catch (IOException e) {
      throw new KedroVertexAiException("Cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  /** {@code [tool.kedro] source_dir}, where the project's package lives; Kedro's default is {@code src}. */
  String sourceDir() {
    return root.path("tool").path("kedro").path("source_dir").asText("src");
  }

  /** Whether {@code [project] dynamic} lists the dependencies, which are then not in this file. */
  boolean dynamicDependencies() {
    for (JsonNode entry : root.path("project").path("dynamic")) {
      if (entry.asText().equals("dependencies")) {
        return true;
      }
    }
    return false;
  }

  /** {@code [project] dependencies}, if the file lists them. */
  Optional<List<String>> dependencies() throws KedroVertexAiException {
    JsonNode dependencies = root.path("project").path("dependencies");
    if (dependencies.isMissingNode()) {
      return Optional.empty();
    }
    if (!dependencies.isArray()) {
      throw new KedroVertexAiException(file + ": [project] dependencies must be a list of requirement strings");
    }
    List<String> requirements = new ArrayList<>();
    for (JsonNode requirement : dependencies) {
      if (!requirement.isTextual()) {
        throw new KedroVertexAiException(
            file + ": [project] dependencies must be a list of requirement strings, found " + requirement);
      }
      requirements.add(requirement.asText());
    }
    return Optional.of(requirements);
  }
}
