package dev.kedrovertexai.core.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kedrovertexai.core.RecordingLog;
import dev.kedrovertexai.core.config.ParameterType;
import dev.kedrovertexai.core.config.ParameterValue;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Local runs of a hand-written spec whose tasks run a fake task runtime: prepare -> 4 branches -> report. */
class LocalRunnerTest {
  private static final List<String> TASKS =
      List.of("prepare", "branch-a", "branch-b", "branch-c", "branch-d", "report");
  private static final List<String> BRANCHES = TASKS.subList(1, 5);
  private static final Instant NOW = Instant.parse("2026-01-02T03:04:05Z");

  @TempDir Path dir;

  private final RecordingLog log = new RecordingLog();

  private LocalRunner runner() {
    return new LocalRunner(
        log, Clock.fixed(NOW, ZoneOffset.UTC), new SplittableRandom(7), Duration.ofSeconds(2));
  }

  private FakeTaskFixture fixture() throws IOException {
    return FakeTaskFixture.create(dir, "fan-pipeline.json");
  }

  @Test
  void runsEveryTaskAfterItsDependenciesWithPlaceholdersFilledAsVertexWould() throws Exception {
    FakeTaskFixture fixture = fixture();
    fixture.control(sleepAll(0.2));

    LocalRunResult result = runner().run(fixture.request(4, Map.of()));

    assertTrue(result.jobName().startsWith("fan-pipeline-20260102030405-"), result.jobName());
    assertEquals(fixture.runsDir.toAbsolutePath().resolve(result.jobName()), result.runDir());
    assertEquals(TASKS, result.tasks().stream().map(TaskOutcome::task).toList());
    result.tasks().forEach(task -> assertEquals(TaskState.SUCCEEDED, task.state(), task.task()));
    assertTrue(result.tasks().stream().allMatch(task -> task.exitCode() == 0));

    Map<String, JsonNode> starts = fixture.starts();
    Map<String, JsonNode> ends = fixture.ends();
    assertEquals(new HashSet<>(TASKS), ends.keySet());
    for (String branch : BRANCHES) {
      assertStartsAfter(starts.get(branch), ends.get("prepare"));
      assertStartsAfter(starts.get("report"), ends.get(branch));
    }

    String rootUri = "file://" + result.runDir().resolve("root");
    Set<String> runIds = new HashSet<>();
    Set<String> taskUuids = new HashSet<>();
    for (String task : TASKS) {
      JsonNode record = starts.get(task);
      JsonNode env = record.get("env");
      assertEquals(rootUri, record.at("/options/root").asText(), "--root replaced by the local root");
      assertEquals(rootUri, env.get("FAKE_ROOT").asText(), "{{$.pipeline_root}}");
      assertEquals(result.jobName(), env.get("KEDRO_CONFIG_JOB_NAME").asText());
      assertEquals("example-project", env.get("GCP_PROJECT_ID").asText());
      assertEquals("inherited", env.get("FAKE_PARENT").asText(), "the parent environment reaches tasks");
      assertEquals("yes", env.get("FAKE_VIA_LOCAL_PYTHON").asText(), "the spec's python is the local one");
      assertEquals(result.taskDir(task).toRealPath().toString(), record.get("cwd").asText(), "its own folder");
      assertEquals("__default__", record.at("/options/pipeline").asText());
      runIds.add(env.get("KEDRO_CONFIG_RUN_ID").asText());
      taskUuids.add(env.get("FAKE_TASK_UUID").asText());
    }
    assertEquals(1, runIds.size(), "one {{$.pipeline_job_uuid}} for the whole run");
    assertTrue(runIds.iterator().next().matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}"));
    assertEquals(TASKS.size(), taskUuids.size(), "a {{$.pipeline_task_uuid}} per task");
    assertFalse(taskUuids.containsAll(runIds));

    JsonNode prepare = starts.get("prepare");
    assertEquals("[\"preprocess_companies_node\", \"preprocess_shuttles_node\"]", prepare.at("/options/nodes").asText());
    assertEquals("[\"companies\", \"shuttles\"]", prepare.at("/options/stored").asText());
    Map<String, List<String>> defaults = new TreeMap<>();
    defaults.put("epochs", List.of("int", "3"));
    defaults.put("features", List.of("list", "[\"a\",\"b\"]"));
    defaults.put("label", List.of("string", "base"));
    defaults.put("learning_rate", List.of("float", "0.1"));
    defaults.put("options", List.of("dict", "{\"a\":true,\"z\":1}"));
    defaults.put("verbose", List.of("bool", "false"));
    assertEquals(defaults, params(prepare));
  }

