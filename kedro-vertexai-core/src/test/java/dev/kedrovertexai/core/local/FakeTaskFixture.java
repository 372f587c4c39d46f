package dev.kedrovertexai.core.local;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kedrovertexai.core.config.ParameterValue;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * A local run without Kedro: the fixture spec's tasks run {@code fake_task.py} (in place of the task runtime),
 * which records its arguments, environment and start and end times under {@code records/}, and sleeps, fails or
 * starts a child process as {@code control.json} says. The project folder holds what an isolated task gets a copy
 * of ({@code conf/}, the package under {@code src/}) next to what it does not ({@link #LEFT_OUT}).
 */
final class FakeTaskFixture {
  static final ObjectMapper MAPPER = new ObjectMapper();
  /** The project's files an isolated task gets a copy of. */
  static final List<String> PROJECT_FILES = List.of("conf/base/parameters.yml", "src/fake_pkg/__init__.py");
  /** The project's files no isolated task gets: not sources, hidden, or left by Python. */
  static final List<String> LEFT_OUT =
      List.of("notes.txt", "data/01_raw/big.csv", "src/.hidden", "src/fake_pkg/__pycache__/x.cpython-311.pyc");
  private static final String SCRIPT_MARK = "@FAKE_TASK@";
  /** Empty once looked for and not found. */
  private static String python3;

  final Path spec;
  final Path projectDir;
  final Path records;
  final Path control;
  final Path runsDir;
  /** Wraps python3 and marks the environment, so a test sees that the spec's python was replaced. */
  final Path localPython;

  private FakeTaskFixture(Path dir) {
    spec = dir.resolve("pipeline.json");
    projectDir = dir.resolve("project");
    records = dir.resolve("records");
    control = dir.resolve("control.json");
    runsDir = dir.resolve("runs");
    localPython = dir.resolve("local-python");
  }

  static FakeTaskFixture create(Path dir, String specResource) throws IOException {
    String python3 = python3();
    assumeTrue(python3 != null, "python3 is needed on PATH to stand in for the task processes");
    FakeTaskFixture fixture = new FakeTaskFixture(dir);
    for (String file : PROJECT_FILES) {
      write(fixture.projectDir.resolve(file), file);
    }
    for (String file : LEFT_OUT) {
      write(fixture.projectDir.resolve(file), file);
    }
    Files.createDirectories(fixture.records);
    Files.writeString(fixture.control, "{}");
    pythonWrapper(fixture.localPython, "#!/bin/sh\nFAKE_VIA_LOCAL_PYTHON=yes exec '" + python3 + "' \"$@\"\n");
    ObjectNode spec = (ObjectNode) MAPPER.readTree(resource(specResource));
    String script = resource("fake_task.py");
    for (JsonNode executor : spec.path("deploymentSpec").path("executors")) {
      ArrayNode command = (ArrayNode) executor.path("container").path("command");
      for (int i = 0; i < command.size(); i++) {
        if (command.get(i).asText().equals(SCRIPT_MARK)) {
          command.set(i, script);
        }
      }
    }
    fixture.writeSpec(spec);
    return fixture;
  }

  private static void write(Path file, String text) throws IOException {
    Files.createDirectories(file.getParent());
    Files.writeString(file, text);
  }

  ObjectNode specJson() throws IOException {
    return (ObjectNode) MAPPER.readTree(spec.toFile());
  }

  void writeSpec(JsonNode json) throws IOException {
    Files.writeString(spec, MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(json));
  }

  /**
   * What each task does: {@code {"sleep": seconds, "fail": true, "exit_code": n, "os_exit": n, "segfault": true,
   * "child_sleep": seconds}}.
   */
  void control(Map<String, Map<String, Object>> behaviour) throws IOException {
    Files.writeString(control, MAPPER.writeValueAsString(behaviour));
  }

  LocalRunRequest request(int parallelism, Map<String, ParameterValue> parameters) {
    return request(parallelism, parameters, localPython.toString());
  }

  /** A request whose tasks run {@code python} in place of the local Python. */
  LocalRunRequest request(int parallelism, Map<String, ParameterValue> parameters, String python) {
    Map<String, String> environment = new HashMap<>(System.getenv());
    environment.put("FAKE_RECORD_DIR", records.toString());
    environment.put("FAKE_CONTROL", control.toString());
    environment.put("FAKE_PARENT", "inherited");
    return LocalRunRequest.builder(spec, projectDir, python, runsDir)
        .parallelism(parallelism)
        .parameters(parameters)
        .environment(environment)
        .build();
  }

  /** A shell script at {@code path} that stands in for a Python, made executable. */
  static Path pythonWrapper(Path path, String script) throws IOException {
    Files.writeString(path, script);
    Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rwxr-xr-x"));
    return path;
  }

  /** The record each task wrote when it started, by task. */
  Map<String, JsonNode> starts() throws IOException {
    return records(".start.json");
  }

  /** The record each task wrote when it ended successfully, by task. */
  Map<String, JsonNode> ends() throws IOException {
    return records(".end.json");
  }

  private Map<String, JsonNode> records(String suffix) throws IOException {
    Map<String, JsonNode> result = new TreeMap<>();
    try (var files = Files.list(records)) {
      for (Iterator<Path> it = files.iterator(); it.hasNext(); ) {
        Path file = it.next();
        String name = file.getFileName().toString();
        if (name.endsWith(suffix)) {
          result.put(name.substring(0, name.length() - suffix.length()), MAPPER.readTree(file.toFile()));
        }
      }
    }
    return result;
  }

  static String resource(String name) throws IOException {
    try (InputStream in = FakeTaskFixture.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IOException("missing test resource " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /**
   * The interpreter behind {@code python3}, resolved once: launchers such as pyenv's shims cost a shell start
   * per task, which adds up over the many processes these tests start.
   */
  private static synchronized String python3() {
    if (python3 == null) {
      python3 = findPython3();
    }
    return python3.isEmpty() ? null : python3;
  }

  private static String findPython3() {
    try {
      Process process =
          new ProcessBuilder("python3", "-c", "import sys; print(sys.executable)")
              .redirectError(ProcessBuilder.Redirect.DISCARD)
              .start();
      String executable = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      boolean ok = process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0 && !executable.isEmpty();
      return ok && !executable.contains("'") ? executable : "";
    } catch (IOException e) {
      return "";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "";
    }
  }
}
