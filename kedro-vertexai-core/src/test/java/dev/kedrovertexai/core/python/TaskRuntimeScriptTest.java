package dev.kedrovertexai.core.python;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.Value;
import com.google.protobuf.util.JsonFormat;
import dev.kedrovertexai.core.TestTools;
import dev.kedrovertexai.core.config.ParameterType;
import dev.kedrovertexai.core.config.ParameterValue;
import dev.kedrovertexai.core.local.ParameterText;
import dev.kedrovertexai.core.vertex.ParameterValues;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The task runtime's argument handling, run by any python3: the script imports Kedro, cloudpickle and fsspec
 * only when a task really runs, so these checks need none of them.
 */
class TaskRuntimeScriptTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** Numbers compare by value and by kind (whole or not), whatever width the JSON reader chose. */
  private static final Comparator<JsonNode> SAME_NUMBER =
      (a, b) -> {
        if (a.isNumber() && b.isNumber()) {
          boolean same =
              a.isIntegralNumber() == b.isIntegralNumber() && a.decimalValue().compareTo(b.decimalValue()) == 0;
          return same ? 0 : 1;
        }
        return a.equals(b) ? 0 : 1;
      };
  private static final String HARNESS =
      String.join(
          "\n",
          "import json, os, sys",
          "for module in os.environ.get('BLOCKED_MODULES', '').split():",
          "    sys.modules[module] = None  # importing it now raises ImportError",
          "namespace = {'__name__': 'task_runtime'}",
          "exec(compile(open(sys.argv[1], encoding='utf-8').read(), 'task_runtime.py', 'exec'), namespace)",
          "exec(os.environ.get('HARNESS_HELPERS', ''), namespace)",
          "results = []",
          "for function, arguments in json.loads(sys.argv[2]):",
          "    try:",
          "        results.append({'value': namespace[function](*arguments)})",
          "    except SystemExit as stop:",
          "        results.append({'error': str(stop.code)})",
          "print(json.dumps(results))");

  /**
   * Test helpers run beside the script's functions. {@code install_fake_kedro} stands in for Kedro: its session
   * records how it was created and run, and which hooks were registered, in a JSON file.
   */
  private static final String HELPERS =
      """
      import bz2, types

      def install_fake_kedro(record):
          def module(name, **attributes):
              sys.modules[name] = types.ModuleType(name)
              sys.modules[name].__dict__.update(attributes)

          class Hooks:
              def __init__(self):
                  self.registered = []

              def register(self, hook):
                  self.registered.append(type(hook).__name__)

          class KedroSession:
              @classmethod
              def create(cls, project_path, env=None, runtime_params=None):
                  session = cls()
                  session.options = {"env": env, "runtime_params": runtime_params}
                  session._hook_manager = Hooks()
                  return session

              def __enter__(self):
                  return self

              def __exit__(self, *failure):
                  return False

              def run(self, pipeline_names=None, node_names=None):
                  ran = dict(self.options, pipelines=pipeline_names, nodes=node_names, hooks=self._hook_manager.registered)
                  with open(record, "w") as out:
                      json.dump(ran, out)

          module("kedro")
          module("kedro.framework")
          module("kedro.framework.session", KedroSession=KedroSession)
          module("kedro.framework.startup", bootstrap_project=lambda path: None)
          # As pluggy's marker: bare, or with options such as tryfirst=True.
          module("kedro.framework.hooks",
                 hook_impl=lambda function=None, **options: function if function else (lambda f: f))
          module("kedro.io", AbstractDataset=object)

      def importable(name):
          try:
              __import__(name)
              return True
          except ImportError:
              return False

      def sample():
          # Larger than one stream chunk, and a bytearray as pickle writes array buffers: in one piece.
          return {"rows": [(i, str(i), i / 3) for i in range(20000)], "blob": bytes(range(256)) * 12000,
                  "buffer": bytearray(b"kedro") * 500000, "square": lambda x: x * x}

      def same(data, other):
          return (all(data[key] == other[key] for key in ("rows", "blob", "buffer"))
                  and type(other["buffer"]) is bytearray and other["square"](7) == 49)

      def round_trip(directory):
          import cloudpickle
          data = sample()
          streamed, whole = os.path.join(directory, "streamed.bin"), os.path.join(directory, "whole.bin")
          with open(streamed, "wb") as out:
              write_stored(data, out)
          with open(streamed, "rb") as stored:
              back = read_stored(stored)
          # What earlier versions of the runtime wrote and read: the whole file in memory.
          with open(whole, "wb") as out:
              out.write(bz2.compress(cloudpickle.dumps(data)))
          with open(whole, "rb") as stored:
              from_whole = read_stored(stored)
          with open(streamed, "rb") as stored:
              streamed_bytes = stored.read()
          with open(whole, "rb") as stored:
              whole_bytes = stored.read()
          return {"round_trip": same(data, back), "reads_whole": same(data, from_whole),
                  "read_as_whole": same(data, cloudpickle.loads(bz2.decompress(streamed_bytes))),
                  "same_bytes": streamed_bytes == whole_bytes, "bz2": streamed_bytes[:3] == b"BZh",
                  "large": len(bz2.decompress(streamed_bytes)) > 2 * STREAM_CHUNK_BYTES}
      """;

  @TempDir static Path dir;
  private static Path script;
  private static Path harness;

  @BeforeAll
  static void writeScripts() throws Exception {
    assumeTrue(python3Works(), "no python3 on the PATH to run the task runtime with");
    script = Files.writeString(dir.resolve("task_runtime.py"), PythonScripts.taskScript());
    harness = Files.writeString(dir.resolve("harness.py"), HARNESS);
  }

  private static JsonNode call(String function, Object... arguments) throws Exception {
    return callWithout("", function, arguments);
  }

  /** Calls a function of the script as if the modules named in {@code blocked} were not installed. */
  private static JsonNode callWithout(String blocked, String function, Object... arguments) throws Exception {
    return calls(Map.of("BLOCKED_MODULES", blocked), List.of(List.of(function, List.of(arguments)))).get(0);
  }

  /**
   * Makes {@code [function, [arguments]]} calls in one process, in the task's folder, with {@code environment}
   * added; returns each call's {@code {"value": ...}} or {@code {"error": <exit message>}}.
   */
  private static JsonNode calls(Map<String, String> environment, List<List<Object>> cases) throws Exception {
    return calls("python3", environment, cases);
  }

  private static JsonNode calls(String python, Map<String, String> environment, List<List<Object>> cases)
      throws Exception {
    // A failing task prints its traceback on stderr; stdout carries only the harness's answer.
    Path errors = Files.createTempFile(dir, "stderr", ".txt");
    ProcessBuilder builder =
        new ProcessBuilder(python, harness.toString(), script.toString(), JSON.writeValueAsString(cases))
            .directory(dir.toFile())
            .redirectError(errors.toFile());
    builder.environment().put("HARNESS_HELPERS", HELPERS);
    builder.environment().putAll(environment);
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(process.waitFor(1, TimeUnit.MINUTES));
    assertEquals(0, process.exitValue(), output + Files.readString(errors));
    return JSON.readTree(output);
  }

  @Test
  void theExitTaskReadsTheFinalStatusInEitherSpelling() throws Exception {
    JsonNode failed =
        call(
            "pipeline_outcome",
            "{\"state\": \"FAILED\", \"error\": {\"code\": 9, \"message\": \"The DAG failed because some tasks"
                + " failed. The failed tasks are: [train-model, score].\"}, \"pipelineJobResourceName\":"
                + " \"projects/p/locations/r/pipelineJobs/j\", \"pipelineTaskName\": \"exit-handler-1\"}",
            "job-1");
    assertEquals("FAILED", failed.at("/value/status").asText());
    assertEquals("[\"train-model\",\"score\"]", failed.at("/value/failed_tasks").toString());
    assertEquals("projects/p/locations/r/pipelineJobs/j", failed.at("/value/job_resource_name").asText());
    assertEquals("job-1", failed.at("/value/job_name").asText());

    JsonNode succeeded =
        call("pipeline_outcome", "{\"state\": \"SUCCEEDED\", \"pipeline_job_resource_name\": \"projects/x\"}", "job-2");
    assertEquals("SUCCEEDED", succeeded.at("/value/status").asText());
    assertEquals("[]", succeeded.at("/value/failed_tasks").toString());
    assertEquals("projects/x", succeeded.at("/value/job_resource_name").asText());

    assertEquals(
        "--exit-status must be the JSON final status of the pipeline, got: not json",
        call("pipeline_outcome", "not json", "job").path("error").asText());
  }

  @Test
  void runtimeParametersAreTypedAndDottedNamesNest() throws Exception {
    JsonNode result =
        call(
            "runtime_params",
            List.of(
                List.of("min_reviews", "int", "5"),
                List.of("model.test_size", "float", "0.3"),
                List.of("model.name", "string", "linear, v2"),
                List.of("model.whole", "int", "3.0"),
                List.of("ratio", "float", "2"),
                List.of("flag", "bool", "True"),
                List.of("off", "bool", "false"),
                List.of("features", "list", "[\"engines\", \"crew\"]"),
                List.of("options", "dict", "{\"k\": 1}")));

    assertEquals(
        JSON.readTree(
            "{\"min_reviews\": 5, \"model\": {\"test_size\": 0.3, \"name\": \"linear, v2\", \"whole\": 3},"
                + " \"ratio\": 2.0, \"flag\": true, \"off\": false, \"features\": [\"engines\", \"crew\"],"
                + " \"options\": {\"k\": 1}}"),
        result.get("value"));
    assertTrue(result.get("value").get("ratio").isDouble(), "a float stays a float");
    assertTrue(result.get("value").get("model").get("whole").isInt(), "3.0 for an int becomes 3");
  }

  /**
   * A value given as {@code -Dvertexai.params} text reaches Kedro as the same value (inside a list or dict, a whole
   * number has no fraction: {@link #wholeNumbersInsideAListReachKedroWithoutAFraction}): parsed to its declared type,
   * carried as JSON (run-local) or as a protobuf Value, whose numbers are doubles (Vertex AI), written into the
   * task's command line as the launcher writes it, and read back by the task runtime.
   */
  @Test
  void aParameterGivenAsTextReachesKedroAsTheSameValue() throws Exception {
    List<List<String>> cases =
        List.of(
            List.of("string", "\"a,b \\\"c\\\"\""),
            List.of("string", "it's"),
            List.of("string", "[not, a, list]"),
            List.of("string", "42"),
            List.of("string", ""),
            List.of("int", "-12"),
            List.of("int", "+5"),
            List.of("int", "9007199254740991"),
            List.of("int", "-9007199254740991"),
            List.of("float", "1e-3"),
            List.of("float", "2"),
            List.of("float", "0.1"),
            List.of("float", "1e21"),
            List.of("float", "0.30000000000000004"),
            List.of("bool", "True"),
            List.of("bool", "false"),
            List.of("list", "[64, \"x\", 1.5, null, [true]]"),
            List.of("dict", "{b: 2, a: yes, \"z\": {\"k\": [1]}, u: \"\u00e9\"}"));
    List<ParameterValue> given = new ArrayList<>();
    for (List<String> entry : cases) {
      given.add(
          ParameterValue.parse(typeNamed(entry.get(0)), entry.get(1))
              .orElseThrow(() -> new AssertionError("not parsed: " + entry)));
    }

    List<List<JsonNode>> received = receivedByKedro(given);

    for (int i = 0; i < given.size(); i++) {
      for (int path = 0; path < PATHS.size(); path++) {
        assertTrue(
            given.get(i).json().equals(SAME_NUMBER, received.get(i).get(path)),
            cases.get(i) + " through " + PATHS.get(path) + ": sent " + given.get(i) + ", Kedro got "
                + received.get(i).get(path));
      }
    }
  }

  /** Vertex AI carries every number as a double, so a whole one inside a list or dict arrives as an int. */
  @Test
  void wholeNumbersInsideAListReachKedroWithoutAFraction() throws Exception {
    ParameterValue sent = ParameterValue.parse(ParameterType.LIST, "[1.0, 2.5, 3, {k: 4.0}]").orElseThrow();

    for (JsonNode received : receivedByKedro(List.of(sent)).get(0)) {
      assertEquals("[1,2.5,3,{\"k\":4}]", received.toString());
    }
  }

  private static final List<String> PATHS = List.of("run-local", "Vertex AI");

  /**
   * What the task runtime hands Kedro for each value, along each of {@link #PATHS}: the value as JSON (run-local),
   * and as the protobuf Value of the PipelineJob (Vertex AI), each written into the command line as the launcher
   * writes it.
   */
  private static List<List<JsonNode>> receivedByKedro(List<ParameterValue> values) throws Exception {
    List<List<Object>> calls = new ArrayList<>();
    for (ParameterValue value : values) {
      Value proto = ParameterValues.toProto(Map.of("p", value)).get("p");
      for (JsonNode carried : List.of(value.json(), JSON.readTree(JsonFormat.printer().print(proto)))) {
        String commandLine = ParameterText.of(carried);
        calls.add(List.of("runtime_params", List.of(List.of(List.of("p", value.type().configName(), commandLine)))));
      }
    }
    JsonNode results = calls(Map.of(), calls);
    List<List<JsonNode>> received = new ArrayList<>();
    for (int i = 0; i < values.size(); i++) {
      List<JsonNode> paths = new ArrayList<>();
      for (int path = 0; path < PATHS.size(); path++) {
        JsonNode result = results.get(i * PATHS.size() + path);
        assertTrue(result.has("value"), PATHS.get(path) + ": " + values.get(i) + " stopped the task: " + result);
        paths.add(result.path("value").path("p"));
      }
      received.add(paths);
    }
    return received;
  }

  private static ParameterType typeNamed(String name) {
    for (ParameterType type : ParameterType.values()) {
      if (type.configName().equals(name)) {
        return type;
      }
    }
    throw new IllegalArgumentException(name);
  }

  @Test
  void wrongParameterValuesStopTheTaskWithTheirName() throws Exception {
    Map<List<String>, String> cases =
        Map.of(
            List.of("n", "int", "abc"), "Runtime parameter 'n' is not valid JSON for type int: abc",
            List.of("n", "int", "2.5"), "Runtime parameter 'n' must be of type int, got: 2.5",
            List.of("flag", "bool", "1"), "Runtime parameter 'flag' must be of type bool, got: 1",
            List.of("xs", "list", "{}"), "Runtime parameter 'xs' must be of type list, got: {}",
            List.of("n", "integer", "2"),
                "Runtime parameter 'n' has type 'integer', expected one of string, int, float, bool, list, dict");
    for (Map.Entry<List<String>, String> entry : cases.entrySet()) {
      JsonNode result = call("runtime_params", List.of(entry.getKey()));
      assertEquals(entry.getValue(), result.path("error").asText(), entry.getKey().toString());
    }
  }

  @Test
  void hostAliasesAreAppendedToTheHostsFileOnce() throws Exception {
    Path hosts = Files.writeString(dir.resolve("hosts"), "127.0.0.1 localhost\n10.0.0.2   mlflow.internal\n");
    List<String> aliases = List.of("10.0.0.2=mlflow.internal", "10.0.0.3=db.internal,cache.internal");

    JsonNode added = call("add_host_aliases", aliases, hosts.toString());

    assertEquals(JSON.readTree("[\"10.0.0.3 db.internal cache.internal\"]"), added.get("value"));
    assertEquals(
        "127.0.0.1 localhost\n10.0.0.2   mlflow.internal\n10.0.0.3 db.internal cache.internal\n",
        Files.readString(hosts));
    assertEquals(JSON.readTree("[]"), call("add_host_aliases", aliases, hosts.toString()).get("value"));
    assertEquals(
        "--host-alias must be IP=HOST1,HOST2, got: 10.0.0.4",
        call("add_host_aliases", List.of("10.0.0.4"), hosts.toString()).path("error").asText());
  }

  @Test
  void storedDatasetsLiveUnderTheJobFolder() throws Exception {
    assertEquals(
        "gs://bucket/prefix/kedro-vertexai-temp/job-1/active_modelling.X_train.bin",
        call("stored_dataset_url", "gs://bucket/prefix/", "job-1", "active_modelling.X_train").get("value").asText());
    assertEquals(
        "file:///tmp/root/kedro-vertexai-temp/job-1/x.bin",
        call("stored_dataset_url", "file:///tmp/root", "job-1", "x").get("value").asText());
  }

  @Test
  void nodeListsMustBeJsonArraysOfStrings() throws Exception {
    assertEquals(
        List.of("a", "ns.b"), JSON.convertValue(call("_json_list", "--nodes", "[\"a\", \"ns.b\"]").get("value"), List.class));
    assertEquals(
        "--nodes must be a JSON array of strings, got: a,b", call("_json_list", "--nodes", "a,b").get("error").asText());
    assertEquals(
        "--stored must be a JSON array of strings, got: [1]", call("_json_list", "--stored", "[1]").get("error").asText());
  }

  @Test
  void aMissingStorageLibraryStopsTheTaskWithTheFix() throws Exception {
    assertEquals(
        "The image lacks cloudpickle, fsspec, gcsfs (needed to keep datasets between tasks under gs://b/p): add"
            + " them to the project's requirements",
        callWithout("cloudpickle fsspec gcsfs", "_check_storage_support", "gs://b/p").get("error").asText());
    assertEquals(
        "The image lacks cloudpickle, fsspec (needed to keep datasets between tasks under file:///tmp/r): add"
            + " them to the project's requirements",
        callWithout("cloudpickle fsspec gcsfs", "_check_storage_support", "file:///tmp/r").get("error").asText(),
        "gcsfs is needed for gs:// only");
  }

  @Test
  void storedDatasetsStreamThroughBz2AndStayReadableByEitherVersion() throws Exception {
    // The provisioned Kedro environment has the storage libraries a task that stores datasets needs.
    String python = TestTools.require(TestTools.Tool.KEDRO_1).toString();
    Path folder = Files.createDirectories(dir.resolve("stored"));

    JsonNode result =
        calls(python, Map.of("BLOCKED_MODULES", ""), List.of(List.of("round_trip", List.of(folder.toString()))))
            .get(0)
            .get("value");

    assertEquals(
        JSON.readTree(
            "{\"round_trip\": true, \"reads_whole\": true, \"read_as_whole\": true, \"same_bytes\": true,"
                + " \"bz2\": true, \"large\": true}"),
        result);
  }

  @Test
  void aTaskThatStoresNothingRunsWithoutCloudpickleFsspecOrGcsfs() throws Exception {
    Path record = dir.resolve("kedro-run.json");
    Files.deleteIfExists(record);

    JsonNode results = runTaskWithout("cloudpickle fsspec gcsfs", record, "[]");

    assertEquals("null", results.get(1).path("value").toString(), results.toString());
    assertEquals(
        JSON.readTree(
            "{\"env\": \"local\", \"runtime_params\": {\"epochs\": 3}, \"pipelines\": [\"__default__\"],"
                + " \"nodes\": [\"a\", \"ns.b\"], \"hooks\": []}"),
        JSON.readTree(record.toFile()));
  }

  @Test
  void aTaskThatStoresDatasetsStopsBeforeKedroWhenTheImageLacksTheirLibraries() throws Exception {
    Path record = dir.resolve("kedro-run.json");
    Files.deleteIfExists(record);

    JsonNode results = runTaskWithout("cloudpickle fsspec gcsfs", record, "[\"ns.x\"]");

    assertEquals(
        "The image lacks cloudpickle, fsspec, gcsfs (needed to keep datasets between tasks under gs://b/p): add"
            + " them to the project's requirements",
        results.get(1).path("error").asText(),
        results.toString());
    assertFalse(Files.exists(record), "Kedro never ran");
  }

  /** Runs the task runtime's main, with a stand-in for Kedro, as if {@code blocked} were not installed. */
  private static JsonNode runTaskWithout(String blocked, Path record, String stored) throws Exception {
    List<String> argv =
        List.of(
            "--pipeline", "__default__", "--env", "local", "--nodes", "[\"a\", \"ns.b\"]", "--stored", stored,
            "--root", "gs://b/p", "--param", "epochs", "int", "3");
    return calls(
        Map.of("BLOCKED_MODULES", blocked, "KEDRO_CONFIG_JOB_NAME", "job-1"),
        List.of(List.of("install_fake_kedro", List.of(record.toString())), List.of("main", List.of(argv))));
  }

  @Test
  void aTaskWithoutAJobNameStopsBeforeTouchingKedro() throws Exception {
    ProcessBuilder builder =
        new ProcessBuilder(
                "python3", script.toString(), "--pipeline", "__default__", "--nodes", "[\"a\"]", "--root",
                "file:///tmp/root")
            .directory(dir.toFile())
            .redirectErrorStream(true);
    builder.environment().remove("KEDRO_CONFIG_JOB_NAME");
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(process.waitFor(1, TimeUnit.MINUTES));

    assertEquals(1, process.exitValue(), output);
    assertTrue(output.contains("KEDRO_CONFIG_JOB_NAME is not set"), output);
  }

  private static boolean python3Works() {
    try {
      Process process = new ProcessBuilder("python3", "-c", "import json, argparse").start();
      return process.waitFor(1, TimeUnit.MINUTES) && process.exitValue() == 0;
    } catch (Exception e) {
      return false;
    }
  }
}