  @Test
  void eachTaskRunsInItsOwnCopyOfTheProjectAndWhatTheyWroteIsGathered() throws Exception {
    FakeTaskFixture fixture = fixture();

    LocalRunResult result = runner().run(fixture.request(4, Map.of()));

    for (String task : TASKS) {
      Path folder = result.taskDir(task);
      for (String file : FakeTaskFixture.PROJECT_FILES) {
        assertEquals(file, Files.readString(folder.resolve(file)), task + " has its copy of " + file);
      }
      for (String file : FakeTaskFixture.LEFT_OUT) {
        assertFalse(Files.exists(folder.resolve(file)), task + " has no " + file);
      }
      assertEquals(
          List.of("conf", "src"),
          names(fixture.starts().get(task).get("files")),
          task + " sees neither what the project holds beyond its sources nor what other tasks wrote");
      assertEquals(task, Files.readString(result.outputsDir().resolve("written-by-" + task + ".txt")));
    }
    assertEquals(
        TASKS.stream().map(task -> "written-by-" + task + ".txt").sorted().toList(),
        fileNames(result.outputsDir()),
        "only what the tasks wrote, not the copies they were given");
    assertFalse(Files.exists(fixture.projectDir.resolve("written-by-prepare.txt")), "nothing written to the project");
    assertTrue(
        log.infos().contains("Each task runs in its own copy of the project, under " + result.runDir().resolve("tasks")),
        log.infos().toString());
  }

  @Test
  void whenTheProjectsInputsCannotBeFoundTheTasksRunWithoutThemAndTheRunSaysWhy() throws Exception {
    FakeTaskFixture fixture = fixture();
    // A Kedro project's marker, in a project this python3 (without Kedro) cannot read.
    Files.writeString(fixture.projectDir.resolve("pyproject.toml"), "[tool.kedro]\nproject_name = \"fake\"\n");

    LocalRunResult result = runner().run(fixture.request(4, Map.of()));

    assertTrue(result.succeeded());
    List<String> warnings = log.matching("Cannot tell which local files the pipeline only reads");
    assertEquals(1, warnings.size(), log.text());
    Path inputsLog = result.runDir().resolve("project-inputs.log");
    assertTrue(warnings.get(0).contains("so the tasks get none of them; see " + inputsLog), warnings.get(0));
    assertTrue(warnings.get(0).endsWith("ModuleNotFoundError: No module named 'kedro'"), warnings.get(0));
    assertTrue(Files.readString(inputsLog).contains("No module named 'kedro'"));
    for (String task : TASKS) {
      assertTrue(Files.isRegularFile(result.taskDir(task).resolve("pyproject.toml")), task);
    }
  }

  @Test
  void aTaskThatReadsALocalFileAnotherTaskWroteFailsNamingBoth() throws Exception {
    FakeTaskFixture fixture = fixture();
    fixture.control(Map.of("branch-a", Map.of("read", "written-by-prepare.txt")));

    LocalRunException error = assertThrows(LocalRunException.class, () -> runner().run(fixture.request(4, Map.of())));

    assertEquals(TaskState.FAILED, states(error.result()).get("branch-a"));
    assertTrue(
        error.getMessage().contains(
            "branch-a has no written-by-prepare.txt: task prepare wrote it into its own folder. A file written"
                + " outside the catalog does not pass from one task to another, on Vertex AI either"),
        error.getMessage());

    // The shared folder, as kedro run: the file is there.
    FakeTaskFixture shared = FakeTaskFixture.create(dir.resolve("shared"), "fan-pipeline.json");
    shared.control(Map.of("branch-a", Map.of("read", "written-by-prepare.txt")));
    assertTrue(runner().run(shared.request(4, Map.of()).withIsolateTasks(false)).succeeded());
  }

  @Test
  void withoutIsolationEveryTaskRunsInTheProjectFolder() throws Exception {
    FakeTaskFixture fixture = fixture();

    LocalRunResult result = runner().run(fixture.request(4, Map.of()).withIsolateTasks(false));

    Map<String, JsonNode> starts = fixture.starts();
    for (String task : TASKS) {
      assertEquals(fixture.projectDir.toRealPath().toString(), starts.get(task).get("cwd").asText());
    }
    List<String> seenByReport = names(starts.get("report").get("files"));
    for (String branch : BRANCHES) {
      assertTrue(seenByReport.contains("written-by-" + branch + ".txt"), "the shared folder: " + seenByReport);
      assertTrue(Files.exists(fixture.projectDir.resolve("written-by-" + branch + ".txt")));
    }
    assertFalse(Files.exists(result.runDir().resolve("tasks")));
    assertFalse(Files.exists(result.outputsDir()));
  }

