package dev.kedrovertexai.core.description;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.kedrovertexai.core.KedroVertexAiException;
import dev.kedrovertexai.core.RecordingLog;
import dev.kedrovertexai.core.python.PythonScripts;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Failure modes and the process contract, with fake interpreters (shell scripts); no Kedro needed. */
class KedroIntrospectorTest {
  @TempDir Path dir;
  private Path project;
  private final RecordingLog log = new RecordingLog();

  @BeforeEach
  void setUp() throws Exception {
    assumeTrue(Files.isExecutable(Path.of("/bin/sh")), "the fake interpreters are POSIX shell scripts");
    project = Files.createDirectories(dir.resolve("project"));
  }

  private Path fakePython(String body) throws Exception {
    Path python = dir.resolve("fake-python");
    Files.writeString(python, "#!/bin/sh\n" + body + "\n");
    Files.setPosixFilePermissions(python, PosixFilePermissions.fromString("rwxr-xr-x"));
    return python;
  }

  @Test
  void aProjectThatHangsIsStoppedWithEverythingItStarted() throws Exception {
    Path childPid = dir.resolve("child.pid");
    // The "interpreter" starts a process of its own, as project code may, and both hang.
    Path python = fakePython("sleep 300 &\necho $! > " + childPid + "\nsleep 300");

    KedroVertexAiException error =
        assertThrows(
            KedroVertexAiException.class,
            () -> new KedroIntrospector(log, Duration.ofSeconds(2)).describe(python.toString(), project, "local"));

    assertTrue(error.getMessage().contains("did not finish within 2s"), error.getMessage());
    ProcessHandle child = ProcessHandle.of(Long.parseLong(Files.readString(childPid).strip())).orElse(null);
    assertTrue(child == null || child.onExit().get(5, TimeUnit.SECONDS) != null, "the started process is gone");
    assertFalse(child != null && child.isAlive());
  }

  @Test
  void aMissingInterpreterIsNamedWithTheWaysToChooseAnother() {
    String python = dir.resolve("no/such/python").toString();

    KedroVertexAiException error =
        assertThrows(
            KedroVertexAiException.class, () -> new KedroIntrospector(log).describe(python, project, "local"));

    String message = error.getMessage();
    assertTrue(message.startsWith("Cannot run the Python interpreter '" + python + "'"), message);
    assertTrue(message.contains("No such file or directory"), message);
    assertTrue(
        message.contains(
            "set {param:python=<path>} or KEDRO_PYTHON, or compile from a saved description with"
                + " {param:pipelineDescription=<file>}"),
        message);
    assertFalse(message.contains("at java."), "no stack trace in the message");
  }

  @Test
  void aPythonErrorShowsTheInterpretersOwnLastErrorAndAHint() throws Exception {
    Path python =
        fakePython(
            "cat >&2 <<'TRACE'\n"
                + "Traceback (most recent call last):\n"
                + "  File \"<string>\", line 97, in describe\n"
                + "    from kedro import __version__ as kedro_version\n"
                + "ModuleNotFoundError: No module named 'kedro'\n"
                + "TRACE\n"
                + "exit 1");

    KedroVertexAiException error =
        assertThrows(
            KedroVertexAiException.class,
            () -> new KedroIntrospector(log).describe(python.toString(), project, "local"));

    String message = error.getMessage();
    assertTrue(message.contains("failed (exit code 1):\n  ModuleNotFoundError: No module named 'kedro'\n"), message);
    assertFalse(message.contains("Traceback"), "only the error itself, the trace is in the debug log: " + message);
    assertTrue(message.contains("Hint: this interpreter has no Kedro"), message);
    assertTrue(message.contains("{param:python=<path>}"), message);
    assertTrue(log.lines().contains("DEBUG [python] Traceback (most recent call last):"), log::text);
  }

  @Test
  void aMultiLineKedroErrorIsKeptWhole() throws Exception {
    Path python =
        fakePython(
            "echo 'INFO  Kedro project spaceflights' >&2\n"
                + "echo 'kedro.io.core.DatasetError: Failed while loading data from dataset CSVDataset.' >&2\n"
                + "echo '[Errno 2] No such file or directory: data/01_raw/companies.csv' >&2\n"
                + "exit 2");

    KedroVertexAiException error =
        assertThrows(
            KedroVertexAiException.class,
            () -> new KedroIntrospector(log).describe(python.toString(), project, "local"));

    assertTrue(
        error.getMessage().contains(
            "(exit code 2):\n  kedro.io.core.DatasetError: Failed while loading data from dataset CSVDataset.\n"
                + "  [Errno 2] No such file or directory: data/01_raw/companies.csv\nHint: check that `kedro run`"
                + " works in " + project),
        error.getMessage());
  }

  @Test
  void runsTheShippedScriptInTheProjectAndParsesItsOutput() throws Exception {
    Path args = dir.resolve("args.txt");
    Path cwd = dir.resolve("cwd.txt");
    String tiny;
    try (InputStream in = getClass().getResourceAsStream("tiny-description.json")) {
      tiny = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    Path json = Files.writeString(dir.resolve("out.json"), tiny);
    Path python =
        fakePython(
            "for a in \"$@\"; do printf '%s\\n--END--\\n' \"$a\"; done > '" + args + "'\n"
                + "pwd > '" + cwd + "'\n"
                + "echo \"$PYTHONDONTWRITEBYTECODE\" > '" + dir.resolve("bytecode.txt") + "'\n"
                + "echo 'some Kedro logging' >&2\n"
                + "cat '" + json + "'");

    PipelineDescription description = new KedroIntrospector(log).describe(python.toString(), project, "prod");

    assertEquals("tiny", description.projectName());
    List<String> passed = List.of(Files.readString(args).split("\n--END--\n"));
    assertEquals("-c", passed.get(0));
    assertEquals(PythonScripts.describeScript().stripTrailing(), passed.get(1).stripTrailing());
    assertEquals(
        List.of("--project-dir", project.toAbsolutePath().toString(), "--env", "prod"), passed.subList(2, 6));
    assertEquals(project.toRealPath().toString(), Files.readString(cwd).strip());
    assertTrue(log.lines().contains("DEBUG [python] some Kedro logging"), log::text);
    assertEquals("1", Files.readString(dir.resolve("bytecode.txt")).strip(), "no __pycache__ left in the project");
  }

  @Test
  void outputThatIsNotADescriptionIsReportedAsSuch() throws Exception {
    Path python = fakePython("echo 'hello from a sitecustomize print'");

    KedroVertexAiException error =
        assertThrows(
            KedroVertexAiException.class,
            () -> new KedroIntrospector(log).describe(python.toString(), project, "local"));

    assertTrue(error.getMessage().contains("is not valid JSON"), error.getMessage());
    assertTrue(error.getMessage().contains("the description printed by " + python), error.getMessage());
  }

  @Test
  void silenceIsAnError() throws Exception {
    Path python = fakePython("exit 0");

    KedroVertexAiException error =
        assertThrows(
            KedroVertexAiException.class,
            () -> new KedroIntrospector(log).describe(python.toString(), project, "local"));

    assertTrue(error.getMessage().contains("printed no pipeline description"), error.getMessage());
  }
}
