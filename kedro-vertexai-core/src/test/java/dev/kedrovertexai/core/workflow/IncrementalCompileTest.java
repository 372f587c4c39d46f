package dev.kedrovertexai.core.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.kedrovertexai.core.RecordingLog;
import dev.kedrovertexai.core.description.DescriptionFingerprint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A compile from live introspection reuses the last description while nothing it was made from changed, and leaves
 * the output folder untouched when nothing would change; any change of an input describes anew. The interpreter is
 * a fake (a shell script in a fake virtualenv) that counts its runs and prints a fixed description.
 */
class IncrementalCompileTest {
  private static final String DESCRIPTION =
      """
      {
        "format_version": 2, "project_name": "tiny", "package_name": "tiny", "kedro_version": "1.7.0", "env": "local",
        "pipelines": {"__default__": {"nodes": [
          {"name": "make", "namespace": null, "tags": [], "inputs": ["raw"], "outputs": ["made"]},
          {"name": "use", "namespace": null, "tags": [], "inputs": ["made"], "outputs": ["result"]}
        ]}},
        "datasets": {
          "made": {"entry": null, "type": "kedro.io.MemoryDataset", "in_memory": true, "protocol": null, "path": null},
          "raw": {"entry": "raw", "type": "pandas.CSVDataset", "in_memory": false, "protocol": "file", "path": "data/01_raw/raw.csv"},
          "result": {"entry": "result", "type": "pandas.CSVDataset", "in_memory": false, "protocol": "gs", "path": "bucket/result.csv"}},
        "parameters": []
      }
      """;

  @TempDir Path dir;
  private Path project;
  private Path venv;
  private Path runs;
  private final RecordingLog log = new RecordingLog();