  @ParameterizedTest(name = "fork server {0}")
  @ValueSource(booleans = {true, false})
  void everyTaskIsAProcessOfItsOwnForkedFromOneServerOrStartedByThisJvm(boolean forkServer) throws Exception {
    FakeTaskFixture fixture = fixture();

    runner().run(fixture.request(4, Map.of()).withForkServer(forkServer));

    Map<String, JsonNode> starts = fixture.starts();
    Set<Long> pids = new HashSet<>();
    Set<Long> parents = new HashSet<>();
    for (JsonNode record : starts.values()) {
      pids.add(record.get("pid").asLong());
      parents.add(record.get("ppid").asLong());
      assertTrue(record.get("leaked_env").isNull(), "no task sees another's environment: " + record);
      assertTrue(record.get("leaked_module").isNull(), "nor another's module state: " + record);
      assertEquals("yes", record.at("/env/FAKE_VIA_LOCAL_PYTHON").asText(), "the local python, as the server's");
    }
    assertEquals(TASKS.size(), pids.size(), "one process per task");
    long jvm = ProcessHandle.current().pid();
    if (forkServer) {
      assertEquals(1, parents.size(), "all forked by one server: " + parents);
      assertNotEquals(jvm, parents.iterator().next());
      assertFalse(pids.contains(parents.iterator().next()));
      assertEquals(1, log.matching("Tasks start as children of one Python").size(), log.text());
    } else {
      assertEquals(Set.of(jvm), parents, "each started by this JVM");
      assertEquals(List.of(), log.matching("fork server"));
    }
    assertNoProcessLeft();
  }

  @ParameterizedTest(name = "fork server {0}")
  @ValueSource(booleans = {true, false})
  void aTaskThatLeavesAtOnceOrCrashesFailsAloneAndTheOthersFinish(boolean forkServer) throws Exception {
    FakeTaskFixture fixture = fixture();
    Map<String, Map<String, Object>> control = new TreeMap<>();
    control.put("branch-a", Map.of("sleep", 0.1, "os_exit", 3));
    control.put("branch-b", Map.of("sleep", 0.1, "segfault", true));
    control.put("branch-c", Map.of("sleep", 2.0));
    control.put("branch-d", Map.of("sleep", 2.0));
    fixture.control(control);

    LocalRunException error =
        assertThrows(
            LocalRunException.class, () -> runner().run(fixture.request(4, Map.of()).withForkServer(forkServer)));

    Map<String, TaskState> states = states(error.result());
    assertEquals(TaskState.FAILED, states.get("branch-a"));
    assertEquals(TaskState.FAILED, states.get("branch-b"));
    assertEquals(TaskState.SUCCEEDED, states.get("branch-c"), "a crash next to it changes nothing");
    assertEquals(TaskState.SUCCEEDED, states.get("branch-d"));
    assertEquals(TaskState.SKIPPED, states.get("report"));
    assertEquals(3, error.result().tasks().get(1).exitCode());
    assertEquals(128 + 11, error.result().tasks().get(2).exitCode(), "killed by SIGSEGV");
    String message = error.getMessage();
    assertTrue(message.contains("Task branch-a exited with code 3"), message);
    assertTrue(message.contains("branch-a leaves at once"), "unbuffered output survives os._exit: " + message);
    assertTrue(message.contains("Task branch-b exited with code 139"), message);
    assertTrue(message.contains("branch-b crashes"), message);
    assertEquals(Set.of("prepare", "branch-c", "branch-d"), fixture.ends().keySet());
    assertNoProcessLeft();
  }

  @Test
  void aTaskThatSetsInterpreterOptionsStartsItsOwnPython() throws Exception {
    FakeTaskFixture fixture = fixture();
    ObjectNode spec = fixture.specJson();
    ((ArrayNode) spec.at("/deploymentSpec/executors/exec-prepare/container/env"))
        .addObject().put("name", "PYTHONHASHSEED").put("value", "7");
    fixture.writeSpec(spec);

    runner().run(fixture.request(4, Map.of()));

    Map<String, JsonNode> starts = fixture.starts();
    long jvm = ProcessHandle.current().pid();
    assertEquals(jvm, starts.get("prepare").get("ppid").asLong(), "a forked child could not take PYTHONHASHSEED");
    for (String branch : BRANCHES) {
      assertNotEquals(jvm, starts.get(branch).get("ppid").asLong(), branch + " was forked");
    }
  }

