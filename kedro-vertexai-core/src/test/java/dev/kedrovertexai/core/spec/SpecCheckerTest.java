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
