package dev.kedrovertexai.core.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kedrovertexai.core.KedroVertexAiException;
import dev.kedrovertexai.core.config.VertexAiConfig;
import dev.kedrovertexai.core.description.PipelineDescription;
import dev.kedrovertexai.core.plan.ExecutionPlan;
import dev.kedrovertexai.core.spec.CompileRequest;
import dev.kedrovertexai.core.spec.CompiledPipeline;
import dev.kedrovertexai.core.spec.PipelineSpecCompiler;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

/**
 * Compiles synthetic one-task-per-node plans ({@link SyntheticPipelines}) of 1,000, 5,000 and
 * 10,000 nodes in process, without and with two runtime parameters, and prints the median compile
 * time after warm-up (both JSON files, pretty-printed, as {@code vertexai:compile} writes them;
 * wall and CPU time of the compiling thread; garbage collection runs on other threads) and the
 * spec's size as compact JSON, in total and per task.
 *
 * <pre>
 * mvn -q -pl kedro-vertexai-core test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=dev.kedrovertexai.core.bench.CompileBenchmark [-Dexec.args="1000 5000"]
 * </pre>
 */
public final class CompileBenchmark {
  private static final int WARM_UP_RUNS = 5;
  private static final int MEASURED_RUNS = 15;
  private static final long SEED = 42;

  /**
   * Stands in for the task runtime script, which lives once per executor and so barely moves the
   * figures; a fixed text keeps the benchmark independent of the shipped script.
   */
  private static final String TASK_SCRIPT = "# task runtime\n" + "pass\n".repeat(2_000);

  private static final ObjectMapper MAPPER = new ObjectMapper();

  /**
   * CPU time of the compiling thread: on a shared machine wall time also counts the waits for a
   * core, which say nothing about the compiler.
   */
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private CompileBenchmark() {}

  public static void main(String[] args) throws KedroVertexAiException, IOException {
    int[] sizes =
        args.length == 0
            ? new int[] {1_000, 5_000, 10_000}
            : Arrays.stream(args).mapToInt(Integer::parseInt).toArray();
    System.out.printf(
        Locale.ROOT,
        "%-6s %-6s %-7s %-10s %-10s %-10s %-11s %-7s %s%n",
        "nodes",
        "tasks",
        "params",
        "executors",
        "median ms",
        "cpu ms",
        "compact KB",
        "B/task",
        "B/task without executors");
    for (int size : sizes) {
      PipelineDescription description = SyntheticPipelines.description(size, SEED);
      ExecutionPlan plan =
          SyntheticPipelines.oneTaskPerNode(description, SyntheticPipelines.PIPELINE);
      for (boolean withParameters : new boolean[] {false, true}) {
        measure(plan, description, SyntheticPipelines.config(withParameters));
      }
    }
  }

  private static void measure(
      ExecutionPlan plan, PipelineDescription description, VertexAiConfig config)
      throws KedroVertexAiException, IOException {
    PipelineSpecCompiler compiler = new PipelineSpecCompiler();
    CompileRequest request =
        new CompileRequest(plan, config, description.projectName(), "0.1.0", TASK_SCRIPT);
    CompiledPipeline compiled = null;
    for (int i = 0; i < WARM_UP_RUNS; i++) {
      compiled = compiler.compile(request);
    }
    long[] nanos = new long[MEASURED_RUNS];
    long[] cpuNanos = new long[MEASURED_RUNS];
    for (int i = 0; i < MEASURED_RUNS; i++) {
      long cpuStart = THREADS.getCurrentThreadCpuTime();
      long start = System.nanoTime();
      compiled = compiler.compile(request);
      nanos[i] = System.nanoTime() - start;
      cpuNanos[i] = THREADS.getCurrentThreadCpuTime() - cpuStart;
    }
    Arrays.sort(nanos);
    Arrays.sort(cpuNanos);

    ObjectNode spec = (ObjectNode) MAPPER.readTree(compiled.specJson());
    int executors = spec.path("deploymentSpec").path("executors").size();
    int compactBytes = compactSize(spec);
    // The executors (with the embedded script) exist once per container setup, not per task.
    spec.remove("deploymentSpec");
    int withoutExecutors = compactSize(spec);
    int tasks = plan.tasks().size();
    System.out.printf(
        Locale.ROOT,
        "%-6d %-6d %-7d %-10d %-10.1f %-10.1f %-11.1f %-7.0f %.0f%n",
        plan.nodeCount(),
        tasks,
        config.runConfig().parameters().size(),
        executors,
        nanos[MEASURED_RUNS / 2] / 1e6,
        cpuNanos[MEASURED_RUNS / 2] / 1e6,
        compactBytes / 1024.0,
        (double) compactBytes / tasks,
        (double) withoutExecutors / tasks);
  }

  private static int compactSize(ObjectNode node) throws IOException {
    return MAPPER.writeValueAsString(node).getBytes(StandardCharsets.UTF_8).length;
  }
}