  @Test
  void whenTheForkServerCannotStartEveryTaskStartsItsOwnPython() throws Exception {
    FakeTaskFixture fixture = fixture();
    // Refuses the fork server's script (recognised by its description), runs anything else.
    Path python =
        FakeTaskFixture.pythonWrapper(
            dir.resolve("python-without-fork-server"),
            "#!/bin/sh\ncase \"$*\" in *'one child per local task'*) echo 'no fork here' >&2; exit 7;; esac\n"
                + "exec '" + fixture.localPython + "' \"$@\"\n");

    LocalRunResult result = runner().run(fixture.request(4, Map.of(), python.toString()));

    assertTrue(result.succeeded());
    long jvm = ProcessHandle.current().pid();
    fixture.starts().values().forEach(record -> assertEquals(jvm, record.get("ppid").asLong()));
    List<String> warnings = log.matching("The fork server cannot start tasks");
    assertEquals(1, warnings.size(), log.text());
    assertTrue(warnings.get(0).contains("the fork server ended with exit code 7"), warnings.get(0));
    assertTrue(warnings.get(0).endsWith("every task starts its own Python"), warnings.get(0));
    assertTrue(Files.readString(result.runDir().resolve("fork-server.log")).contains("no fork here"));
  }

  @Test
  void whereThePlatformCannotForkEveryTaskStartsItsOwnPythonWithoutAWarning() throws Exception {
    FakeTaskFixture fixture = fixture();
    // Runs the fork server's script as on a platform without os.fork, anything else as it is.
    Path python =
        FakeTaskFixture.pythonWrapper(
            dir.resolve("python-without-fork"),
            "#!/bin/bash\ncase \"$*\" in *'one child per local task'*)\n"
                + "  exec '" + fixture.localPython + "' -c 'import os, sys; del os.fork; script = sys.argv[1];"
                + " sys.argv = [\"-c\"] + sys.argv[2:]; exec(compile(script, \"<string>\", \"exec\"), {\"__name__\":"
                + " \"__main__\"})' \"$2\" \"${@:3}\";;\nesac\nexec '" + fixture.localPython + "' \"$@\"\n");

    LocalRunResult result = runner().run(fixture.request(4, Map.of(), python.toString()));

    assertTrue(result.succeeded());
    long jvm = ProcessHandle.current().pid();
    fixture.starts().values().forEach(record -> assertEquals(jvm, record.get("ppid").asLong()));
    assertEquals(
        List.of(
            "INFO The fork server cannot start tasks (this Python cannot fork (linux)); every task starts its own"
                + " Python"),
        log.matching("fork server"));
  }

  @Test
  void whenTheForkServerDiesItsRunningTasksFailWithoutAnExitCodeAndNothingIsLeft() throws Exception {
    FakeTaskFixture fixture = fixture();
    Map<String, Map<String, Object>> control = new TreeMap<>();
    for (String branch : BRANCHES) {
      control.put(branch, Map.of("sleep", 60, "child_sleep", 60));
    }
    fixture.control(control);
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    Thread thread =
        new Thread(
            () -> {
              try {
                runner().run(fixture.request(4, Map.of()));
              } catch (Throwable e) {
                thrown.set(e);
              }
            });
    thread.start();
    Map<String, JsonNode> starts = awaitStarts(fixture, 5, Duration.ofSeconds(20));
    ProcessHandle server = ProcessHandle.of(starts.get("branch-a").get("ppid").asLong()).orElseThrow();

    server.destroyForcibly();
    thread.join(20_000);

    assertFalse(thread.isAlive());
    assertTrue(thrown.get() instanceof LocalRunException, String.valueOf(thrown.get()));
    LocalRunException error = (LocalRunException) thrown.get();
    for (String branch : BRANCHES) {
      TaskOutcome outcome = error.result().tasks().get(TASKS.indexOf(branch));
      assertEquals(TaskState.FAILED, outcome.state(), branch);
      assertNull(outcome.exitCode(), branch);
      assertTrue(error.getMessage().contains("Task " + branch + " ended without an exit code"), error.getMessage());
    }
    assertTrue(error.getMessage().contains("exit code unknown: the fork server ended"), error.getMessage());
    for (String branch : BRANCHES) {
      assertTrue(goneSoon(starts.get(branch).get("pid").asLong()), branch);
      assertTrue(goneSoon(starts.get(branch).get("child_pid").asLong()), branch + "'s child");
    }
    assertNoProcessLeft();
  }

