package dev.kedrovertexai.core.plan;

import static dev.kedrovertexai.core.plan.Fixtures.catalog;
import static dev.kedrovertexai.core.plan.Fixtures.config;
import static dev.kedrovertexai.core.plan.Fixtures.description;
import static dev.kedrovertexai.core.plan.Fixtures.localFile;
import static dev.kedrovertexai.core.plan.Fixtures.node;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kedrovertexai.core.EventLog;
import dev.kedrovertexai.core.KedroVertexAiException;
import dev.kedrovertexai.core.Problem;
import dev.kedrovertexai.core.ProblemsException;
import dev.kedrovertexai.core.RecordingLog;
import dev.kedrovertexai.core.config.GroupingConfig;
import dev.kedrovertexai.core.config.LocalDatasets;
import dev.kedrovertexai.core.config.VertexAiConfig;
import dev.kedrovertexai.core.description.DatasetFacts;
import dev.kedrovertexai.core.description.PipelineDescription;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PlannerTest {
  /** load_raw -> cleaned -> {summarise, score}; summary + scores -> reporting.build_report (the ITs' project). */
  private static PipelineDescription tiny(Map<String, DatasetFacts> catalog) {
    return description(
        catalog,
        node("load_raw", List.of("raw", "params:threshold"), List.of("cleaned"), "group.prep"),
        node("summarise", List.of("cleaned"), List.of("summary"), "group.prep"),
        node("score", List.of("cleaned", "parameters"), List.of("scores"), "training"),
        node("reporting.build_report", List.of("summary", "scores"), List.of("reporting.report")));
  }

  /** raw and scores are declared, reporting.report matches a factory pattern; all live in Cloud Storage. */
  private static Map<String, DatasetFacts> tinyCatalog() {
    Map<String, DatasetFacts> catalog = catalog("raw", "scores");
    catalog.put("reporting.report", new DatasetFacts("{namespace}.report", "json.JSONDataset", false, "gs", "b/r.json"));
    return catalog;
  }

  private static ExecutionPlan plan(PipelineDescription description, VertexAiConfig config)
      throws KedroVertexAiException {
    return new Planner(EventLog.SILENT).plan(description, "__default__", config);
  }

  private static PlannedTask taskOf(ExecutionPlan plan, String node) {
    return plan.tasks().stream().filter(t -> t.nodes().contains(node)).findFirst().orElseThrow();
  }

  private static ProblemsException problems(PipelineDescription description, VertexAiConfig config) {
    return assertThrows(ProblemsException.class, () -> plan(description, config));
  }

  @Test
  void unknownPipelineNamesTheAvailableOnesAndTheProperty() {
    KedroVertexAiException e =
        assertThrows(
            KedroVertexAiException.class,
            () -> new Planner(EventLog.SILENT).plan(tiny(tinyCatalog()), "trainig", config().build()));
    assertTrue(e.getMessage().contains("'trainig'"), e.getMessage());
    assertTrue(e.getMessage().contains("__default__"), e.getMessage());
    assertTrue(e.getMessage().contains("-Dvertexai.pipeline"), e.getMessage());
  }

  @Test
  void anEmptyPipelineIsAnError() {
    KedroVertexAiException e =
        assertThrows(KedroVertexAiException.class, () -> plan(description(catalog()), config().build()));
    assertTrue(e.getMessage().contains("no nodes"), e.getMessage());
  }

  @Test
  void aDependencyCycleAmongNodesNamesTheNodesOnIt() {
    PipelineDescription description =
        description(
            catalog("raw"),
            node("start", List.of("raw"), List.of("a")),
            node("ping", List.of("a", "pong_out"), List.of("ping_out")),
            node("pong", List.of("ping_out"), List.of("pong_out")));
    KedroVertexAiException e =
        assertThrows(KedroVertexAiException.class, () -> plan(description, config().build()));
    assertEquals(
        "Kedro pipeline '__default__' has a dependency cycle among nodes [ping, pong]", e.getMessage());
  }

  @Test
  void identityMakesOneTaskPerNodeInTopologicalOrderWithDependencies() throws Exception {
    ExecutionPlan plan = plan(tiny(tinyCatalog()), config().build());
    assertEquals("none", plan.groupingStrategy());
    assertEquals(
        List.of("load-raw", "summarise", "score", "reporting-build-report"),
        plan.tasks().stream().map(PlannedTask::name).toList());
    assertEquals(List.of("score", "summarise"), taskOf(plan, "reporting.build_report").dependsOn());
    assertEquals(List.of("load-raw"), taskOf(plan, "score").dependsOn());
    assertEquals(List.of("reporting.build_report"), taskOf(plan, "reporting.build_report").nodes());
  }

  @Test
  void datasetsCrossingTasksWithoutCatalogEntryAreStored() throws Exception {
    ExecutionPlan plan = plan(tiny(tinyCatalog()), config().build());
    // 'scores' is declared and '{namespace}.report' matches the factory pattern: neither goes to storage.
    assertEquals(List.of("cleaned", "summary"), plan.storedDatasets());
    assertEquals(List.of("cleaned"), taskOf(plan, "load_raw").storedOutputs());
    assertEquals(List.of("cleaned"), taskOf(plan, "score").storedInputs());
    assertEquals(List.of("summary"), taskOf(plan, "reporting.build_report").storedInputs());
    assertEquals(List.of(), taskOf(plan, "score").storedOutputs());
  }

  @Test
  void aDeclaredMemoryDatasetCannotCarryDataBetweenTasks() throws Exception {
    Map<String, DatasetFacts> catalog = catalog("raw");
    catalog.put("cleaned", new DatasetFacts("cleaned", "MemoryDataset", true, null, null));
    catalog.put("scores", new DatasetFacts("{default}", "kedro.io.MemoryDataset", true, null, null));
    ExecutionPlan plan = plan(tiny(catalog), config().build());
    // 'scores' falls to the memory catch-all pattern; 'reporting.report' is read by no one, so nothing moves it.
    assertEquals(List.of("cleaned", "scores", "summary"), plan.storedDatasets());
  }

  @Test
  void whatKedroResolvedDecidesNotTheNamesOfEntriesOrPatterns() throws Exception {
    // Kedro matched 'cleaned' to '{STAGE}ED' (case-insensitively) and 'scores' to a memory dataset: the planner
    // takes these answers as they are, whatever the patterns look like.
    Map<String, DatasetFacts> catalog = tinyCatalog();
    catalog.put("cleaned", new DatasetFacts("{STAGE}ED", "pickle.PickleDataset", false, "gs", "b/cleaned.pkl"));
    catalog.put("scores", new DatasetFacts("{name:d}", "MemoryDataset", true, null, null));
    ExecutionPlan plan = plan(tiny(catalog), config().build());
    assertEquals(List.of("scores", "summary"), plan.storedDatasets());
    assertEquals(List.of(), plan.localFiles());
  }

  @Test
  void aLocalFileReadInAnotherTaskGoesThroughStorageAndTheLogNamesItsEntryAndTheFix() throws Exception {
    Map<String, DatasetFacts> catalog = tinyCatalog();
    catalog.put("cleaned", localFile("{name}", "data/02_intermediate/cleaned.parquet"));
    RecordingLog log = new RecordingLog();
    ExecutionPlan plan = new Planner(log).plan(tiny(catalog), "__default__", config().build());

    assertEquals(List.of("cleaned", "summary"), plan.storedDatasets());
    assertEquals(List.of("cleaned"), taskOf(plan, "load_raw").storedOutputs());
    assertEquals(List.of("cleaned"), taskOf(plan, "score").storedInputs());
    assertEquals(
        List.of(
            new LocalFileDataset(
                "cleaned", "{name}", "data/02_intermediate/cleaned.parquet", "load-raw", List.of("score", "summarise"))),
        plan.localFiles());
    assertEquals(
        List.of(
            "WARN 1 dataset of the catalog of Kedro env 'local' is written to a local path and read in another task;"
                + " a local file does not travel between Vertex AI containers, so it goes through the run's temporary"
                + " storage as well:\n"
                + "  - cleaned (catalog entry '{name}', data/02_intermediate/cleaned.parquet): written by task"
                + " load-raw, read by score, summarise\n"
                + "To have the catalog carry it, give it a gs:// path in the catalog of the Kedro env used for Vertex AI"
                + " (conf/<env>/catalog.yml, compiled with -Dvertexai.env=<env>); to stop the build instead, set"
                + " run_config.local_datasets: error."),
        log.lines());
  }

  @Test
  void underLocalDatasetsErrorALocalFileReadInAnotherTaskIsAProblem() {
    Map<String, DatasetFacts> catalog = tinyCatalog();
    catalog.put("cleaned", localFile("{name}", "data/cleaned.parquet"));
    catalog.put("summary", localFile("summary", "/tmp/summary.parquet"));
    ProblemsException e = problems(tiny(catalog), config().localDatasets(LocalDatasets.ERROR).build());

    assertEquals(
        List.of(
            "catalog of Kedro env 'local': dataset 'cleaned' (catalog entry '{name}') is written to the local path"
                + " data/cleaned.parquet by task load-raw and read by task score, summarise; a local file does not"
                + " travel between Vertex AI containers, and run_config.local_datasets: error"
                + " (conf/base/vertexai.yml:8:3) keeps it out of the run's temporary storage: give it a gs:// path in"
                + " this catalog",
            "catalog of Kedro env 'local': dataset 'summary' (catalog entry 'summary') is written to the local path"
                + " /tmp/summary.parquet by task summarise and read by task reporting-build-report; a local"
                + " file does not travel between Vertex AI containers, and run_config.local_datasets: error"
                + " (conf/base/vertexai.yml:8:3) keeps it out of the run's temporary storage: give it a gs:// path in"
                + " this catalog"),
        e.problems().stream().map(Problem::toString).toList());
    assertTrue(e.getMessage().startsWith("Cannot plan Kedro pipeline '__default__' for Vertex AI"), e.getMessage());
  }

  @Test
  void aLocalFileNoOtherTaskReadsIsLostAndTheLogSaysHowToKeepIt() throws Exception {
    Map<String, DatasetFacts> catalog = catalog("raw");
    catalog.put("x", localFile("x", "data/x.parquet"));
    catalog.put("z", localFile("{name}", "data/z.parquet"));
    // x is read only inside its tag group, z by no node: both are lost with their containers.
    PipelineDescription description =
        description(
            catalog,
            node("a", List.of("raw"), List.of("x"), "group.g"),
            node("b", List.of("x"), List.of("y"), "group.g"),
            node("c", List.of("y"), List.of("z")));
    RecordingLog log = new RecordingLog();
    ExecutionPlan plan =
        new Planner(log).plan(description, "__default__", config().localDatasets(LocalDatasets.ERROR).tags().build());

    assertEquals(List.of("y"), plan.storedDatasets());
    assertEquals(
        List.of(
            "WARN 2 datasets of the catalog of Kedro env 'local' are written to a local path that no later task"
                + " reads, so each is lost when its Vertex AI container ends:\n"
                + "  - x (catalog entry 'x', data/x.parquet): written by task g\n"
                + "  - z (catalog entry '{name}', data/z.parquet): written by task c\n"
                + "To keep them, give them a gs:// path in the catalog of the Kedro env used for Vertex AI"
                + " (conf/<env>/catalog.yml, compiled with -Dvertexai.env=<env>)."),
        log.lines());
  }

  @Test
  void inputsOnLocalPathsAreFineAndNoGsDatasetIsStored() throws Exception {
    // raw is read from data/01_raw (shipped in the image); scores and reporting.report live in Cloud Storage.
    RecordingLog log = new RecordingLog();
    Map<String, DatasetFacts> catalog = tinyCatalog();
    catalog.put("raw", localFile("raw", "data/01_raw/raw.csv"));
    ExecutionPlan plan = new Planner(log).plan(tiny(catalog), "__default__", config().build());
    assertEquals(List.of(), plan.localFiles());
    assertEquals(List.of(), log.lines());
  }

  @Test
  void aDatasetReadInsideAndOutsideItsGroupIsStored() throws Exception {
    ExecutionPlan plan = plan(tiny(tinyCatalog()), config().tags().build());
    assertEquals(3, plan.tasks().size());
    PlannedTask prep = taskOf(plan, "load_raw");
    assertEquals("prep", prep.name());
    assertEquals(List.of("load_raw", "summarise"), prep.nodes());
    // 'cleaned' is read by summarise (same task) and by score (another task): kedro-vertexai loses it.
    assertEquals(List.of("cleaned", "summary"), prep.storedOutputs());
    assertEquals(List.of("cleaned"), taskOf(plan, "score").storedInputs());
  }

  @Test
  void aDatasetReadOnlyInsideItsGroupStaysInMemory() throws Exception {
    PipelineDescription description =
        description(
            catalog("raw"),
            node("a", List.of("raw"), List.of("x"), "group.g"),
            node("b", List.of("x"), List.of("y"), "group.g"),
            node("c", List.of("y"), List.of("z")));
    ExecutionPlan plan = plan(description, config().tags().build());
    assertEquals(List.of("y"), plan.storedDatasets());
    assertEquals(List.of("y"), taskOf(plan, "a").storedOutputs());
  }

  @Test
  void transcodedDatasetsAreOneDependency() throws Exception {
    PipelineDescription description =
        description(
            catalog("raw", "cars@spark", "cars@pandas"),
            node("write", List.of("raw"), List.of("cars@spark")),
            node("read", List.of("cars@pandas"), List.of("summary")));
    ExecutionPlan plan = plan(description, config().build());
    assertEquals(List.of("write"), taskOf(plan, "read").dependsOn());
    assertEquals(List.of(), plan.storedDatasets());
  }

  @Test
  void nodesListedOutOfOrderArePlannedInDependencyOrder() throws Exception {
    PipelineDescription description =
        description(
            catalog("raw"),
            node("last", List.of("b"), List.of("c")),
            node("first", List.of("raw"), List.of("a")),
            node("middle", List.of("a"), List.of("b")));
    List<String> names = plan(description, config().build()).tasks().stream().map(PlannedTask::name).toList();
    assertEquals(List.of("first", "middle", "last"), names);
  }

  @Test
  void aDescriptionThatKedroCouldNotHaveMadeIsRejectedWithTheReason() {
    PipelineDescription cyclic =
        description(catalog(), node("a", List.of("y"), List.of("x")), node("b", List.of("x"), List.of("y")));
    KedroVertexAiException cycle =
        assertThrows(KedroVertexAiException.class, () -> plan(cyclic, config().build()));
    assertTrue(cycle.getMessage().contains("cycle") && cycle.getMessage().contains("[a, b]"), cycle.getMessage());
    PipelineDescription twice =
        description(catalog("raw"), node("a", List.of("raw"), List.of("x")), node("b", List.of("raw"), List.of("x")));
    KedroVertexAiException produced =
        assertThrows(KedroVertexAiException.class, () -> plan(twice, config().build()));
    assertTrue(produced.getMessage().contains("'x' (by a and b)"), produced.getMessage());
  }

  @Test
  void anUnresolvedFreeInputIsAnErrorNamingDatasetAndReaders() {
    PipelineDescription description =
        description(
            catalog("other"),
            node("load_raw", List.of("raw", "params:x"), List.of("cleaned")),
            node("check_raw", List.of("raw", "parameters"), List.of("checked")));
    ProblemsException e = problems(description, config().build());
    assertEquals(1, e.problems().size(), e.getMessage());
    String message = e.problems().get(0).message();
    assertTrue(message.contains("'raw'") && message.contains("load_raw, check_raw"), message);
    assertTrue(message.contains("catalog"), message);
  }

  @Test
  void aFreeInputResolvedByAFactoryPatternIsFine() throws Exception {
    Map<String, DatasetFacts> catalog =
        Map.of("companies_raw", new DatasetFacts("{name}_raw", "pandas.CSVDataset", false, "file", "data/c.csv"));
    PipelineDescription description =
        description(catalog, node("load", List.of("companies_raw"), List.of("companies")));
    assertEquals(1, plan(description, config().build()).tasks().size());
  }

  @Test
  void tagGroupingHonoursACustomPrefixAndLeavesOtherNodesAlone() throws Exception {
    PipelineDescription description =
        description(
            catalog("raw"),
            node("a", List.of("raw"), List.of("x"), "stage:one", "group.ignored"),
            node("b", List.of("x"), List.of("y"), "stage:one"),
            node("c", List.of("y"), List.of("z")));
    ExecutionPlan plan =
        plan(description, config().grouping(GroupingConfig.TAGS, Map.of("tag_prefix", "stage:")).build());
    assertEquals("tags", plan.groupingStrategy());
    assertEquals(List.of("one", "c"), plan.tasks().stream().map(PlannedTask::name).toList());
    assertEquals("one", taskOf(plan, "a").group());
  }

  @Test
  void aNodeWithTwoGroupTagsIsAProblemNamingNodeAndTags() {
    PipelineDescription description =
        description(catalog("raw"), node("a", List.of("raw"), List.of("x"), "group.one", "group.two"));
    ProblemsException e = problems(description, config().tags().build());
    String message = e.problems().get(0).message();
    assertTrue(message.contains("'a'") && message.contains("group.one") && message.contains("group.two"), message);
  }

  @Test
  void aCycleBetweenGroupsNamesTheNodesOnIt() {
    // g1 = {a, c}, g2 = {b}: a -> b -> c makes g1 -> g2 -> g1.
    PipelineDescription description =
        description(
            catalog("raw"),
            node("a", List.of("raw"), List.of("x"), "group.g1"),
            node("b", List.of("x"), List.of("y"), "group.g2"),
            node("c", List.of("y"), List.of("z"), "group.g1"),
            node("d", List.of("raw"), List.of("w")));
    ProblemsException e = problems(description, config().tags().build());
    String message = e.problems().get(0).message();
    assertTrue(message.contains("cycle"), message);
    assertTrue(message.contains("a [g1] -> b [g2]") && message.contains("b [g2] -> c [g1]"), message);
    assertTrue(!message.contains("d ["), message);
  }

  @Test
  void taskNamesSurviveAllKedroNamingStylesAndStayUnique() throws Exception {
    PipelineDescription description =
        description(
            catalog("raw"),
            node("create_confusion_matrix__adb01ae6", List.of("raw"), List.of("m")),
            node("preprocess_companies([companies;raw]) -> [preprocessed_companies]", List.of("m"), List.of("p")),
            node("data_science.model.Train", List.of("p"), List.of("q")),
            node("data_science.model_train", List.of("q"), List.of("r")),
            node("data-science.model.train", List.of("r"), List.of("s")),
            node("x".repeat(100), List.of("s"), List.of("t")),
            node("___", List.of("t"), List.of("u")));
    List<String> names = plan(description, config().build()).tasks().stream().map(PlannedTask::name).toList();
    assertEquals("create-confusion-matrix-adb01ae6", names.get(0));
    assertEquals("preprocess-companies", names.get(1));
    assertEquals("data-science-model-train", names.get(2));
    assertEquals("data-science-model-train-2", names.get(3));
    assertEquals("data-science-model-train-3", names.get(4));
    assertTrue(names.get(5).startsWith("xxxx") && names.get(5).length() <= 63, names.get(5));
    assertEquals("task", names.get(6));
    for (String name : names) {
      assertTrue(name.matches("[a-z0-9][a-z0-9-]{0,62}") && !name.endsWith("-"), name);
    }
    assertEquals(names.size(), names.stream().distinct().count());
  }

  @Test
  void resourcesResolveFieldByFieldNodeOverTagOverDefault() throws Exception {
    VertexAiConfig config =
        config()
            .resource("__default__", "500m", "1Gi", null)
            .resource("training", "2", "4Gi", null)
            .resource("score", null, "8Gi", null)
            .resource("reporting.build_report", null, "2Gi", null)
            .build();
    ExecutionPlan plan = plan(tiny(tinyCatalog()), config);
    assertEquals(new ContainerResources("2", "8Gi", null, null), taskOf(plan, "score").resources());
    assertEquals(
        new ContainerResources("500m", "2Gi", null, null), taskOf(plan, "reporting.build_report").resources());
    assertEquals(new ContainerResources("500m", "1Gi", null, null), taskOf(plan, "load_raw").resources());
  }

  @Test
  void withoutDefaultKeyKedroVertexAisDefaultsApply() throws Exception {
    ExecutionPlan plan = plan(tiny(tinyCatalog()), config().resource("training", "2", null, null).build());
    assertEquals(new ContainerResources("2", "1024Mi", null, null), taskOf(plan, "score").resources());
    assertEquals(new ContainerResources("500m", "1024Mi", null, null), taskOf(plan, "load_raw").resources());
  }

  @Test
  void aGroupKeyAppliesToTheGroupsNodesAndTheTaskTakesTheFieldWiseMaximum() throws Exception {
    VertexAiConfig config =
        config()
            .tags()
            .resource("prep", null, "1536Mi", null)
            .resource("load_raw", "1500m", "1Gi", null)
            .resource("summarise", "0.5", null, null)
            .build();
    ContainerResources prep = taskOf(plan(tiny(tinyCatalog()), config), "load_raw").resources();
    assertEquals(new ContainerResources("1500m", "1536Mi", null, null), prep);
  }

  @Test
  void twoTagsSettingOneFieldDifferentlyIsAProblemNamingBoth() {
    PipelineDescription description =
        description(catalog("raw"), node("fit", List.of("raw"), List.of("m"), "big", "gpu"));
    VertexAiConfig config =
        config().resource("big", "4", "8Gi", null).resource("gpu", "8", "8Gi", null).build();
    ProblemsException e = problems(description, config);
    assertEquals(1, e.problems().size(), e.getMessage());
    Problem problem = e.problems().get(0);
    assertTrue(problem.message().contains("'big'") && problem.message().contains("'gpu'"), problem.message());
    assertTrue(problem.message().contains("cpu") && problem.message().contains("fit"), problem.message());
    assertEquals("run_config.resources.gpu.cpu", problem.keyPath());
  }

  @Test
  void theNodesOwnKeySettlesWhatItsTagsDisagreeOn() throws Exception {
    PipelineDescription description =
        description(catalog("raw"), node("fit", List.of("raw"), List.of("m"), "big", "gpu"));
    VertexAiConfig config =
        config()
            .resource("big", "4", null, null)
            .resource("gpu", "8", null, null)
            .resource("fit", "6", null, null)
            .build();
    assertEquals("6", plan(description, config).tasks().get(0).resources().cpuLimit());
  }

  @Test
  void aKeyMatchingNothingIsReportedAtItsLineWithASuggestion() {
    VertexAiConfig config =
        config().resource("scroe", "2", null, null).accelerator("trainig", "NVIDIA_TESLA_T4").build();
    ProblemsException e = problems(tiny(tinyCatalog()), config);
    assertEquals(2, e.problems().size(), e.getMessage());
    Problem resources = e.problems().get(0);
    assertEquals("run_config.resources.scroe", resources.keyPath());
    assertTrue(resources.message().contains("did you mean 'score'?"), resources.message());
    assertTrue(
        resources.toString().matches("conf/base/vertexai\\.yml:8:\\d+: run_config\\.resources\\.scroe: .*matches no node.*"),
        resources.toString());
    assertTrue(e.getMessage().startsWith("Invalid Vertex AI configuration"), e.getMessage());
    assertTrue(e.problems().get(1).message().contains("did you mean 'training'?"), e.problems().get(1).message());
  }

  @Test
  void keysOfNodesInOtherPipelinesAndGroupNamesAreNotProblems() throws Exception {
    PipelineDescription base = tiny(tinyCatalog());
    PipelineDescription description =
        new PipelineDescription(
            base.formatVersion(),
            base.projectName(),
            base.packageName(),
            base.kedroVersion(),
            base.env(),
            Map.of(
                "__default__", base.pipelines().get("__default__"),
                "other",
                new dev.kedrovertexai.core.description.KedroPipeline(
                    "other", List.of(node("elsewhere", List.of("raw"), List.of("e"))))),
            base.datasets(),
            List.of());
    VertexAiConfig config = config().resource("elsewhere", "2", null, null).resource("prep", "2", null, null).build();
    assertEquals("2", taskOf(plan(description, config), "load_raw").resources().cpuLimit());
  }

  @Test
  void gkeAcceleratorLabelsBecomeVertexAcceleratorTypes() throws Exception {
    VertexAiConfig config =
        config()
            .accelerator("training", "nvidia-tesla-t4")
            .accelerator("reporting.build_report", "NVIDIA_L4")
            .resource("reporting.build_report", null, null, 2)
            .build();
    ExecutionPlan plan = plan(tiny(tinyCatalog()), config);
    assertEquals(new ContainerResources("500m", "1024Mi", "NVIDIA_TESLA_T4", 1), taskOf(plan, "score").resources());
    assertEquals(
        new ContainerResources("500m", "1024Mi", "NVIDIA_L4", 2), taskOf(plan, "reporting.build_report").resources());
    assertTrue(!taskOf(plan, "load_raw").resources().hasAccelerator());
  }

  @Test
  void anUnknownAcceleratorOrAGpuWithoutAcceleratorIsAProblem() {
    VertexAiConfig config =
        config().accelerator("training", "nvidia-tesla-t5").resource("prep", null, null, 1).build();
    ProblemsException e = problems(tiny(tinyCatalog()), config);
    assertEquals(2, e.problems().size(), e.getMessage());
    String text = e.getMessage();
    assertTrue(text.contains("'nvidia-tesla-t5' is not a Vertex AI accelerator type"), text);
    assertTrue(text.contains("run_config.resources.prep.gpu") && text.contains("load_raw, summarise"), text);
  }

  @Test
  void allProblemsOfOnePassAreReportedTogether() {
    PipelineDescription description =
        description(
            catalog(),
            node("a", List.of("raw"), List.of("x"), "group.one", "group.two"));
    ProblemsException e =
        problems(description, config().tags().resource("nope", "1", null, null).build());
    assertEquals(3, e.problems().size(), e.getMessage());
    assertTrue(e.getMessage().startsWith("Cannot plan Kedro pipeline '__default__'"), e.getMessage());
  }

  @Test
  void aCostModelParamThatIsNotSecondsIsAProblem() {
    VertexAiConfig config =
        config().grouping(GroupingConfig.AUTO, Map.of("task_overhead_seconds", "a minute")).build();
    ProblemsException e = problems(tiny(tinyCatalog()), config);
    assertEquals("run_config.grouping.params.task_overhead_seconds", e.problems().get(0).keyPath());
    assertTrue(e.problems().get(0).message().contains("'a minute'"), e.getMessage());
  }

  @Test
  void autoMergesTheSpaceflightsPipelineAndHalvesItsModelledTime() throws Exception {
    ExecutionPlan none = plan(RandomDags.spaceflights(false), config().build());
    ExecutionPlan auto = plan(RandomDags.spaceflights(false), config().auto().build());
    assertEquals(9, none.tasks().size());
    assertEquals(none.modelledSecondsPlanned(), none.modelledSecondsUngrouped());
    assertEquals(none.modelledSecondsUngrouped(), auto.modelledSecondsUngrouped());
    assertTrue(auto.tasks().size() < 9, auto.tasks().toString());
    assertTrue(
        auto.modelledSecondsPlanned() * 2 <= auto.modelledSecondsUngrouped(),
        auto.modelledSecondsPlanned() + " vs " + auto.modelledSecondsUngrouped());
    assertEquals(List.of(), auto.storedDatasets(), "the train/test split stays in memory");
  }

  @Test
  void autoNeverMergesNodesOnDifferentMachines() throws Exception {
    VertexAiConfig config =
        config().auto().resource("train_model_node", "4", "16Gi", null).build();
    ExecutionPlan plan = plan(RandomDags.spaceflights(false), config);
    PlannedTask train = taskOf(plan, "train_model_node");
    assertEquals(List.of("train_model_node"), train.nodes());
    assertEquals(new ContainerResources("4", "16Gi", null, null), train.resources());
    // The split now crosses task boundaries both ways, so it is stored.
    assertTrue(plan.storedDatasets().containsAll(List.of("X_train", "y_train")), plan.storedDatasets().toString());
  }

  @Test
  void autoKeepsTagGroupsWhole() throws Exception {
    ExecutionPlan plan = plan(RandomDags.spaceflights(true), config().auto().build());
    for (String group : List.of("data_processing", "data_science", "reporting")) {
      long tasksHoldingGroup =
          plan.tasks().stream()
              .filter(
                  t ->
                      t.nodes().stream()
                          .anyMatch(n -> groupOf(RandomDags.spaceflights(true), n).equals(group)))
              .count();
      assertEquals(1, tasksHoldingGroup, group + " split over tasks: " + plan.tasks());
    }
  }

  private static String groupOf(PipelineDescription description, String node) {
    return description.pipelines().get("__default__").nodes().stream()
        .filter(n -> n.name().equals(node))
        .findFirst()
        .orElseThrow()
        .tags()
        .get(0)
        .substring("group.".length());
  }

  @Test
  void autoKeepsLongParallelBranchesParallel() throws Exception {
    // Two independent 300 s nodes after a common source: one task would take 690 s, parallel tasks 490 s.
    PipelineDescription description =
        description(
            catalog("raw", "x", "left", "right"),
            node("source", List.of("raw"), List.of("x")),
            node("left", List.of("x"), List.of("left")),
            node("right", List.of("x"), List.of("right")));
    NodeTimings timings = new NodeTimings("job", Map.of("left", 300.0, "right", 300.0), Map.of());
    ExecutionPlan plan =
        new Planner(EventLog.SILENT).plan(description, "__default__", config().auto().build(), timings);
    assertTrue(!taskOf(plan, "left").equals(taskOf(plan, "right")), plan.tasks().toString());
    assertTrue(plan.modelledSecondsPlanned() <= 490 + 1e-9, String.valueOf(plan.modelledSecondsPlanned()));
    // With the default 10 s per node, merging everything is fastest.
    ExecutionPlan untimed = plan(description, config().auto().build());
    assertEquals(1, untimed.tasks().size(), untimed.tasks().toString());
    assertEquals(90 + 30, untimed.modelledSecondsPlanned(), 1e-9);
  }

  @Test
  void theCostModelIsTunedByGroupingParams() throws Exception {
    VertexAiConfig config =
        config()
            .grouping(
                GroupingConfig.IDENTITY,
                Map.of("task_overhead_seconds", 60, "node_seconds", "20", "storage_seconds", 1))
            .build();
    ExecutionPlan plan = plan(tiny(tinyCatalog()), config);
    // load_raw (saves cleaned) -> summarise (loads cleaned, saves summary) -> build_report (loads summary).
    assertEquals(81 + 82 + 81, plan.modelledSecondsPlanned(), 1e-9);
    assertEquals(82, taskOf(plan, "summarise").modelledSeconds(), 1e-9);
  }
}
