package dev.kedrovertexai.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * test-env/provision.py on pins made for each case, with its own cache: a failed set-up is reported with the
 * tool's own error and what to do (failing in CI, leaving a reason for the tests to skip with elsewhere), and a
 * half-made environment is never reused.
 */
class ProvisionScriptTest {
  private static final Path SCRIPT = repository().resolve("test-env/provision.py");

  @TempDir Path dir;

  private record Result(int exitCode, String output, JsonNode environment) {}

  @Test
  void aPackageIndexThatCannotBeReachedFailsInCiWithPipsOwnError() throws Exception {
    pins("python-broken.txt", "no-such-package-for-this-test==1.0\n");

    Result result = provision(true, noPackageIndex());

    assertEquals(1, result.exitCode(), result.output());
    assertTrue(result.output().contains("broken: pip could not install"), result.output());
    assertTrue(result.output().contains("No matching distribution found for no-such-package-for-this-test"), result.output());
    assertTrue(result.output().contains("Check that this machine reaches the Python package index"), result.output());
    assertTrue(result.output().contains("CI=true"), result.output());
    assertFalse(result.output().contains("Traceback"), result.output());
    assertTrue(result.environment().path("broken").has("unavailable"), result.environment().toString());
    assertEquals(List.of(), completeEnvironments(), "nothing half made is left in the cache");
  }

  @Test
  void elsewhereAFailedSetUpLeavesTheReasonForTheTestsToSkipWith() throws Exception {
    pins("python-broken.txt", "no-such-package-for-this-test==1.0\n");

    Result result = provision(false, noPackageIndex());

    assertEquals(0, result.exitCode(), result.output());
    assertTrue(result.output().contains("will be skipped, each saying why"), result.output());
    assertEquals(
        "broken: pip could not install "
            + dir.resolve("pins/python-broken.txt")
            + " (exit code 1): ERROR: No matching distribution found for no-such-package-for-this-test==1.0",
        result.environment().path("broken").path("unavailable").asText());
  }

  @Test
  void aGoToolThatCannotBeBuiltIsReportedWithGosOwnError() throws Exception {
    pins("go-tools.txt", "# name module@version\nnothing example.invalid/nothing@v0.0.1\n");

    Result result = provision(true, Map.of("GOPROXY", "off"));

    assertEquals(1, result.exitCode(), result.output());
    assertTrue(result.output().contains("nothing: go install example.invalid/nothing@v0.0.1 failed"), result.output());
    assertTrue(result.output().contains("module lookup disabled by GOPROXY=off"), result.output());
    assertTrue(result.output().contains("Check that this machine reaches the Go module proxy"), result.output());
  }

  @Test
  void aHalfMadeEnvironmentIsMadeAgainAndAFinishedOneIsReused() throws Exception {
    pins("python-empty.txt", "# no requirements: a bare venv\n");
    Result first = provision(true, Map.of());
    assertEquals(0, first.exitCode(), first.output());
    Path python = Path.of(first.environment().path("empty").path("path").asText());
    assertTrue(Files.isExecutable(python), python.toString());
    Path made = python.getParent().getParent().toRealPath();

    // As an interrupted set-up leaves it: files, but no completion marker.
    Files.delete(made.resolve(".complete"));
    Files.writeString(made.resolve("left-over"), "from the interrupted set-up");
    Result second = provision(true, Map.of());

    assertEquals(0, second.exitCode(), second.output());
    assertTrue(second.output().contains("was left half made by an interrupted set-up; making it again"), second.output());
    assertFalse(Files.exists(made.resolve("left-over")));
    assertTrue(Files.exists(made.resolve(".complete")));

    Result third = provision(true, Map.of());
    assertTrue(third.output().contains("empty: reusing " + made), third.output());
    assertFalse(third.output().contains("installing"), third.output());
  }

  private Map<String, String> noPackageIndex() {
    // No configured mirror or local wheels: only an index on a closed loopback port.
    Map<String, String> environment = new HashMap<>();
    environment.put("PIP_INDEX_URL", "http://127.0.0.1:9/simple");
    environment.put("PIP_FIND_LINKS", null);
    environment.put("PIP_CONFIG_FILE", "/dev/null");
    environment.put("PIP_RETRIES", "0");
    environment.put("PIP_TIMEOUT", "2");
    return environment;
  }

  private void pins(String file, String content) throws IOException {
    Files.writeString(Files.createDirectories(dir.resolve("pins")).resolve(file), content);
  }

  private List<Path> completeEnvironments() throws IOException {
    Path python = dir.resolve("cache/python");
    if (!Files.isDirectory(python)) {
      return List.of();
    }
    try (Stream<Path> entries = Files.list(python)) {
      return entries.filter(entry -> Files.isDirectory(entry)).toList();
    }
  }

  private Result provision(boolean ci, Map<String, String> environment) throws Exception {
    Path out = dir.resolve("out");
    ProcessBuilder builder =
        new ProcessBuilder(
                "python3", SCRIPT.toString(), "--out", out.toString(), "--pins", dir.resolve("pins").toString())
            .redirectErrorStream(true);
    Map<String, String> variables = new HashMap<>(builder.environment());
    environment.forEach((name, value) -> {
      if (value == null) {
        variables.remove(name);
      } else {
        variables.put(name, value);
      }
    });
    variables.put("KEDRO_VERTEXAI_TEST_CACHE", dir.resolve("cache").toString());
    if (ci) {
      variables.put("CI", "true");
    } else {
      variables.remove("CI");
    }
    builder.environment().clear();
    builder.environment().putAll(variables);
    Process process = builder.start();
    process.getOutputStream().close();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(process.waitFor(3, TimeUnit.MINUTES), output);
    Path json = out.resolve("environment.json");
    JsonNode found = Files.exists(json) ? new ObjectMapper().readTree(json.toFile()) : null;
    return new Result(process.exitValue(), output, found);
  }

  private static Path repository() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.isRegularFile(dir.resolve("test-env/provision.py"))) {
      dir = dir.getParent();
    }
    if (dir == null) {
      throw new IllegalStateException("test-env/provision.py is not in a folder above " + Path.of("").toAbsolutePath());
    }
    return dir;
  }
}