  @Test
  void runtimeParametersOverrideTheSpecDefaults() throws Exception {
    FakeTaskFixture fixture = fixture();
    Map<String, ParameterValue> given = new LinkedHashMap<>();
    given.put("epochs", ParameterValue.ofInt(12));
    given.put("learning_rate", ParameterValue.ofFloat(0.25));
    given.put("label", ParameterValue.ofString("from the command line"));
    given.put("features", ParameterValue.parse(ParameterType.LIST, "[x, y z]").orElseThrow());
    given.put("options", ParameterValue.parse(ParameterType.DICT, "{b: 2, a: [true]}").orElseThrow());

    runner().run(fixture.request(2, given));

    Map<String, List<String>> expected = new TreeMap<>();
    expected.put("epochs", List.of("int", "12"));
    expected.put("features", List.of("list", "[\"x\",\"y z\"]"));
    expected.put("label", List.of("string", "from the command line"));
    expected.put("learning_rate", List.of("float", "0.25"));
    expected.put("options", List.of("dict", "{\"a\":[true],\"b\":2}"));
    expected.put("verbose", List.of("bool", "false"));
    for (JsonNode record : fixture.starts().values()) {
      assertEquals(expected, params(record), record.get("task").asText());
    }
  }

  @Test
  void atMostParallelismTasksRunAtOnce() throws Exception {
    FakeTaskFixture fixture = fixture();
    fixture.control(sleepBranches(1.0));

    runner().run(fixture.request(2, Map.of()));

    assertEquals(2, maxOverlap(fixture.ends().values()), "two branches at a time, never three");
  }

  @Test
  void independentTasksStartTogether() throws Exception {
    FakeTaskFixture fixture = fixture();
    fixture.control(sleepBranches(1.5));

    runner().run(fixture.request(4, Map.of()));

    List<JsonNode> branches = new ArrayList<>();
    fixture.ends().forEach((task, record) -> {
      if (BRANCHES.contains(task)) {
        branches.add(record);
      }
    });
    assertEquals(4, maxOverlap(branches), "all four branches were running at the same time");
  }

  @Test
  void writesEachTasksOutputToItsLogAndToTheEventLogWithProgressAndSummary() throws Exception {
    FakeTaskFixture fixture = fixture();
    fixture.control(sleepAll(0.1));

    LocalRunResult result = runner().run(fixture.request(1, Map.of()));

    List<String> prepareLog = Files.readAllLines(result.logFile("prepare"));
    assertTrue(prepareLog.contains("task prepare starting"), prepareLog.toString());
    assertTrue(prepareLog.contains("task prepare says hello on stderr"), "stderr goes to the same log");
    assertTrue(prepareLog.contains("ran node preprocess_shuttles_node"), prepareLog.toString());
    assertFalse(prepareLog.stream().anyMatch(line -> line.contains("branch-a")), "one log per task");

    List<String> infos = log.infos();
    assertTrue(infos.contains("[prepare] task prepare starting"), infos.toString());
    assertTrue(infos.contains("[branch-c] task branch-c says hello on stderr"));
    // With parallelism 1 the run is sequential, so progress and output lines come in a known order.
    int started = infos.indexOf("[1/6] started prepare");
    int output = infos.indexOf("[prepare] ran node preprocess_shuttles_node");
    int succeeded = indexOfPrefix(infos, "[1/6] prepare succeeded in ");
    assertTrue(started >= 0 && started < output && output < succeeded, infos.toString());
    assertTrue(indexOfPrefix(infos, "[6/6] started report") > succeeded);
    assertTrue(infos.get(indexOfPrefix(infos, "[6/6] report succeeded in ")).matches(".* in \\d+\\.\\d s"));

    int header = indexOfPrefix(infos, "Task ");
    assertTrue(infos.get(header).matches("Task\\s+State\\s+Duration"), infos.get(header));
    for (int i = 0; i < TASKS.size(); i++) {
      assertTrue(
          infos.get(header + 1 + i).matches(TASKS.get(i) + "\\s+SUCCEEDED\\s+\\d+\\.\\d s"),
          infos.get(header + 1 + i));
    }
    assertTrue(infos.get(infos.size() - 2).startsWith("Local run " + result.jobName() + " succeeded in "));
  }

