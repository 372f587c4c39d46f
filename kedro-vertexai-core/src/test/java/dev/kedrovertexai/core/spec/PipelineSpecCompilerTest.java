package dev.kedrovertexai.core.spec;

import static dev.kedrovertexai.core.spec.SpecFixtures.GPU;
import static dev.kedrovertexai.core.spec.SpecFixtures.SCRIPT;
import static dev.kedrovertexai.core.spec.SpecFixtures.SMALL;
import static dev.kedrovertexai.core.spec.SpecFixtures.request;
import static dev.kedrovertexai.core.spec.SpecFixtures.spaceflightsPlan;
import static dev.kedrovertexai.core.spec.SpecFixtures.task;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.cloud.aiplatform.v1.PipelineJob;
import com.google.protobuf.util.JsonFormat;
import dev.kedrovertexai.core.Problem;
import dev.kedrovertexai.core.ProblemsException;
import dev.kedrovertexai.core.config.HostAlias;
import dev.kedrovertexai.core.config.ParameterType;
import dev.kedrovertexai.core.config.ParameterValue;
import dev.kedrovertexai.core.config.PipelineParameter;
import dev.kedrovertexai.core.config.VertexAiConfig;
import dev.kedrovertexai.core.plan.ContainerResources;
import dev.kedrovertexai.core.plan.ExecutionPlan;
import dev.kedrovertexai.core.plan.PlannedTask;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PipelineSpecCompilerTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final PipelineSpecCompiler compiler = new PipelineSpecCompiler();

  @Test
  void compilesThePlanIntoASpecWithOneTaskEntryPerTask() throws Exception {
    SpecFixtures.Config config = new SpecFixtures.Config();
    config.parameter(new PipelineParameter("run_date", ParameterType.STRING, ParameterValue.ofString("2024-01-01")));
    CompiledPipeline compiled = compiler.compile(request(spaceflightsPlan(), config.build()));

    JsonNode spec = MAPPER.readTree(compiled.specJson());
    assertEquals(List.of(), SpecChecker.check(compiled.specJson()));
    assertEquals("spaceflights", compiled.pipelineName());
    assertEquals("2.1.0", spec.path("schemaVersion").asText());
    assertEquals("kedro-vertexai-maven-plugin-1.2.3", spec.path("sdkVersion").asText());
    assertEquals("spaceflights", spec.path("pipelineInfo").path("name").asText());
    assertEquals(
        "Spaceflights on Vertex AI", spec.path("pipelineInfo").path("description").asText());
    assertEquals("gs://acme-bucket/spaceflights", spec.path("defaultPipelineRoot").asText());

    JsonNode tasks = spec.path("root").path("dag").path("tasks");
    assertEquals(
        List.of(
            "create-model-input-table",
            "preprocess-companies",
            "preprocess-shuttles",
            "train-model"),
        names(tasks));
    JsonNode join = tasks.path("create-model-input-table");
    assertEquals("create-model-input-table", join.path("taskInfo").path("name").asText());
    assertEquals("comp-kedro-1", join.path("componentRef").path("name").asText());
    assertEquals(
        List.of("preprocess-companies", "preprocess-shuttles"),
        strings(join.path("dependentTasks")));
    JsonNode inputs = join.path("inputs").path("parameters");
    assertEquals(
        List.of("create_model_input_table_node", "data_science.split_data_node"),
        strings(MAPPER.readTree(constant(inputs, "kedro_nodes"))));
    assertEquals(
        List.of("X_train", "preprocessed_companies", "preprocessed_shuttles", "y_train"),
        strings(MAPPER.readTree(constant(inputs, "kedro_stored"))));
    assertEquals("run_date", inputs.path("run_date").path("componentInputParameter").asText());
    assertFalse(tasks.path("preprocess-shuttles").has("dependentTasks"));
    assertEquals(
        "[\"X_train\",\"y_train\"]",
        constant(tasks.path("train-model").path("inputs").path("parameters"), "kedro_stored"));
    assertEquals(
        "comp-kedro-2", tasks.path("train-model").path("componentRef").path("name").asText());
  }

  @Test
  void everyExecutorRunsTheTaskScriptWithTheContractArgumentsAndEnv() throws Exception {
    SpecFixtures.Config config = new SpecFixtures.Config();
    config.env = "production";
    config.parameter(new PipelineParameter("sample_rate", ParameterType.FLOAT, ParameterValue.ofFloat(0.5)));
    config.parameter(new PipelineParameter("run_date", ParameterType.STRING, null));
    JsonNode spec =
        MAPPER.readTree(compiler.compile(request(spaceflightsPlan(), config.build())).specJson());

    JsonNode executors = spec.path("deploymentSpec").path("executors");
    assertEquals(List.of("exec-kedro-1", "exec-kedro-2"), names(executors));
    for (JsonNode executor : executors) {
      JsonNode container = executor.path("container");
      assertEquals(
          "europe-docker.pkg.dev/acme-ml/kedro/spaceflights:1.0", container.path("image").asText());
      assertEquals(List.of("python", "-c", SCRIPT), strings(container.path("command")));
      assertEquals(
          List.of(
              "--pipeline",
              "__default__",
              "--env",
              "production",
              "--nodes",
              "{{$.inputs.parameters['kedro_nodes']}}",
              "--stored",
              "{{$.inputs.parameters['kedro_stored']}}",
              "--root",
              "gs://acme-bucket/spaceflights",
              "--param",
              "run_date",
              "string",
              "{{$.inputs.parameters['run_date']}}",
              "--param",
              "sample_rate",
              "float",
              "{{$.inputs.parameters['sample_rate']}}"),
          strings(container.path("args")));
      Map<String, String> env = new LinkedHashMap<>();
      container
          .path("env")
          .forEach(
              variable -> env.put(variable.path("name").asText(), variable.path("value").asText()));
      assertEquals(
          Map.of(
              "GCP_PROJECT_ID", "acme-ml",
              "GCP_REGION", "europe-west4",
              "KEDRO_CONFIG_JOB_NAME", "{{$.pipeline_job_name}}",
              "KEDRO_CONFIG_RUN_ID", "{{$.pipeline_job_uuid}}"),
          env);
    }

    JsonNode small = executors.path("exec-kedro-1").path("container").path("resources");
    assertEquals("500m", small.path("resourceCpuLimit").asText());
    assertEquals(0.5, small.path("cpuLimit").asDouble());
    assertEquals("1024Mi", small.path("resourceMemoryLimit").asText());
    assertEquals(1.073741824, small.path("memoryLimit").asDouble());
    assertFalse(small.has("accelerator"));
    JsonNode gpu = executors.path("exec-kedro-2").path("container").path("resources");
    assertEquals(8.0, gpu.path("cpuLimit").asDouble());
    assertEquals(34.359738368, gpu.path("memoryLimit").asDouble());
    JsonNode accelerator = gpu.path("accelerator");
    assertEquals("NVIDIA_TESLA_T4", accelerator.path("resourceType").asText());
    assertEquals("2", accelerator.path("resourceCount").asText());
    assertEquals("NVIDIA_TESLA_T4", accelerator.path("type").asText());
    assertEquals("2", accelerator.path("count").asText());

    JsonNode component = spec.path("components").path("comp-kedro-2");
    assertEquals("exec-kedro-2", component.path("executorLabel").asText());
    JsonNode declared = component.path("inputDefinitions").path("parameters");
    assertEquals(
        List.of("kedro_nodes", "kedro_stored", "run_date", "sample_rate"), names(declared));
    assertEquals("NUMBER_DOUBLE", declared.path("sample_rate").path("parameterType").asText());
    assertEquals("STRING", declared.path("kedro_nodes").path("parameterType").asText());
  }

  @Test
  void tasksWithEqualResourcesShareOneExecutorNumberedByFirstAppearance() throws Exception {
    List<PlannedTask> tasks = new ArrayList<>();
    String previous = null;
    for (int i = 0; i < 6; i++) {
      // Equal by value, never the same instance: sharing must not depend on identity.
      ContainerResources resources =
          i % 3 == 0
              ? new ContainerResources("2", "8Gi", null, null)
              : new ContainerResources("500m", "1Gi", null, null);
      String name = "task-" + i;
      tasks.add(
          task(
              name,
              List.of("node_" + i),
              previous == null ? List.of() : List.of(previous),
              resources));
      previous = name;
    }
    ExecutionPlan plan = new ExecutionPlan("__default__", "test", tasks, List.of());
    JsonNode spec =
        MAPPER.readTree(
            compiler.compile(request(plan, new SpecFixtures.Config().build())).specJson());

    assertEquals(List.of("comp-kedro-1", "comp-kedro-2"), names(spec.path("components")));
    assertEquals(
        List.of("exec-kedro-1", "exec-kedro-2"),
        names(spec.path("deploymentSpec").path("executors")));
    assertEquals(
        "2",
        spec.at("/deploymentSpec/executors/exec-kedro-1/container/resources/resourceCpuLimit")
            .asText());
    JsonNode dag = spec.path("root").path("dag").path("tasks");
    for (int i = 0; i < 6; i++) {
      assertEquals(
          i % 3 == 0 ? "comp-kedro-1" : "comp-kedro-2",
          dag.path("task-" + i).path("componentRef").path("name").asText());
    }
  }

  @Test
  void runtimeParametersAreRootInputsWithTheirDefaults() throws Exception {
    SpecFixtures.Config config = new SpecFixtures.Config();
    config.parameter(
        new PipelineParameter("settings", ParameterType.DICT, value(ParameterType.DICT, "{zeta: 1, alpha: [a, b]}")));
    config.parameter(new PipelineParameter("epochs", ParameterType.INT, ParameterValue.ofInt(10)));
    config.parameter(new PipelineParameter("dry_run", ParameterType.BOOL, ParameterValue.ofBool(false)));
    config.parameter(new PipelineParameter("countries", ParameterType.LIST, value(ParameterType.LIST, "[PL, DE]")));
    config.parameter(new PipelineParameter("run_date", ParameterType.STRING, null));
    CompiledPipeline compiled = compiler.compile(request(spaceflightsPlan(), config.build()));
    JsonNode spec = MAPPER.readTree(compiled.specJson());
    assertEquals(List.of(), SpecChecker.check(compiled.specJson()));

    JsonNode root = spec.path("root").path("inputDefinitions").path("parameters");
    assertEquals(List.of("countries", "dry_run", "epochs", "run_date", "settings"), names(root));
    assertEquals("NUMBER_INTEGER", root.path("epochs").path("parameterType").asText());
    assertEquals(10, root.path("epochs").path("defaultValue").asInt());
    assertTrue(root.path("epochs").path("isOptional").asBoolean());
    assertEquals("BOOLEAN", root.path("dry_run").path("parameterType").asText());
    assertTrue(root.path("dry_run").path("defaultValue").isBoolean());
    assertEquals("LIST", root.path("countries").path("parameterType").asText());
    assertEquals(List.of("PL", "DE"), strings(root.path("countries").path("defaultValue")));
    assertEquals("STRUCT", root.path("settings").path("parameterType").asText());
    assertEquals(List.of("alpha", "zeta"), names(root.path("settings").path("defaultValue")));
    assertFalse(root.path("run_date").has("defaultValue"), "a required parameter has no default");
    assertFalse(root.path("run_date").has("isOptional"));

    JsonNode values =
        MAPPER.readTree(compiled.jobJson()).path("runtimeConfig").path("parameterValues");
    assertEquals(List.of("countries", "dry_run", "epochs", "settings"), names(values));
    assertEquals(root.path("settings").path("defaultValue"), values.path("settings"));
  }

  @Test
  void identicalInputsGiveByteIdenticalOutputWhateverTheMapOrder() throws Exception {
    CompiledPipeline first = compiler.compile(request(spaceflightsPlan(), orderedConfig(false)));
    CompiledPipeline again = compiler.compile(request(spaceflightsPlan(), orderedConfig(false)));
    CompiledPipeline reversed = compiler.compile(request(spaceflightsPlan(), orderedConfig(true)));
    assertEquals(first, again);
    assertEquals(first.specJson(), reversed.specJson());
    assertEquals(first.jobJson(), reversed.jobJson());
  }

  @Test
  void filesArePrettyPrintedWithTwoSpacesAndUnixLineEnds() throws Exception {
    CompiledPipeline compiled =
        compiler.compile(request(spaceflightsPlan(), new SpecFixtures.Config().build()));
    for (String json : List.of(compiled.specJson(), compiled.jobJson())) {
      assertTrue(json.startsWith("{\n  \""), json.substring(0, 20));
      assertTrue(json.endsWith("\n}\n"));
      assertFalse(json.contains("\r"));
      assertFalse(json.contains("\" :"), "no space before a colon");
    }
    assertTrue(
        compiled.specJson().contains("\n          \"cachingOptions\": {},\n"),
        "empty objects as {}");
  }

  private static ParameterValue value(ParameterType type, String text) {
    return ParameterValue.parse(type, text).orElseThrow();
  }

  /** The same config, with every map filled in one order or the reverse one. */
  private static VertexAiConfig orderedConfig(boolean reversed) {
    SpecFixtures.Config config = new SpecFixtures.Config();
    List<String> keys = new ArrayList<>(List.of("alpha", "mid", "zulu"));
    if (reversed) {
      java.util.Collections.reverse(keys);
    }
    List<String> nested = new ArrayList<>();
    for (String key : keys) {
      nested.add(key + ": {value: " + key + "}");
      config.labels.put("label-" + key, key);
      config.parameter(new PipelineParameter("param_" + key, ParameterType.STRING, ParameterValue.ofString(key)));
    }
    String nestedText = "{" + String.join(", ", nested) + "}";
    config.parameter(new PipelineParameter("nested", ParameterType.DICT, value(ParameterType.DICT, nestedText)));
    return config.build();
  }

  @Test
  void jobJsonParsesAsAVertexPipelineJob() throws Exception {
    SpecFixtures.Config config = new SpecFixtures.Config();
    config.serviceAccount = "pipelines@acme-ml.iam.gserviceaccount.com";
    config.vpc = "projects/123456789/global/networks/ml-vpc";
    config.encryptionKey =
        "projects/acme-ml/locations/europe-west4/keyRings/ml/cryptoKeys/pipelines";
    config.labels.put("team", "forecasting");
    config.parameter(new PipelineParameter("epochs", ParameterType.INT, ParameterValue.ofInt(10)));
    CompiledPipeline compiled = compiler.compile(request(spaceflightsPlan(), config.build()));

    PipelineJob.Builder job = PipelineJob.newBuilder();
    JsonFormat.parser().merge(compiled.jobJson(), job);
    assertEquals("spaceflights", job.getDisplayName());
    assertEquals("pipelines@acme-ml.iam.gserviceaccount.com", job.getServiceAccount());
    assertEquals("projects/123456789/global/networks/ml-vpc", job.getNetwork());
    assertEquals(config.encryptionKey, job.getEncryptionSpec().getKmsKeyName());
    assertEquals("gs://acme-bucket/spaceflights", job.getRuntimeConfig().getGcsOutputDirectory());
    assertEquals(10.0, job.getRuntimeConfig().getParameterValuesOrThrow("epochs").getNumberValue());
    assertEquals(
        Map.of(
            "kedro-project", "spaceflights",
            "kedro-pipeline", "__default__",
            "kedro-env", "base",
            "kedro-vertexai-version", "1-2-3",
            "team", "forecasting"),
        job.getLabelsMap());
    assertEquals("2.1.0", job.getPipelineSpec().getFieldsOrThrow("schemaVersion").getStringValue());
    assertEquals(
        MAPPER.readTree(compiled.specJson()),
        MAPPER.readTree(compiled.jobJson()).path("pipelineSpec"));
  }

  @Test
  void unsetJobFieldsAreLeftOut() throws Exception {
    JsonNode job =
        MAPPER.readTree(
            compiler
                .compile(request(spaceflightsPlan(), new SpecFixtures.Config().build()))
                .jobJson());
    assertEquals(List.of("displayName", "labels", "pipelineSpec", "runtimeConfig"), names(job));
    assertEquals(List.of("gcsOutputDirectory"), names(job.path("runtimeConfig")));
    assertFalse(job.path("pipelineSpec").path("root").has("inputDefinitions"));
  }

  @Test
  void cachingFollowsTheConfig() throws Exception {
    SpecFixtures.Config config = new SpecFixtures.Config();
    JsonNode off =
        MAPPER.readTree(compiler.compile(request(spaceflightsPlan(), config.build())).specJson());
    config.enableCaching = true;
    JsonNode on =
        MAPPER.readTree(compiler.compile(request(spaceflightsPlan(), config.build())).specJson());
    for (String task : List.of("preprocess-shuttles", "train-model")) {
      assertEquals(
          MAPPER.createObjectNode(),
          off.path("root").path("dag").path("tasks").path(task).path("cachingOptions"));
      assertTrue(
          on.path("root")
              .path("dag")
              .path("tasks")
              .path(task)
              .path("cachingOptions")
              .path("enableCache")
              .asBoolean());
    }
  }

  @Test
  void hostAliasesAreHandedToTheTaskScript() throws Exception {
    SpecFixtures.Config config = new SpecFixtures.Config();
    config.hostAliases.add(new HostAlias("10.10.10.10", List.of("mlflow.internal", "mlflow")));
    config.hostAliases.add(new HostAlias("10.10.20.20", List.of("featurestore.internal")));
    JsonNode spec =
        MAPPER.readTree(compiler.compile(request(spaceflightsPlan(), config.build())).specJson());
    List<String> args = strings(spec.at("/deploymentSpec/executors/exec-kedro-1/container/args"));
    assertEquals(
        List.of(
            "--host-alias",
            "10.10.10.10=mlflow.internal,mlflow",
            "--host-alias",
            "10.10.20.20=featurestore.internal"),
        args.subList(args.size() - 4, args.size()));
  }

  @Test
  void pipelineNameAddsTheKedroPipelineUnlessDefault() throws Exception {
    ExecutionPlan plan = spaceflightsPlan();
    ExecutionPlan dataProcessing =
        new ExecutionPlan(
            "data_processing", plan.groupingStrategy(), plan.tasks(), plan.storedDatasets());
    CompiledPipeline compiled =
        compiler.compile(
            new CompileRequest(
                dataProcessing,
                new SpecFixtures.Config().build(),
                "Space Flights!",
                "1.0",
                SCRIPT));
    assertEquals("space-flights-data-processing", compiled.pipelineName());
    JsonNode job = MAPPER.readTree(compiled.jobJson());
    assertEquals("space-flights-data-processing", job.path("displayName").asText());
    assertEquals("data_processing", job.path("labels").path("kedro-pipeline").asText());
    assertEquals("space-flights-", job.path("labels").path("kedro-project").asText());
    assertEquals(
        List.of("--pipeline", "data_processing"),
        strings(job.at("/pipelineSpec/deploymentSpec/executors/exec-kedro-1/container/args"))
            .subList(0, 2));
  }

  @Test
  void rootIsWrittenAsAGcsUrlWithoutTrailingSlash() throws Exception {
    SpecFixtures.Config config = new SpecFixtures.Config();
    config.root = "gs://acme-bucket/runs/";
    JsonNode job =
        MAPPER.readTree(compiler.compile(request(spaceflightsPlan(), config.build())).jobJson());
    assertEquals("gs://acme-bucket/runs", job.at("/runtimeConfig/gcsOutputDirectory").asText());
    List<String> args =
        strings(job.at("/pipelineSpec/deploymentSpec/executors/exec-kedro-1/container/args"));
    assertEquals("gs://acme-bucket/runs", args.get(args.indexOf("--root") + 1));
  }

  @Test
  void aNodeListOverTheConstantLimitIsAProblemNamingTheTaskAndGroup() {
    List<String> manyNodes = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      manyNodes.add("feature_engineering.compute_feature_" + i);
    }
    List<PlannedTask> tasks =
        List.of(
            new PlannedTask(
                "features",
                "feature_engineering",
                manyNodes,
                List.of(),
                SMALL,
                List.of(),
                List.of()),
            task("report", List.of("report_node"), List.of("features"), SMALL));
    ExecutionPlan plan = new ExecutionPlan("__default__", "tags", tasks, List.of());
    ProblemsException error =
        assertThrows(
            ProblemsException.class,
            () -> compiler.compile(request(plan, new SpecFixtures.Config().build())));
    assertEquals(1, error.problems().size());
    String message = error.problems().get(0).message();
    assertTrue(message.contains("task 'features'"), message);
    assertTrue(message.contains("400 Kedro nodes"), message);
    assertTrue(message.contains("at most 10000"), message);
    assertTrue(message.contains("Split group 'feature_engineering'"), message);
  }

  @Test
  void everyUserMistakeOfOneCompileIsReportedTogether() {
    SpecFixtures.Config config = new SpecFixtures.Config();
    config.image = " ";
    config.labels.put("Team", "ok");
    config.labels.put("owner", "Jane Doe");
    config.parameter(new PipelineParameter("kedro_nodes", ParameterType.STRING, ParameterValue.ofString("x")));
    config.parameter(new PipelineParameter("bad-name", ParameterType.STRING, ParameterValue.ofString("x")));
    List<PlannedTask> tasks =
        List.of(
            task(
                "a", List.of("a"), List.of(), new ContainerResources("1.5Gi", "1.5Gi", null, null)),
            task(
                "b",
                List.of("b"),
                List.of("a"),
                new ContainerResources("1", "1Gi", "NVIDIA_L4", null)));
    ExecutionPlan plan = new ExecutionPlan("__default__", "test", tasks, List.of());

    ProblemsException error =
        assertThrows(
            ProblemsException.class, () -> compiler.compile(request(plan, config.build())));
    List<String> keyPaths = error.problems().stream().map(Problem::keyPath).toList();
    assertEquals(
        List.of(
            "run_config.image",
            "run_config.parameters.bad-name",
            "run_config.parameters.kedro_nodes",
            "run_config.labels.Team",
            "run_config.labels.owner",
            "run_config.resources",
            "run_config.resources",
            "run_config.resources"),
        keyPaths,
        error.getMessage());
    assertTrue(error.getMessage().contains("cpu '1.5Gi'"), error.getMessage());
    assertTrue(error.getMessage().contains("memory '1.5Gi'"), error.getMessage());
    assertTrue(
        error.getMessage().contains("'NVIDIA_L4' is set but no gpu count"), error.getMessage());
    assertTrue(error.getMessage().contains("'kedro_nodes' is reserved"), error.getMessage());
  }

  @Test
  void anInconsistentPlanIsAProgrammingError() {
    ExecutionPlan plan =
        new ExecutionPlan(
            "__default__",
            "test",
            List.of(task("a", List.of("a"), List.of("missing"), SMALL)),
            List.of());
    assertThrows(
        IllegalArgumentException.class,
        () -> compiler.compile(request(plan, new SpecFixtures.Config().build())));
  }

  @Test
  void aTaskScriptWithAPlaceholderIsRefused() {
    CompileRequest request =
        new CompileRequest(
            spaceflightsPlan(),
            new SpecFixtures.Config().build(),
            "p",
            "1",
            "print('{{$.pipeline_root}}')");
    assertThrows(IllegalArgumentException.class, () -> compiler.compile(request));
  }

  @Test
  void anEmptyPipelineIsAProblem() {
    ExecutionPlan plan = new ExecutionPlan("empty", "test", List.of(), List.of());
    ProblemsException error =
        assertThrows(
            ProblemsException.class,
            () -> compiler.compile(request(plan, new SpecFixtures.Config().build())));
    assertTrue(
        error.getMessage().contains("Kedro pipeline 'empty': has no nodes"), error.getMessage());
  }

  @Test
  void gpuTasksGetTheirOwnExecutorEvenWithEqualCpuAndMemory() throws Exception {
    List<PlannedTask> tasks =
        List.of(
            task("cpu", List.of("cpu"), List.of(), new ContainerResources("8", "32Gi", null, null)),
            task("gpu", List.of("gpu"), List.of(), GPU));
    JsonNode spec =
        MAPPER.readTree(
            compiler
                .compile(
                    request(
                        new ExecutionPlan("__default__", "t", tasks, List.of()),
                        new SpecFixtures.Config().build()))
                .specJson());
    assertEquals(2, spec.path("deploymentSpec").path("executors").size());
  }

  static String constant(JsonNode parameters, String input) {
    return parameters.path(input).path("runtimeValue").path("constant").asText();
  }

  static List<String> names(JsonNode object) {
    List<String> names = new ArrayList<>();
    for (Iterator<String> it = object.fieldNames(); it.hasNext(); ) {
      names.add(it.next());
    }
    return names;
  }

  static List<String> strings(JsonNode array) {
    List<String> strings = new ArrayList<>();
    array.forEach(value -> strings.add(value.asText()));
    return strings;
  }
}
