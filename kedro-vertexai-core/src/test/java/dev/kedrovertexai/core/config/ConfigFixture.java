package dev.kedrovertexai.core.config;

import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.kedrovertexai.core.KedroVertexAiException;
import dev.kedrovertexai.core.ProblemsException;
import dev.kedrovertexai.core.RecordingLog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** A Kedro project directory with conf files, and a loader whose log is kept for assertions. */
final class ConfigFixture {
  static final String VALID_BASE =
      """
      project_id: my-project
      region: europe-west4
      run_config:
        image: gcr.io/my-project/app:1
        root: my-bucket/runs
      """;

  final Path projectDir;
  private final RecordingLog log = new RecordingLog();
  Map<String, String> environment = Map.of();

  ConfigFixture(Path projectDir) {
    this.projectDir = projectDir;
  }

  ConfigFixture file(String relativePath, String content) {
    try {
      Path file = projectDir.resolve(relativePath);
      Files.createDirectories(file.getParent());
      Files.writeString(file, content, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return this;
  }

  ConfigFixture base(String content) {
    return file("conf/base/vertexai.yml", content);
  }

  /** The base config with {@code runConfigLines} appended under run_config (each indented by two spaces). */
  ConfigFixture baseWith(String runConfigLines) {
    StringBuilder text = new StringBuilder(VALID_BASE);
    for (String line : runConfigLines.split("\n", -1)) {
      if (!line.isEmpty()) {
        text.append("  ").append(line).append('\n');
      }
    }
    return base(text.toString());
  }

  ConfigFixture env(Map<String, String> environment) {
    this.environment = environment;
    return this;
  }

  VertexAiConfig load(String env, List<ConfigOverride> overrides) throws KedroVertexAiException {
    return new ConfigLoader(environment, log).load(projectDir, env, overrides);
  }

  /** The warnings of every load so far, without their level. */
  List<String> warnings() {
    return log.lines().stream().filter(line -> line.startsWith("WARN ")).map(line -> line.substring(5)).toList();
  }

  /** The info lines of every load so far, without their level. */
  List<String> infos() {
    return log.infos();
  }

  VertexAiConfig load() throws KedroVertexAiException {
    return load("local", List.of());
  }

  /** The problems of a load that must fail, each as {@code origin: key: message}. */
  List<String> problems(String env, List<ConfigOverride> overrides) {
    ProblemsException e = assertThrows(ProblemsException.class, () -> load(env, overrides));
    return e.problems().stream().map(Object::toString).toList();
  }

  List<String> problems() {
    return problems("local", List.of());
  }
}