  @Test
  void aggregatesNodeAndTaskTimingsIntoTimingsJson() throws Exception {
    FakeTaskFixture fixture = fixture();
    fixture.control(sleepAll(0.2));

    LocalRunResult result = runner().run(fixture.request(4, Map.of()));

    JsonNode timings = FakeTaskFixture.MAPPER.readTree(result.timingsFile().toFile());
    assertEquals(List.of("job", "nodes", "tasks"), names(timings));
    assertEquals(result.jobName(), timings.get("job").asText());
    List<String> nodes = names(timings.get("nodes"));
    assertEquals(
        List.of(
            "branch_a_node", "branch_b_node", "branch_c_node", "branch_d_node",
            "preprocess_companies_node", "preprocess_shuttles_node", "report_node"),
        nodes);
    assertTrue(timings.at("/nodes/branch_a_node").asDouble() >= 0.19, timings.toString());
    assertTrue(timings.at("/nodes/preprocess_shuttles_node").asDouble() >= 0.09, timings.toString());
    assertEquals(TASKS.stream().sorted().toList(), names(timings.get("tasks")));
    for (TaskOutcome task : result.tasks()) {
      double seconds = timings.get("tasks").get(task.task()).asDouble();
      assertTrue(seconds >= 0.2 && Math.abs(seconds - task.duration().toMillis() / 1000.0) < 0.002, task.task());
    }
    List<String> infos = log.infos();
    assertEquals(
        "To let auto grouping plan with the measured node times: {param:nodeTimings=" + result.timingsFile() + "}",
        infos.get(infos.size() - 1),
        "compiling does not pick them up by itself, so the run says how to");
  }

  @Test
  void aFailedTaskFailsTheRunAfterRunningTasksEndAndNothingDownstreamStarts() throws Exception {
    FakeTaskFixture fixture = fixture();
    Map<String, Map<String, Object>> control = new TreeMap<>();
    control.put("branch-a", Map.of("sleep", 0.1, "fail", true));
    control.put("branch-b", Map.of("sleep", 2.5));
    fixture.control(control);

    LocalRunException error =
        assertThrows(LocalRunException.class, () -> runner().run(fixture.request(2, Map.of())));

    Map<String, TaskState> states = states(error.result());
    assertEquals(TaskState.SUCCEEDED, states.get("prepare"));
    assertEquals(TaskState.FAILED, states.get("branch-a"));
    assertEquals(TaskState.SUCCEEDED, states.get("branch-b"), "the running sibling was let finish");
    assertEquals(TaskState.SKIPPED, states.get("branch-c"));
    assertEquals(TaskState.SKIPPED, states.get("branch-d"));
    assertEquals(TaskState.SKIPPED, states.get("report"));
    assertEquals(Set.of("prepare", "branch-a", "branch-b"), fixture.starts().keySet(), "nothing else started");
    assertTrue(fixture.ends().containsKey("branch-b"));

    TaskOutcome failed = error.result().tasks().get(1);
    assertEquals(3, failed.exitCode());
    assertEquals(LocalRunner.TAIL_LINES, failed.lastLogLines().size());
    String message = error.getMessage();
    assertTrue(message.contains("Task branch-a exited with code 3"), message);
    assertTrue(message.contains(error.result().logFile("branch-a").toString()), message);
    assertTrue(message.contains("branch-a failure line 30"), message);
    assertTrue(message.contains("branch-a failure line 11"), message);
    assertFalse(message.contains("branch-a failure line 10\n"), message);
    assertFalse(message.contains("branch-a failure line 10" + System.lineSeparator()), message);
    assertTrue(message.contains("Not started: branch-c, branch-d, report"), message);
    assertTrue(Files.readString(error.result().logFile("branch-a")).contains("branch-a failure line 1\n"));
    assertTrue(log.infos().stream().anyMatch(line -> line.matches("report\\s+SKIPPED\\s+-")), log.infos().toString());
  }

  @Test
  void aCommandThatCannotStartFailsTheRun() throws Exception {
    FakeTaskFixture fixture = fixture();
    LocalRunRequest request = fixture.request(2, Map.of(), dir.resolve("no-such-python").toString());

    LocalRunException error = assertThrows(LocalRunException.class, () -> runner().run(request));

    assertEquals(TaskState.FAILED, states(error.result()).get("prepare"));
    assertNull(error.result().tasks().get(0).exitCode());
    assertTrue(error.getMessage().contains("Task prepare could not start"), error.getMessage());
    assertTrue(error.getMessage().contains("no-such-python"), error.getMessage());
    assertEquals(TaskState.SKIPPED, states(error.result()).get("report"));
  }

