package dev.kedrovertexai.core.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kedrovertexai.core.bench.SyntheticPipelines;
import dev.kedrovertexai.core.config.VertexAiConfig;
import dev.kedrovertexai.core.description.PipelineDescription;
import dev.kedrovertexai.core.plan.ExecutionPlan;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Large synthetic pipelines: valid specs, shared executors, and the per-task size target. */
class SyntheticScaleTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  @Test
  void aLargeSyntheticPipelineCompilesToAValidSpecWithSharedExecutors() throws Exception {
    PipelineDescription description = SyntheticPipelines.description(2_000, 7);
    ExecutionPlan plan =
        SyntheticPipelines.oneTaskPerNode(description, SyntheticPipelines.PIPELINE);
    CompiledPipeline compiled = compile(plan, description, SyntheticPipelines.config(true));

    assertEquals(java.util.List.of(), SpecChecker.check(compiled.specJson()));
    ObjectNode spec = (ObjectNode) MAPPER.readTree(compiled.specJson());
    assertEquals(2_000, spec.at("/root/dag/tasks").size());
    assertEquals(3, spec.at("/deploymentSpec/executors").size(), "default, heavy and gpu setups");
  }

  /**
   * The target is under 400 bytes of compact JSON per task (KFP's compiler: about 1.3 KB). Measured
   * as the growth from 1,000 to 2,000 tasks, so that the fixed part (executors, embedded script)
   * does not count.
   */
  @Test
  void eachTaskAddsLessThan400BytesOfCompactJson() throws Exception {
    VertexAiConfig config = SyntheticPipelines.config(false);
    long small = compactSize(1_000, config);
    long large = compactSize(2_000, config);
    double perTask = (large - small) / 1_000.0;
    assertTrue(perTask < 400, "bytes per task: " + perTask);
  }

  private static long compactSize(int nodes, VertexAiConfig config) throws Exception {
    PipelineDescription description = SyntheticPipelines.description(nodes, 7);
    ExecutionPlan plan =
        SyntheticPipelines.oneTaskPerNode(description, SyntheticPipelines.PIPELINE);
    String spec = compile(plan, description, config).specJson();
    return MAPPER.writeValueAsString(MAPPER.readTree(spec)).getBytes(StandardCharsets.UTF_8).length;
  }

  private static CompiledPipeline compile(
      ExecutionPlan plan, PipelineDescription description, VertexAiConfig config) throws Exception {
    return new PipelineSpecCompiler()
        .compile(
            new CompileRequest(
                plan, config, description.projectName(), "0.1.0", SpecFixtures.SCRIPT));
  }
}