  @BeforeEach
  void writeProjectAndInterpreter() throws IOException {
    assumeTrue(Files.isExecutable(Path.of("/bin/sh")), "the fake interpreter is a POSIX shell script");
    project = Files.createDirectories(dir.resolve("project"));
    Files.writeString(project.resolve("pyproject.toml"), "[tool.kedro]\nproject_name = \"tiny\"\nsource_dir = \"src\"\n");
    Files.createDirectories(project.resolve("src/tiny"));
    Files.writeString(project.resolve("src/tiny/pipeline_registry.py"), "def register_pipelines():\n    return {}\n");
    Files.createDirectories(project.resolve("conf/local"));
    Files.createDirectories(project.resolve("conf/base"));
    Files.writeString(
        project.resolve("conf/base/vertexai.yml"),
        "project_id: my-project\nregion: europe-west4\nrun_config:\n  image: gcr.io/my-project/app:1\n  root: my-bucket/runs\n");
    venv = dir.resolve("venv");
    Files.createDirectories(venv.resolve("bin"));
    Files.createDirectories(venv.resolve("lib/python3.11/site-packages/kedro-1.7.0.dist-info"));
    Files.writeString(venv.resolve("pyvenv.cfg"), "home = /usr/bin\n");
    Files.writeString(dir.resolve("description.json"), DESCRIPTION);
    runs = dir.resolve("runs.txt");
    Path python = venv.resolve("bin/python");
    Files.writeString(python, "#!/bin/sh\necho run >> " + runs + "\ncat " + dir.resolve("description.json") + "\n");
    Files.setPosixFilePermissions(python, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  @Test
  void nothingChangedReusesTheDescriptionAndLeavesTheFilesAsTheyWere() throws Exception {
    compile();
    Map<String, FileTime> written = timestamps();
    assertEquals(1, introspections());

    compile();

    assertEquals(1, introspections(), "no Python ran");
    assertEquals(written, timestamps(), "same files, same timestamps");
    assertEquals(1, log.matching("Reusing the pipeline description").size(), log.text());
    assertEquals(1, log.matching("is up to date: this compile gives the same files").size(), log.text());
  }

  @Test
  void eachKindOfInputDescribesAnew() throws Exception {
    compile();
    Map<String, ThrowingRunnable> changes = new TreeMap<>();
    changes.put("1 pyproject.toml", () -> append(project.resolve("pyproject.toml"), "# edited\n"));
    changes.put("2 a source file", () -> append(project.resolve("src/tiny/pipeline_registry.py"), "# edited\n"));
    changes.put("3 a new source file", () -> Files.writeString(project.resolve("src/tiny/nodes.py"), "x = 1\n"));
    changes.put("4 conf/base", () -> Files.writeString(project.resolve("conf/base/catalog.yml"), "a: {type: x}\n"));
    changes.put("5 conf/<env>", () -> Files.writeString(project.resolve("conf/local/parameters.yml"), "p: 1\n"));
    changes.put(
        "6 the interpreter's packages",
        () -> {
          Path site = venv.resolve("lib/python3.11/site-packages");
          Files.move(site.resolve("kedro-1.7.0.dist-info"), site.resolve("kedro-1.7.1.dist-info"));
        });
    int expected = 1;
    for (Map.Entry<String, ThrowingRunnable> change : changes.entrySet()) {
      change.getValue().run();
      compile();
      assertEquals(++expected, introspections(), "after changing " + change.getKey());
      compile();
      assertEquals(expected, introspections(), "and reused right after " + change.getKey());
    }
  }

  @Test
  void thePluginVersionAndTheEnvArePartOfTheFingerprint() throws Exception {
    Map<String, String> environment = Map.of("PATH", "/usr/bin");
    String python = venv.resolve("bin/python").toString();
    String base = DescriptionFingerprint.of(project, "local", python, environment, "1.0.0");

    assertEquals(base, DescriptionFingerprint.of(project, "local", python, environment, "1.0.0"));
    assertTrue(!base.equals(DescriptionFingerprint.of(project, "local", python, environment, "1.0.1")));
    assertTrue(!base.equals(DescriptionFingerprint.of(project, "prod", python, environment, "1.0.0")));
    assertTrue(!base.equals(DescriptionFingerprint.of(project, "local", "/other/python", environment, "1.0.0")));
  }

  @Test
  void theProjectIdKedroTelemetryWritesIntoPyprojectChangesNothing() throws Exception {
    Map<String, String> environment = Map.of("PATH", "/usr/bin");
    String python = venv.resolve("bin/python").toString();
    String before = DescriptionFingerprint.of(project, "local", python, environment, "1.0.0");

    append(project.resolve("pyproject.toml"), "\n[tool.kedro_telemetry]\nproject_id = \"1f2e3d\"\n");
    assertEquals(before, DescriptionFingerprint.of(project, "local", python, environment, "1.0.0"));

    append(project.resolve("pyproject.toml"), "\n[tool.other]\nx = 1\n");
    assertTrue(!before.equals(DescriptionFingerprint.of(project, "local", python, environment, "1.0.0")));
  }

  @Test
  void aSavedDescriptionIsNeverFingerprinted() throws Exception {
    Files.writeString(project.resolve("saved.json"), DESCRIPTION);
    new CompileWorkflow(log).compile(settings(project.resolve("saved.json")));

    assertEquals(0, introspections());
    assertTrue(!Files.exists(project.resolve("target/vertexai/pipeline-description.fingerprint")));
  }

  private interface ThrowingRunnable {
    void run() throws Exception;
  }

  private static void append(Path file, String text) throws IOException {
    Files.writeString(file, Files.readString(file) + text);
  }

  private void compile() throws Exception {
    new CompileWorkflow(log).compile(settings(null));
  }

  private ProjectSettings settings(Path saved) {
    Map<String, String> environment = new HashMap<>(System.getenv());
    return new ProjectSettings(
        project,
        project.resolve("target/vertexai"),
        "local",
        "__default__",
        venv.resolve("bin/python").toString(),
        saved,
        List.of(),
        environment);
  }

  private int introspections() throws IOException {
    return Files.exists(runs) ? Files.readAllLines(runs).size() : 0;
  }

  private Map<String, FileTime> timestamps() throws IOException {
    Map<String, FileTime> times = new TreeMap<>();
    try (Stream<Path> files = Files.list(project.resolve("target/vertexai"))) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        times.put(file.getFileName().toString(), Files.getLastModifiedTime(file));
      }
    }
    return times;
  }
}