  @Test
  void interruptingTheRunnerStopsEveryTaskAndTheProcessesTheyStarted() throws Exception {
    assertCancellationLeavesNoProcess(Thread::interrupt, true);
  }

  @Test
  void withoutTheForkServerInterruptingStopsEveryTaskAndTheProcessesTheyStarted() throws Exception {
    assertCancellationLeavesNoProcess(Thread::interrupt, true, runner(), false);
  }

  @Test
  void cancelStopsEveryTaskAndTheProcessesTheyStarted() throws Exception {
    LocalRunner runner = runner();
    assertCancellationLeavesNoProcess(thread -> runner.cancel(), false, runner, true);
  }

  private void assertCancellationLeavesNoProcess(Consumer<Thread> cancel, boolean interrupted)
      throws Exception {
    assertCancellationLeavesNoProcess(cancel, interrupted, runner(), true);
  }

  private void assertCancellationLeavesNoProcess(
      Consumer<Thread> cancel, boolean interrupted, LocalRunner runner, boolean forkServer) throws Exception {
    FakeTaskFixture fixture = fixture();
    Map<String, Map<String, Object>> control = new TreeMap<>();
    for (String branch : BRANCHES) {
      control.put(branch, Map.of("sleep", 60, "child_sleep", 60));
    }
    fixture.control(control);
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    AtomicReference<Boolean> interruptFlag = new AtomicReference<>();
    Thread thread =
        new Thread(
            () -> {
              try {
                runner.run(fixture.request(4, Map.of()).withForkServer(forkServer));
              } catch (Throwable e) {
                thrown.set(e);
              }
              interruptFlag.set(Thread.currentThread().isInterrupted());
            });
    thread.start();
    Map<String, JsonNode> starts = awaitStarts(fixture, 5, Duration.ofSeconds(20));
    List<Long> pids = new ArrayList<>();
    for (String branch : BRANCHES) {
      pids.add(starts.get(branch).get("pid").asLong());
      pids.add(starts.get(branch).get("child_pid").asLong());
    }
    for (long pid : pids) {
      assertTrue(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), pid + " runs before");
    }

    long cancelled = System.nanoTime();
    cancel.accept(thread);
    thread.join(15_000);

