package dev.kedrovertexai.core.python;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kedrovertexai.core.EventLog;
import dev.kedrovertexai.core.GcsEmulator;
import dev.kedrovertexai.core.KedroTestEnvironment;
import dev.kedrovertexai.core.KedroVertexAiException;
import dev.kedrovertexai.core.RecordingLog;
import dev.kedrovertexai.core.TestTools.Tool;
import dev.kedrovertexai.core.config.LocalDatasets;
import dev.kedrovertexai.core.description.DatasetFacts;
import dev.kedrovertexai.core.description.DescriptionJson;
import dev.kedrovertexai.core.description.KedroIntrospector;
import dev.kedrovertexai.core.description.KedroNode;
import dev.kedrovertexai.core.description.PipelineDescription;
import dev.kedrovertexai.core.plan.LocalFileDataset;
import dev.kedrovertexai.core.workflow.CompileResult;
import dev.kedrovertexai.core.workflow.CompileWorkflow;
import dev.kedrovertexai.core.workflow.ProjectSettings;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Introspects and runs the example project with a real Kedro of one line (the subclasses): every task in its own
 * process, as on Vertex AI, on a file:// root and on a gs:// root in a real Cloud Storage emulator, and compares
 * the datasets with those of a plain {@code kedro run}. The interpreters and the emulator are the ones the build
 * provisions (see {@link TestTools}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class KedroLiveTest {
  private static final String PIPELINE = "__default__";
  private static final String ENV = "local";
  /** Runtime parameters passed to every task, and the same values as `kedro run --params`. */
  private static final List<List<String>> PARAMS =
      List.of(
          List.of("min_reviews", "int", "5"), List.of("candidate_modelling.model_options.test_size", "float", "0.3"));
  private static final String KEDRO_RUN_PARAMS = "min_reviews=5,candidate_modelling.model_options.test_size=0.3";
  private static final ObjectMapper JSON = new ObjectMapper();
  /**
   * The datasets that cross nodes in memory or in a local file: with one task per node, each is kept in storage.
   */
  private static final Set<String> CROSSING_NODES =
      Set.of(
          "preprocessed_companies",
          "preprocessed_shuttles",
          "model_input_table",
          "active_modelling.regressor",
          "candidate_modelling.regressor",
          "active_modelling.X_train",
          "active_modelling.X_test",
          "active_modelling.y_train",
          "active_modelling.y_test",
          "candidate_modelling.X_train",
          "candidate_modelling.X_test",
          "candidate_modelling.y_train",
          "candidate_modelling.y_test");

  /**
   * Over the example's catalog: patterns that differ only in case (Kedro matches case-insensitively and takes the
   * first in its order), one that comes first in that order but whose format spec {@code {name:d}} matches digits
   * only, a pattern in upper case, and a user catch-all that gives every other dataset a file.
   */
  private static final String TRICKY_CATALOG =
      String.join(
          "\n",
          "companies: {type: pandas.CSVDataset, filepath: data/01_raw/companies.csv}",
          "reviews: {type: pandas.CSVDataset, filepath: data/01_raw/reviews.csv}",
          "shuttles: {type: pandas.ExcelDataset, filepath: data/01_raw/shuttles.xlsx, load_args: {engine: openpyxl}}",
          "preprocessed_shuttles: {type: pandas.ParquetDataset, filepath: data/02_intermediate/shuttles.parquet}",
          "'{name}_table': {type: pandas.ParquetDataset, filepath: 'data/03_primary/{name}_lower.parquet'}",
          "'{name}_TABLE': {type: pickle.PickleDataset, filepath: 'data/03_primary/{name}_upper.pickle'}",
          "'{name:d}_table': {type: pandas.CSVDataset, filepath: 'data/03_primary/{name:d}.csv'}",
          "'{namespace}.REGRESSOR': {type: pickle.PickleDataset, filepath: 'data/06_models/{namespace}/regressor.pickle'}",
          "'{namespace}.metrics': {type: json.JSONDataset, filepath: 'data/08_reporting/{namespace}/metrics.json'}",
          "'{default}': {type: pickle.PickleDataset, filepath: 'data/09_other/{default}.pickle'}",
          "");

  @TempDir static Path work;
  private final KedroTestEnvironment kedro;
  private String python;
  protected PipelineDescription description;
  private Path describedProject;
  private Path plainRun;

  KedroLiveTest(Tool line) {
    this.kedro = KedroTestEnvironment.of(line);
  }

  @BeforeAll
  void findKedroAndRunItOnce() throws Exception {
    if (!kedro.available()) {
      return; // each test skips or fails with the reason (here it would hide the tests from the report)
    }
    python = kedro.python();
    describedProject = copyExample("described");
    description = new KedroIntrospector(EventLog.SILENT).describe(python, describedProject, ENV);
    plainRun = copyExample("plain-run");
    Result run = run(plainRun, Map.of(), python, "-m", "kedro", "run", "--env", ENV, "--params", KEDRO_RUN_PARAMS);
    assertEquals(0, run.exitCode(), run.output());
  }

  @BeforeEach
  void needsKedro() {
    kedro.python();
  }

  @Test
  void describesTheExampleProject() throws Exception {
    assertEquals("spaceflights", description.projectName());
    assertEquals("spaceflights", description.packageName());
    assertEquals(ENV, description.env());
    assertEquals(
        List.of("__default__", "data_processing", "data_science", "report_outcome"),
        List.copyOf(description.pipelines().keySet()));
    List<KedroNode> nodes = nodes();
    assertEquals(
        Set.of(
            "preprocess_companies_node",
            "preprocess_shuttles_node",
            "create_model_input_table_node",
            "active_modelling.split_data_node",
            "active_modelling.train_model_node",
            "active_modelling.evaluate_model_node",
            "candidate_modelling.split_data_node",
            "candidate_modelling.train_model_node",
            "candidate_modelling.evaluate_model_node"),
        nodes.stream().map(KedroNode::name).collect(Collectors.toSet()));
    assertTopologicalOrder(nodes);
    KedroNode train = node("active_modelling.train_model_node");
    assertEquals("active_modelling", train.namespace());
    assertEquals(List.of("group.active_modelling", "training"), train.tags());
    assertEquals(List.of("active_modelling.X_train", "active_modelling.y_train"), train.inputs());
    assertEquals(
        List.of("model_input_table", "params:candidate_modelling.model_options"),
        node("candidate_modelling.split_data_node").inputs());

    assertEquals(
        new DatasetFacts("companies", "pandas.CSVDataset", false, "file", "data/01_raw/companies.csv"),
        description.dataset("companies"));
    assertEquals(
        new DatasetFacts(
            "{namespace}.regressor", "pickle.PickleDataset", false, "file",
            "data/06_models/candidate_modelling/regressor.pickle"),
        description.dataset("candidate_modelling.regressor"),
        "matched by a factory pattern only");
    assertEquals(DatasetFacts.UNDECLARED, description.dataset("preprocessed_companies"));
    assertEquals(DatasetFacts.UNDECLARED, description.dataset("active_modelling.X_train"));
    assertEquals(allDatasets(), description.datasets().keySet(), "every dataset of every pipeline, no parameter");
    assertTheFactsAreWhatKedrosCatalogMakes(describedProject, description);
    assertEquals(
        List.of("active_modelling", "candidate_modelling", "min_reviews", "pipeline_outcome"), description.parameters());
  }

  @Test
  void patternsDifferingInCaseAFormatSpecAndACatchAllResolveAsInKedroRun() throws Exception {
    Path project = copyExample("tricky-catalog");
    Files.writeString(project.resolve("conf/base/catalog.yml"), TRICKY_CATALOG);

    PipelineDescription tricky = new KedroIntrospector(EventLog.SILENT).describe(python, project, ENV);

    assertEquals(
        new DatasetFacts("{name}_TABLE", "pickle.PickleDataset", false, "file", "data/03_primary/model_input_upper.pickle"),
        tricky.dataset("model_input_table"));
    assertEquals("{namespace}.REGRESSOR", tricky.dataset("active_modelling.regressor").entry());
    assertEquals(
        new DatasetFacts(
            "{default}", "pickle.PickleDataset", false, "file", "data/09_other/active_modelling.X_train.pickle"),
        tricky.dataset("active_modelling.X_train"));
    assertEquals("preprocessed_shuttles", tricky.dataset("preprocessed_shuttles").entry());
    assertTheFactsAreWhatKedrosCatalogMakes(project, tricky);
    // And kedro run writes every node output where the facts say, and nothing else.
    Result run = run(project, Map.of(), python, "-m", "kedro", "run", "--env", ENV);
    assertEquals(0, run.exitCode(), run.output());
    Set<String> expected = new TreeSet<>();
    for (KedroNode node : nodes()) {
      node.outputs().forEach(output -> expected.add(tricky.dataset(output).path()));
    }
    assertEquals(expected, writtenData(project));
  }

  @Test
  void theExampleCompilesForVertexAiWithItsEnvAndWarnsWithTheLocalOne() throws Exception {
    Path project = copyExample("compiled");

    RecordingLog vertexLog = new RecordingLog();
    CompileResult forVertexAi = compile(project, "vertexai", vertexLog);
    RecordingLog localLog = new RecordingLog();
    CompileResult local = compile(project, "local", localLog);

    assertEquals(List.of(), forVertexAi.plan().localFiles());
    assertEquals(List.of(), warnings(vertexLog), "no warning compiling for Vertex AI");
    assertEquals(LocalDatasets.ERROR, forVertexAi.config().runConfig().localDatasets(), "conf/vertexai/vertexai.yml");
    assertEquals(
        Set.of(
            "preprocessed_shuttles", "model_input_table", "active_modelling.regressor", "candidate_modelling.regressor",
            "active_modelling.metrics", "candidate_modelling.metrics"),
        local.plan().localFiles().stream().map(LocalFileDataset::name).collect(Collectors.toSet()));
    String warnings = String.join("\n", warnings(localLog));
    assertTrue(
        warnings.contains(
            "  - model_input_table (catalog entry 'model_input_table', data/03_primary/model_input_table.parquet):"
                + " written by task create-model-input-table-node, read by active-modelling-split-data-node,"
                + " candidate-modelling-split-data-node"),
        warnings);
    assertTrue(
        warnings.contains(
            "  - active_modelling.metrics (catalog entry '{namespace}.metrics',"
                + " data/08_reporting/active_modelling/metrics.json): written by task active-modelling-evaluate-model-node"),
        warnings);
  }

  private static List<String> warnings(RecordingLog log) {
    return log.lines().stream().filter(line -> line.startsWith("WARN ")).toList();
  }

  private CompileResult compile(Path project, String env, EventLog log) throws Exception {
    return new CompileWorkflow(log)
        .compile(
            new ProjectSettings(
                project, work.resolve(project.getFileName() + "-" + env), env, PIPELINE, python, null, List.of(),
                System.getenv()));
  }

  @Test
  void aBrokenProjectFailsWithPythonsOwnErrorAndAHint() throws Exception {
    Path project = copyExample("broken");
    Files.writeString(
        project.resolve("src/spaceflights/pipelines/data_science/nodes.py"),
        "\nbroken_on_import = 1 / 0\n",
        StandardOpenOption.APPEND);

    KedroVertexAiException error =
        assertThrows(
            KedroVertexAiException.class,
            () -> new KedroIntrospector(EventLog.SILENT).describe(python, project, ENV));

    String message = error.getMessage();
    assertTrue(message.contains("failed (exit code 1):\n  ZeroDivisionError: division by zero\nHint: "), message);
    assertFalse(message.contains("Traceback"), message);
  }

  @Test
  void oneProcessPerNodeGivesTheDatasetsOfKedroRun() throws Exception {
    Path project = copyExample("per-node");
    Map<String, String> taskOfNode = new LinkedHashMap<>();
    nodes().forEach(node -> taskOfNode.put(node.name(), node.name()));
    Path timings = work.resolve("per-node-timings.jsonl");

    Set<String> stored = runTasks(project, "job-per-node", taskOfNode, localRoot(project), timings, Map.of());

    assertEquals(CROSSING_NODES, stored, "memory datasets that cross nodes, and only those");
    assertStoredFiles(project, "job-per-node", stored);
    List<String> timedNodes = new ArrayList<>();
    for (String line : Files.readAllLines(timings)) {
      Map<?, ?> entry = JSON.readValue(line, Map.class);
      timedNodes.add((String) entry.get("node"));
      assertTrue(((Number) entry.get("seconds")).doubleValue() >= 0, line);
    }
    assertEquals(List.copyOf(taskOfNode.keySet()), timedNodes);
    assertSameDatasets(plainRun, project);
  }

  @Test
  void storesDatasetsInCloudStorageThroughGcsfs() throws Exception {
    try (GcsEmulator storage = GcsEmulator.start()) {
      storage.createBucket("kedro-test");
      Path project = copyExample("gcs");
      Map<String, String> taskOfNode = new LinkedHashMap<>();
      nodes().forEach(node -> taskOfNode.put(node.name(), node.name()));

      Set<String> stored =
          runTasks(
              project,
              "job-gcs",
              taskOfNode,
              "gs://kedro-test/spaceflights/runs",
              null,
              Map.of("STORAGE_EMULATOR_HOST", storage.url));

      assertEquals(CROSSING_NODES, stored);
      Map<String, byte[]> objects = storage.objects("kedro-test", "");
      assertEquals(
          stored.stream()
              .map(name -> "spaceflights/runs/kedro-vertexai-temp/job-gcs/" + name + ".bin")
              .collect(Collectors.toCollection(TreeSet::new)),
          objects.keySet(),
          "one object per stored dataset, under <root>/kedro-vertexai-temp/<job name>/");
      objects.forEach(
          (name, content) ->
              assertEquals("BZh", new String(content, 0, 3, StandardCharsets.US_ASCII), name + " is bz2-compressed"));
      assertSameDatasets(plainRun, project);
    }
  }

  @Test
  void tagGroupsRunSeveralNodesInOneProcess() throws Exception {
    Path project = copyExample("tag-groups");
    Map<String, String> taskOfNode = new LinkedHashMap<>();
    for (KedroNode node : nodes()) {
      String group = node.tags().stream().filter(tag -> tag.startsWith("group.")).findFirst().orElse(node.name());
      taskOfNode.put(node.name(), group);
    }

    Set<String> stored = runTasks(project, "job-groups", taskOfNode, localRoot(project), null, Map.of());

    assertEquals(
        Set.of(
            "model_input_table",
            "candidate_modelling.X_train",
            "candidate_modelling.X_test",
            "candidate_modelling.y_train",
            "candidate_modelling.y_test",
            "candidate_modelling.regressor"),
        stored,
        "inside a group, datasets stay where the catalog keeps them");
    assertStoredFiles(project, "job-groups", stored);
    assertSameDatasets(plainRun, project);
  }

  @Test
  void aFailingNodeEndsTheTaskWithKedrosError() throws Exception {
    Path project = copyExample("failing");
    // The stored inputs were never written under this job: loading them fails inside Kedro's run.
    Result result =
        runTask(
            project,
            "job-never-ran",
            List.of("active_modelling.train_model_node"),
            List.of("active_modelling.X_train", "active_modelling.y_train"),
            localRoot(project),
            null,
            Map.of());

    assertNotEquals(0, result.exitCode(), result.output());
    assertTrue(result.output().contains("DatasetError"), result.output());
    assertTrue(result.output().contains("Kedro failed in nodes [\"active_modelling.train_model_node\"]"), result.output());
  }

  /** Runs each task (in the order of its first node) in its own process; returns every stored dataset. */
  private Set<String> runTasks(
      Path project,
      String job,
      Map<String, String> taskOfNode,
      String root,
      Path timings,
      Map<String, String> environment)
      throws Exception {
    Map<String, List<String>> nodesOfTask = new LinkedHashMap<>();
    taskOfNode.forEach((node, task) -> nodesOfTask.computeIfAbsent(task, t -> new ArrayList<>()).add(node));
    Map<String, Set<String>> storedOfTask = storedDatasets(taskOfNode);
    Set<String> allStored = new TreeSet<>();
    for (Map.Entry<String, List<String>> task : nodesOfTask.entrySet()) {
      List<String> stored = List.copyOf(storedOfTask.getOrDefault(task.getKey(), Set.of()));
      allStored.addAll(stored);
      Result result = runTask(project, job, task.getValue(), stored, root, timings, environment);
      assertEquals(0, result.exitCode(), "task " + task.getKey() + " failed:\n" + result.output());
    }
    return allStored;
  }

  /**
   * Per task, the datasets it shares with another task (it produces or reads them) that the catalog keeps in memory
   * or in a local file: the contract of {@code --stored}. Kept here rather than taken from the planner so that this
   * test checks the runtime alone.
   */
  private Map<String, Set<String>> storedDatasets(Map<String, String> taskOfNode) {
    Map<String, String> producerTask = new HashMap<>();
    for (KedroNode node : nodes()) {
      node.outputs().forEach(output -> producerTask.put(output, taskOfNode.get(node.name())));
    }
    Map<String, Set<String>> stored = new HashMap<>();
    for (KedroNode node : nodes()) {
      String consumer = taskOfNode.get(node.name());
      for (String input : node.datasetInputs()) {
        String producer = producerTask.get(input);
        DatasetFacts facts = description.dataset(input);
        if (producer != null && !producer.equals(consumer) && (facts.inMemory() || facts.isLocalFile())) {
          stored.computeIfAbsent(producer, t -> new TreeSet<>()).add(input);
          stored.computeIfAbsent(consumer, t -> new TreeSet<>()).add(input);
        }
      }
    }
    return stored;
  }

  private Result runTask(
      Path project,
      String job,
      List<String> nodes,
      List<String> stored,
      String root,
      Path timings,
      Map<String, String> taskEnvironment)
      throws Exception {
    List<String> command =
        new ArrayList<>(
            List.of(
                python,
                "-c",
                PythonScripts.taskScript(),
                "--pipeline",
                PIPELINE,
                "--env",
                ENV,
                "--nodes",
                JSON.writeValueAsString(nodes),
                "--stored",
                JSON.writeValueAsString(stored),
                "--root",
                root));
    PARAMS.forEach(triple -> {
      command.add("--param");
      command.addAll(triple);
    });
    Map<String, String> environment = new HashMap<>(taskEnvironment);
    environment.put("KEDRO_CONFIG_JOB_NAME", job);
    environment.put("KEDRO_CONFIG_RUN_ID", "run-" + job);
    if (timings != null) {
      environment.put("KEDRO_VERTEXAI_TIMINGS", timings.toString());
    }
    return run(project, environment, command.toArray(String[]::new));
  }

  private static String localRoot(Path project) {
    return work.resolve("root-" + project.getFileName()).toUri().toString();
  }

  private void assertStoredFiles(Path project, String job, Set<String> stored) throws IOException {
    Path folder = work.resolve("root-" + project.getFileName()).resolve("kedro-vertexai-temp").resolve(job);
    Set<String> files = new TreeSet<>();
    if (Files.isDirectory(folder)) {
      try (Stream<Path> listing = Files.list(folder)) {
        listing.forEach(file -> files.add(file.getFileName().toString()));
      }
    }
    assertEquals(stored.stream().map(name -> name + ".bin").collect(Collectors.toCollection(TreeSet::new)), files);
    for (String file : files) {
      byte[] head = new byte[3];
      try (InputStream in = Files.newInputStream(folder.resolve(file))) {
        assertEquals(3, in.read(head));
      }
      assertEquals("BZh", new String(head, StandardCharsets.US_ASCII), file + " is bz2-compressed");
    }
  }

  /** Compares every dataset file the two runs wrote (tables by value, models by coefficients, JSON by value). */
  private void assertSameDatasets(Path expected, Path actual) throws Exception {
    String check =
        String.join(
            "\n",
            "import json, pathlib, pickle, sys",
            "import numpy, pandas",
            "def files(root):",
            "    data = pathlib.Path(root, 'data')",
            "    return sorted(str(p.relative_to(data)) for p in data.rglob('*')",
            "                  if p.is_file() and p.name != '.gitkeep' and '01_raw' not in p.parts)",
            "def load(path):",
            "    if path.suffix == '.parquet':",
            "        return pandas.read_parquet(path)",
            "    if path.suffix == '.json':",
            "        return json.loads(path.read_text())",
            "    with open(path, 'rb') as f:",
            "        model = pickle.load(f)",
            "    return [model.coef_.tolist(), float(model.intercept_)]",
            "expected, actual = sys.argv[1], sys.argv[2]",
            "names = files(expected)",
            "assert names == files(actual), (names, files(actual))",
            "for name in names:",
            "    a, b = load(pathlib.Path(expected, 'data', name)), load(pathlib.Path(actual, 'data', name))",
            "    same = a.equals(b) if isinstance(a, pandas.DataFrame) else a == b",
            "    assert same, 'differs: ' + name",
            "print('compared', len(names), 'datasets:', ' '.join(names))");
    Result result = run(actual, Map.of(), python, "-c", check, expected.toString(), actual.toString());
    assertEquals(0, result.exitCode(), result.output());
    assertTrue(result.output().contains("compared 6 datasets"), result.output());
  }

  private List<KedroNode> nodes() {
    return description.pipeline(PIPELINE).orElseThrow().nodes();
  }

  private KedroNode node(String name) {
    return nodes().stream().filter(node -> node.name().equals(name)).findFirst().orElseThrow();
  }

  private Set<String> allDatasets() {
    Set<String> names = new TreeSet<>();
    for (var pipeline : description.pipelines().values()) {
      for (KedroNode node : pipeline.nodes()) {
        names.addAll(node.datasetInputs());
        names.addAll(node.outputs());
      }
    }
    return names;
  }

  /** The files under data/ other than the raw inputs, relative to the project. */
  private static Set<String> writtenData(Path project) throws IOException {
    try (Stream<Path> files = Files.walk(project.resolve("data"))) {
      return files
          .filter(Files::isRegularFile)
          .map(file -> project.relativize(file).toString().replace('\\', '/'))
          .filter(file -> !file.startsWith("data/01_raw/") && !file.endsWith(".gitkeep"))
          .collect(Collectors.toCollection(TreeSet::new));
    }
  }

  /**
   * The dataset Kedro's own catalog makes for each dataset, as in {@code kedro run} (with the memory dataset its
   * runner makes for one no entry defines), has the class of the facts' type and is in memory exactly when the
   * facts say so.
   */
  private void assertTheFactsAreWhatKedrosCatalogMakes(Path project, PipelineDescription facts) throws Exception {
    String check =
        String.join(
            "\n",
            "import json, sys",
            "from kedro.framework.session import KedroSession",
            "from kedro.framework.startup import bootstrap_project",
            "from kedro.io import MemoryDataset",
            "bootstrap_project('.')",
            "names = json.loads(sys.argv[1])",
            "made = {}",
            "with KedroSession.create(project_path='.', env=sys.argv[2]) as session:",
            "    catalog = session.load_context().catalog",
            "    for name in names:",
            "        if hasattr(catalog, 'get_type'):  # Kedro 1.x",
            "            dataset = catalog.get(name) or MemoryDataset()",
            "        else:  # Kedro 0.19 has no public getter",
            "            dataset = catalog._get_dataset(name) if name in catalog else MemoryDataset()",
            "        made[name] = [type(dataset).__name__, isinstance(dataset, MemoryDataset)]",
            "print('MADE ' + json.dumps(made))");
    Result result = run(project, Map.of(), python, "-c", check, JSON.writeValueAsString(allDatasets()), ENV);
    assertEquals(0, result.exitCode(), result.output());
    String line = result.output().lines().filter(l -> l.startsWith("MADE ")).findFirst().orElseThrow();
    Map<?, ?> made = JSON.readValue(line.substring("MADE ".length()), Map.class);
    for (String name : allDatasets()) {
      DatasetFacts fact = facts.dataset(name);
      List<?> kedroMade = (List<?>) made.get(name);
      String simpleType = fact.type().substring(fact.type().lastIndexOf('.') + 1);
      assertEquals(List.of(simpleType, fact.inMemory()), kedroMade, name + ": " + fact);
    }
  }

  private static void assertTopologicalOrder(List<KedroNode> nodes) {
    Map<String, Integer> producedAt = new HashMap<>();
    for (int i = 0; i < nodes.size(); i++) {
      for (String output : nodes.get(i).outputs()) {
        producedAt.put(output, i);
      }
    }
    for (int i = 0; i < nodes.size(); i++) {
      for (String input : nodes.get(i).datasetInputs()) {
        assertTrue(producedAt.getOrDefault(input, -1) < i, input + " is produced before " + nodes.get(i).name());
      }
    }
  }

  private Path copyExample(String name) throws IOException, InterruptedException {
    return kedro.copyExample(work.resolve(kedro.line.id + "-" + name));
  }

  private record Result(int exitCode, String output) {}

  private static Result run(Path cwd, Map<String, String> environment, String... command) throws Exception {
    Path log = Files.createTempFile("kedro-live", ".log");
    try {
      ProcessBuilder builder =
          new ProcessBuilder(command).directory(cwd.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
      builder.environment().putAll(environment);
      Process process = builder.start();
      process.getOutputStream().close();
      if (!process.waitFor(5, TimeUnit.MINUTES)) {
        process.destroyForcibly();
        throw new AssertionError("timed out: " + String.join(" ", command).substring(0, 200));
      }
      return new Result(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(log);
    }
  }
}
