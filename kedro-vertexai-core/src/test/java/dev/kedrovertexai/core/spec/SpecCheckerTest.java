package dev.kedrovertexai.core.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kedrovertexai.core.config.ParameterType;
import dev.kedrovertexai.core.config.PipelineParameter;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The checker must catch each kind of broken spec, or its clean verdicts on compiled specs mean
 * nothing.
 */
class SpecCheckerTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  @Test
  void aCompiledSpecIsClean() throws Exception {
    assertEquals(List.of(), SpecChecker.check(compiled()));
  }

  @Test
  void catchesAMissingComponent() throws Exception {
    assertCaught(
        "component 'comp-nope' missing",
        spec ->
            task(spec, "train-model").withObjectProperty("componentRef").put("name", "comp-nope"));
  }

  @Test
  void catchesAMissingExecutor() throws Exception {
    assertCaught(
        "executorLabel 'exec-nope' missing",
        spec ->
            ((ObjectNode) spec.at("/components/comp-kedro-1")).put("executorLabel", "exec-nope"));
  }

  @Test
  void catchesADanglingDependency() throws Exception {
    assertCaught(
        "dependent task 'ghost' missing",
        spec -> ((ArrayNode) task(spec, "train-model").get("dependentTasks")).add("ghost"));
  }

  @Test
  void catchesACycle() throws Exception {
    assertCaught(
        "cycle",
        spec -> task(spec, "preprocess-shuttles").putArray("dependentTasks").add("train-model"));
  }

  @Test
  void catchesAnUnknownPlaceholder() throws Exception {
    assertCaught(
        "unknown placeholder {{$.pipeline_job_id}}",
        spec -> args(spec).add("{{$.pipeline_job_id}}"));
  }

  @Test
  void catchesAPlaceholderForAnUndeclaredInput() throws Exception {
    assertCaught(
        "undeclared input 'epochs'", spec -> args(spec).add("{{$.inputs.parameters['epochs']}}"));
  }

  @Test
  void catchesAnUndeclaredTaskInputAndAMissingRequiredOne() throws Exception {
    assertCaught(
        "input 'extra' not declared",
        spec ->
            task(spec, "train-model")
                .withObjectProperty("inputs")
                .withObjectProperty("parameters")
                .putObject("extra")
                .put("componentInputParameter", "run_date"));
    assertCaught(
        "required input 'kedro_stored' not given",
        spec ->
            task(spec, "train-model")
                .withObjectProperty("inputs")
                .withObjectProperty("parameters")
                .remove("kedro_stored"));
  }

  @Test
  void catchesAComponentInputParameterTheRootDoesNotDeclare() throws Exception {
    assertCaught(
        "root input 'run_date' not declared",
        spec -> ((ObjectNode) spec.at("/root/inputDefinitions/parameters")).remove("run_date"));
  }

  @Test
  void catchesBadResources() throws Exception {
    assertCaught(
        "resourceMemoryLimit '1.5Gi'", spec -> resources(spec).put("resourceMemoryLimit", "1.5Gi"));
    assertCaught(
        "resourceCpuLimit '1 core'", spec -> resources(spec).put("resourceCpuLimit", "1 core"));
    assertCaught("cpuLimit 0.4 disagrees with 500m", spec -> resources(spec).put("cpuLimit", 0.4));
    assertCaught(
        "memoryLimit 1.0 disagrees with 1024Mi", spec -> resources(spec).put("memoryLimit", 1.0));
    assertCaught(
        "accelerator count mirror disagrees",
        spec ->
            ((ObjectNode)
                    spec.at(
                        "/deploymentSpec/executors/exec-kedro-2/container/resources/accelerator"))
                .put("count", "3"));
  }

  @Test
  void catchesABadEnvNameAndALongConstantAndABadPipelineName() throws Exception {
    assertCaught(
        "env name 'KEDRO-ENV' is not a C identifier",
        spec ->
            ((ArrayNode) spec.at("/deploymentSpec/executors/exec-kedro-1/container/env"))
                .addObject()
                .put("name", "KEDRO-ENV")
                .put("value", "x"));
    assertCaught(
        "constant 'kedro_nodes' is over 10000 characters",
        spec ->
            task(spec, "train-model")
                .withObjectProperty("inputs")
                .withObjectProperty("parameters")
                .withObjectProperty("kedro_nodes")
                .withObjectProperty("runtimeValue")
                .put("constant", "x".repeat(10_001)));
    assertCaught(
        "bad pipelineInfo.name 'Spaceflights'",
        spec -> spec.withObjectProperty("pipelineInfo").put("name", "Spaceflights"));
  }

  @Test
  void aCompiledSpecWithAnExitHandlerIsClean() throws Exception {
    assertEquals(List.of(), SpecChecker.check(compiledWithExitHandler()));
  }

  @Test
  void catchesExitHandlerMistakes() throws Exception {
    assertCaughtInExitHandler(
        "its triggerPolicy does not run it after a failure",
        spec -> ((ObjectNode) spec.at("/root/dag/tasks/notify")).remove("triggerPolicy"));
    assertCaughtInExitHandler(
        "unknown trigger strategy 'ALWAYS'",
        spec -> ((ObjectNode) spec.at("/root/dag/tasks/notify/triggerPolicy")).put("strategy", "ALWAYS"));
    assertCaughtInExitHandler(
        "input pipeline_status of type TASK_FINAL_STATUS must be isOptional",
        spec ->
            ((ObjectNode) spec.at("/components/comp-kedro-exit/inputDefinitions/parameters/pipeline_status"))
                .remove("isOptional"));
    assertCaughtInExitHandler(
        "takes a final status but is not TASK_FINAL_STATUS",
        spec ->
            ((ObjectNode) spec.at("/components/comp-kedro-exit/inputDefinitions/parameters/pipeline_status"))
                .put("parameterType", "STRUCT"));
    assertCaughtInExitHandler(
        "final status of 'mlflow-end-run', which is not an exit handler's DAG task",
        spec -> {
          ObjectNode root = (ObjectNode) spec.at("/root/dag/tasks");
          root.set("mlflow-end-run", root.get("notify").deepCopy());
          ((ObjectNode) spec.at("/root/dag/tasks/notify/inputs/parameters/pipeline_status/taskFinalStatus"))
              .put("producerTask", "mlflow-end-run");
        });
    assertCaughtInExitHandler(
        "input 'run_date' is not declared by comp-exit-handler-1",
        spec ->
            ((ObjectNode) spec.at("/components/comp-exit-handler-1/dag/tasks/train-model/inputs/parameters/run_date"))
                .put("componentInputParameter", "run_date"));
    assertCaughtInExitHandler(
        "producer 'mlflow-start-run' declares no output 'mlflow_run_id'",
        spec -> ((ObjectNode) spec.at("/components/comp-mlflow-start-run")).remove("outputDefinitions"));
    assertCaughtInExitHandler(
        "placeholder for undeclared output 'mlflow_run_id'",
        spec -> ((ObjectNode) spec.at("/components/comp-mlflow-start-run")).remove("outputDefinitions"));
    assertCaughtInExitHandler(
        "train-model: takes an output of 'mlflow-start-run' but does not depend on it",
        spec ->
            ((ObjectNode) spec.at("/components/comp-exit-handler-1/dag/tasks/train-model"))
                .putArray("dependentTasks")
                .add("create-model-input-table"));
    assertCaughtInExitHandler(
        "producer task 'mlflow-start-run' is not in root",
        spec ->
            ((ObjectNode) spec.at("/root/dag/tasks/notify/inputs/parameters"))
                .putObject("kedro_nodes")
                .putObject("taskOutputParameter")
                .put("producerTask", "mlflow-start-run")
                .put("outputParameterKey", "mlflow_run_id"));
    assertCaughtInExitHandler(
        "task name used twice",
        spec ->
            ((ObjectNode) spec.at("/components/comp-exit-handler-1/dag/tasks"))
                .set("notify", spec.at("/components/comp-exit-handler-1/dag/tasks/train-model").deepCopy()));
  }

  private static void assertCaughtInExitHandler(String expected, Consumer<ObjectNode> breakIt) throws Exception {
    ObjectNode spec = (ObjectNode) MAPPER.readTree(compiledWithExitHandler());
    breakIt.accept(spec);
    List<String> violations = SpecChecker.check(MAPPER.writeValueAsString(spec));
    assertTrue(
        violations.stream().anyMatch(violation -> violation.contains(expected)),
        () -> expected + " not in " + violations);
  }

  private static String compiledWithExitHandler() throws Exception {
    SpecFixtures.Config config = new SpecFixtures.Config();
    config.parameter(new PipelineParameter("run_date", ParameterType.STRING, null));
    return new PipelineSpecCompiler()
        .compile(
            SpecFixtures.request(
                SpecFixtures.spaceflightsPlan(),
                config.build(),
                new RunLifecycle(true, SpecFixtures.notifyPipeline())))
        .specJson();
  }

  private static void assertCaught(String expected, Consumer<ObjectNode> breakIt) throws Exception {
    ObjectNode spec = (ObjectNode) MAPPER.readTree(compiled());
    breakIt.accept(spec);
    List<String> violations = SpecChecker.check(MAPPER.writeValueAsString(spec));
    assertTrue(
        violations.stream().anyMatch(violation -> violation.contains(expected)),
        () -> expected + " not in " + violations);
  }

  private static String compiled() throws Exception {
    SpecFixtures.Config config = new SpecFixtures.Config();
    config.parameter(new PipelineParameter("run_date", ParameterType.STRING, null));
    return new PipelineSpecCompiler()
        .compile(SpecFixtures.request(SpecFixtures.spaceflightsPlan(), config.build()))
        .specJson();
  }

  private static ObjectNode task(JsonNode spec, String name) {
    return (ObjectNode) spec.path("root").path("dag").path("tasks").path(name);
  }

  private static ArrayNode args(JsonNode spec) {
    return (ArrayNode) spec.at("/deploymentSpec/executors/exec-kedro-1/container/args");
  }

  private static ObjectNode resources(JsonNode spec) {
    return (ObjectNode) spec.at("/deploymentSpec/executors/exec-kedro-1/container/resources");
  }
}