    assertFalse(thread.isAlive(), "the run returned after cancelling");
    Duration took = Duration.ofNanos(System.nanoTime() - cancelled);
    assertTrue(took.compareTo(Duration.ofSeconds(8)) < 0, "cancelled within seconds, took " + took);
    for (long pid : pids) {
      assertTrue(goneSoon(pid), "process " + pid + " is gone");
    }
    assertTrue(thrown.get() instanceof LocalRunException, String.valueOf(thrown.get()));
    LocalRunException error = (LocalRunException) thrown.get();
    assertTrue(error.getMessage().contains("was cancelled"), error.getMessage());
    Map<String, TaskState> states = states(error.result());
    assertEquals(TaskState.SUCCEEDED, states.get("prepare"));
    for (String branch : BRANCHES) {
      assertEquals(TaskState.CANCELLED, states.get(branch), branch);
    }
    assertEquals(TaskState.CANCELLED, states.get("report"));
    assertEquals(interrupted, interruptFlag.get(), "the interrupt status is kept for the caller");
    assertTrue(fixture.ends().keySet().equals(Set.of("prepare")));
    assertNoProcessLeft();
  }

  /** Neither a task, nor anything a task started, nor the fork server outlives the run. */
  private static void assertNoProcessLeft() throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(3).toNanos();
    List<ProcessHandle> alive = List.of();
    while (System.nanoTime() < deadline) {
      alive = ProcessHandle.current().descendants().filter(ProcessHandle::isAlive).toList();
      if (alive.isEmpty()) {
        return;
      }
      Thread.sleep(50);
    }
    fail("processes left: " + alive.stream().map(p -> p.pid() + " " + p.info().commandLine().orElse("")).toList());
  }

  private static List<String> fileNames(Path folder) throws IOException {
    try (var files = Files.list(folder)) {
      return files.map(file -> file.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void aSecondRunGetsItsOwnDirectory() throws Exception {
    FakeTaskFixture fixture = fixture();
    ObjectNode spec = fixture.specJson();
    ((ObjectNode) spec.at("/root/dag/tasks")).retain("prepare");
    fixture.writeSpec(spec);
    LocalRunner runner = runner();
    LocalRunResult first = runner.run(fixture.request(4, Map.of()));
    LocalRunResult second = runner.run(fixture.request(4, Map.of()));
    assertNotEquals(first.jobName(), second.jobName());
    assertNotEquals(first.runDir(), second.runDir());
    assertTrue(Files.exists(first.logFile("prepare")) && Files.exists(second.logFile("prepare")));
  }

  @Test
  void hostAliasesAreSkippedWithOneLineAndNeverReachTheTasks() throws Exception {
    FakeTaskFixture fixture = fixture();
    ObjectNode spec = fixture.specJson();
    for (JsonNode executor : spec.at("/deploymentSpec/executors")) {
      ((ArrayNode) executor.at("/container/args"))
          .add("--host-alias").add("10.0.0.3=db.internal,cache.internal")
          .add("--host-alias").add("10.0.0.2=mlflow.internal");
    }
    fixture.writeSpec(spec);

    runner().run(fixture.request(4, Map.of()));

    assertEquals(
        List.of(
            "INFO Skipping run_config.network.host_aliases, which a local run does not write to this machine's"
                + " /etc/hosts: 10.0.0.2=mlflow.internal, 10.0.0.3=db.internal,cache.internal"),
        log.matching("host_aliases"));
    Map<String, JsonNode> starts = fixture.starts();
    assertEquals(new HashSet<>(TASKS), starts.keySet());
    for (JsonNode record : starts.values()) {
      String argv = record.get("argv").toString();
      assertFalse(argv.contains("--host-alias") || argv.contains("10.0.0."), argv);
      assertEquals("__default__", record.at("/options/pipeline").asText(), "the other arguments stay");
    }
  }

  private static Map<String, JsonNode> awaitStarts(FakeTaskFixture fixture, int count, Duration limit)
      throws Exception {
    long deadline = System.nanoTime() + limit.toNanos();
    while (System.nanoTime() < deadline) {
      Map<String, JsonNode> starts = fixture.starts();
      if (starts.size() >= count) {
        return starts;
      }
      Thread.sleep(50);
    }
    fail("only " + fixture.starts().keySet() + " started within " + limit);
    return Map.of();
  }

  /** A killed process may take a moment to be reaped. */
  private static boolean goneSoon(long pid) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(3).toNanos();
    while (System.nanoTime() < deadline) {
      if (!ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
        return true;
      }
      Thread.sleep(50);
    }
    return false;
  }

  private static Map<String, Map<String, Object>> sleepAll(double seconds) {
    Map<String, Map<String, Object>> control = new TreeMap<>();
    TASKS.forEach(task -> control.put(task, Map.of("sleep", seconds)));
    return control;
  }

  private static Map<String, Map<String, Object>> sleepBranches(double seconds) {
    Map<String, Map<String, Object>> control = new TreeMap<>();
    BRANCHES.forEach(task -> control.put(task, Map.of("sleep", seconds)));
    return control;
  }

  private static void assertStartsAfter(JsonNode later, JsonNode earlier) {
    assertTrue(
        later.get("start").asDouble() >= earlier.get("end").asDouble(),
        later.get("task").asText() + " started before " + earlier.get("task").asText() + " ended");
  }

  /** The most intervals [start, end] that hold at one instant. */
  private static int maxOverlap(Iterable<JsonNode> records) {
    List<JsonNode> all = new ArrayList<>();
    records.forEach(all::add);
    int most = 0;
    for (JsonNode at : all) {
      double instant = at.get("start").asDouble();
      int count = 0;
      for (JsonNode other : all) {
        if (other.get("start").asDouble() <= instant && instant < other.get("end").asDouble()) {
          count++;
        }
      }
      most = Math.max(most, count);
    }
    return most;
  }

  private static Map<String, List<String>> params(JsonNode record) {
    Map<String, List<String>> params = new TreeMap<>();
    record.get("params").fields().forEachRemaining(
        entry -> params.put(entry.getKey(), List.of(entry.getValue().get(0).asText(), entry.getValue().get(1).asText())));
    return params;
  }

  private static Map<String, TaskState> states(LocalRunResult result) {
    Map<String, TaskState> states = new LinkedHashMap<>();
    result.tasks().forEach(task -> states.put(task.task(), task.state()));
    return states;
  }

  /** An object's field names, or an array's texts. */
  private static List<String> names(JsonNode node) {
    List<String> names = new ArrayList<>();
    if (node.isArray()) {
      node.forEach(item -> names.add(item.asText()));
      return names;
    }
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      names.add(it.next());
    }
    return names;
  }

  private static int indexOfPrefix(List<String> lines, String prefix) {
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).startsWith(prefix)) {
        return i;
      }
    }
    return -1;
  }
}
