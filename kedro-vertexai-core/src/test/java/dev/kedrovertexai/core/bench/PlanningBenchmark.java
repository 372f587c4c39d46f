package dev.kedrovertexai.core.bench;

import dev.kedrovertexai.core.EventLog;
import dev.kedrovertexai.core.KedroVertexAiException;
import dev.kedrovertexai.core.config.GroupingConfig;
import dev.kedrovertexai.core.config.RunConfig;
import dev.kedrovertexai.core.config.VertexAiConfig;
import dev.kedrovertexai.core.description.PipelineDescription;
import dev.kedrovertexai.core.plan.ExecutionPlan;
import dev.kedrovertexai.core.plan.PlanReport;
import dev.kedrovertexai.core.plan.Planner;
import dev.kedrovertexai.core.plan.RandomDags;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;

/**
 * Task count, modelled wall time and planning time of the three grouping strategies, on a spaceflights-like
 * pipeline and on random layered DAGs (see {@link RandomDags#layered}). Run with
 *
 * <pre>
 * mvn -pl kedro-vertexai-core -q test-compile exec:java \
 *   -Dexec.mainClass=dev.kedrovertexai.core.bench.PlanningBenchmark -Dexec.classpathScope=test
 * </pre>
 */
public final class PlanningBenchmark {
  private static final int WARM_UP_RUNS = 5;
  private static final int TIMED_RUNS = 9;
  private static final long SEED = 20_240_601L;

  private PlanningBenchmark() {}

  public static void main(String[] args) throws KedroVertexAiException {
    System.out.println(
        "Model: 90 s start-up per task, 10 s per node, 5 s per stored dataset save or load."
            + " Planning time: median of " + TIMED_RUNS + " runs after " + WARM_UP_RUNS + " warm-up runs,"
            + " as CPU time of the planning thread (robust on a busy machine) and wall time.");
    System.out.printf(
        Locale.ROOT, "%-28s %-6s %7s %7s %9s %16s %9s %9s%n",
        "pipeline", "group", "nodes", "tasks", "stored", "modelled", "cpu ms", "wall ms");
    run("spaceflights (9 nodes)", RandomDags.spaceflights(false), RandomDags.spaceflights(true));
    for (int size : new int[] {100, 1_000, 5_000}) {
      RandomDags.Shape shape = new RandomDags.Shape(size, Math.max(4, size / 40), 0.3, 0.2, 0);
      RandomDags.Shape tagged = new RandomDags.Shape(size, Math.max(4, size / 40), 0.3, 0.2, 0.5);
      run(
          "layered " + size + " (" + shape.lanes() + " lanes)",
          RandomDags.layered(SEED + size, shape),
          RandomDags.layered(SEED + size, tagged));
    }
    // Edges between any nodes, no lanes: random tag groups would mostly form cycles, so no tags row.
    run("unstructured 1000", RandomDags.unstructured(SEED, 1_000, false), null);
  }

  /** {@code tagged} is the same pipeline with group tags, for the tags strategy, or null to skip it. */
  private static void run(String name, PipelineDescription plain, PipelineDescription tagged)
      throws KedroVertexAiException {
    measure(name, "none", plain, GroupingConfig.IDENTITY);
    if (tagged != null) {
      measure(name, "tags", tagged, GroupingConfig.TAGS);
    }
    measure(name, "auto", plain, GroupingConfig.AUTO);
  }

  private static void measure(String name, String label, PipelineDescription description, String cls)
      throws KedroVertexAiException {
    VertexAiConfig config = config(cls);
    Planner planner = new Planner(EventLog.SILENT);
    ExecutionPlan plan = null;
    for (int i = 0; i < WARM_UP_RUNS; i++) {
      plan = planner.plan(description, "__default__", config);
    }
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    double[] cpuMillis = new double[TIMED_RUNS];
    double[] wallMillis = new double[TIMED_RUNS];
    for (int i = 0; i < TIMED_RUNS; i++) {
      long cpuStart = threads.getCurrentThreadCpuTime();
      long wallStart = System.nanoTime();
      planner.plan(description, "__default__", config);
      wallMillis[i] = (System.nanoTime() - wallStart) / 1e6;
      cpuMillis[i] = (threads.getCurrentThreadCpuTime() - cpuStart) / 1e6;
    }
    Arrays.sort(cpuMillis);
    Arrays.sort(wallMillis);
    System.out.printf(
        Locale.ROOT,
        "%-28s %-6s %7d %7d %9d %16s %9.1f %9.1f%n",
        name,
        label,
        plan.nodeCount(),
        plan.tasks().size(),
        plan.storedDatasets().size(),
        PlanReport.summaryLine(plan).replaceAll(".*modelled ", ""),
        cpuMillis[TIMED_RUNS / 2],
        wallMillis[TIMED_RUNS / 2]);
  }

  private static VertexAiConfig config(String cls) {
    RunConfig run =
        RunConfig.builder("europe-docker.pkg.dev/p/images/bench:1.0", "bucket/bench")
            .experimentName("bench")
            .grouping(new GroupingConfig(cls, Map.of()))
            .build();
    return new VertexAiConfig("p", "europe-west4", "local", run, Map.of());
  }
}
