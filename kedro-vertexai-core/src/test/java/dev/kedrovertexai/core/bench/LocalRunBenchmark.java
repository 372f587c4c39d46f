package dev.kedrovertexai.core.bench;

import dev.kedrovertexai.core.EventLog;
import dev.kedrovertexai.core.KedroTestEnvironment;
import dev.kedrovertexai.core.Origin;
import dev.kedrovertexai.core.TestTools.Tool;
import dev.kedrovertexai.core.config.ConfigOverride;
import dev.kedrovertexai.core.config.GroupingConfig;
import dev.kedrovertexai.core.local.LocalRunRequest;
import dev.kedrovertexai.core.local.LocalRunResult;
import dev.kedrovertexai.core.local.LocalRunner;
import dev.kedrovertexai.core.workflow.CompileResult;
import dev.kedrovertexai.core.workflow.CompileWorkflow;
import dev.kedrovertexai.core.workflow.ProjectSettings;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * {@code kedro run} of the bundled example against {@code vertexai:run-local} of the same project, side by side in
 * one run, with the Kedro 1.x environment the build provisions: run-local with {@code auto} grouping and with one
 * task per node, isolated tasks, with the fork server and without, at the default parallelism (one task per core).
 * Every run-local must write exactly what {@code kedro run} wrote, or the benchmark fails. The cases take turns
 * within each round, each round starting with the next case, after one warm-up round; it prints each case's median
 * wall time, its range and its ratio to {@code kedro run}'s median.
 *
 * <p>The example runs as it is, with the Kedro env {@code local}: its catalog's local files that cross tasks are kept
 * in temporary storage between isolated tasks ({@code run_config.local_datasets: store}).
 *
 * <pre>
 * mvn -q -pl kedro-vertexai-core test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=dev.kedrovertexai.core.bench.LocalRunBenchmark \
 *     -Dkedrovertexai.testEnv=kedro-vertexai-core/target/test-env/environment.json [-Dexec.arguments=5]
 * </pre>
 *
 * With {@code -Dbenchmark.verbose=true} it also prints what each run-local reports, with the seconds since it
 * started, to see where the time goes.
 */
public final class LocalRunBenchmark {
  private static final String KEDRO_RUN = "kedro run";

  private LocalRunBenchmark() {}

  private record Case(String name, CompileResult compiled, boolean forkServer) {}

  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
    KedroTestEnvironment kedro = KedroTestEnvironment.of(Tool.KEDRO_1);
    String python = kedro.python();
    Path work = Files.createTempDirectory("run-local-benchmark");
    Path reference = kedro.copyExample(work.resolve("kedro-run"));
    Path project = kedro.copyExample(work.resolve("run-local"));
    Path compare = work.resolve("compare_runs.py");
    Files.writeString(compare, resource("/dev/kedrovertexai/core/local/compare_runs.py"));
    CompileResult auto = compile(project, python, "auto");
    CompileResult identity = compile(project, python, GroupingConfig.IDENTITY);
    List<Case> cases =
        List.of(
            new Case(KEDRO_RUN, null, false),
            new Case("run-local, auto, fork server", auto, true),
            new Case("run-local, auto, no fork server", auto, false),
            new Case("run-local, one task per node, fork server", identity, true),
            new Case("run-local, one task per node, no fork server", identity, false));
    System.out.printf(
        Locale.ROOT, "Kedro %s, %d cores, %d rounds after 1 warm-up round; load average %.1f%n",
        kedro.kedroVersion(), Runtime.getRuntime().availableProcessors(), rounds, loadAverage());

    Map<String, List<Double>> seconds = new LinkedHashMap<>();
    Map<String, Integer> tasks = new HashMap<>();
    cases.forEach(c -> seconds.put(c.name(), new ArrayList<>()));
    for (int round = 0; round <= rounds; round++) {
      for (int i = 0; i < cases.size(); i++) {
        Case next = cases.get((i + round) % cases.size());
        double took;
        if (next.compiled() == null) {
          took = kedroRun(python, reference, work.resolve("kedro-run.log"));
        } else {
          long start = System.nanoTime();
          LocalRunResult result =
              new LocalRunner(Boolean.getBoolean("benchmark.verbose") ? new TimedLog(next.name()) : EventLog.SILENT)
                  .run(
                      LocalRunRequest.builder(
                              next.compiled().files().pipelineSpec(), project, python,
                              next.compiled().files().runsDir())
                          .environment(System.getenv())
                          .forkServer(next.forkServer())
                          .build());
          took = (System.nanoTime() - start) / 1e9;
          tasks.put(next.name(), result.tasks().size());
          sameOutputs(python, compare, reference, result, work);
        }
        if (round > 0) {
          seconds.get(next.name()).add(took);
        }
      }
    }

    double base = median(seconds.get(KEDRO_RUN));
    System.out.printf(Locale.ROOT, "%-46s %5s %8s %15s %8s%n", "case", "tasks", "median", "range", "ratio");
    seconds.forEach((name, times) -> System.out.printf(
        Locale.ROOT, "%-46s %5s %7.1fs %6.1f-%5.1f s %7.2fx%n",
        name, tasks.containsKey(name) ? tasks.get(name).toString() : "-", median(times),
        times.stream().mapToDouble(Double::doubleValue).min().orElse(0),
        times.stream().mapToDouble(Double::doubleValue).max().orElse(0), median(times) / base));
    System.out.printf(Locale.ROOT, "load average after: %.1f%n", loadAverage());
    try (Stream<Path> files = Files.walk(work)) {
      files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
    }
  }

  /** Prints each line with the seconds since the run started. */
  private static final class TimedLog implements EventLog {
    private final long start = System.nanoTime();
    private final String name;

    TimedLog(String name) {
      this.name = name;
    }

    private synchronized void print(String level, String message) {
      System.out.printf(Locale.ROOT, "%7.3f %s %s: %s%n", (System.nanoTime() - start) / 1e9, level, name, message);
    }

    @Override
    public void debug(String message) {
      print("DEBUG", message);
    }

    @Override
    public void info(String message) {
      print("INFO", message);
    }

    @Override
    public void warn(String message) {
      print("WARN", message);
    }
  }

  private static CompileResult compile(Path project, String python, String grouping) throws Exception {
    return new CompileWorkflow(EventLog.SILENT)
        .compile(
            new ProjectSettings(
                project,
                project.resolve("target/vertexai-" + grouping.replaceAll("[^a-z]", "")),
                "local",
                "__default__",
                python,
                null,
                List.of(new ConfigOverride("run_config.grouping.cls", grouping, Origin.of("benchmark"))),
                System.getenv()));
  }

  private static double kedroRun(String python, Path project, Path log) throws Exception {
    long start = System.nanoTime();
    Process run =
        new ProcessBuilder(python, "-m", "kedro", "run", "--env", "local")
            .directory(project.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    if (!run.waitFor(10, TimeUnit.MINUTES) || run.exitValue() != 0) {
      throw new IllegalStateException("kedro run failed; see " + log);
    }
    return (System.nanoTime() - start) / 1e9;
  }

  /** What the isolated tasks wrote must be what {@code kedro run} wrote, file by file. */
  private static void sameOutputs(String python, Path compare, Path reference, LocalRunResult result, Path work)
      throws Exception {
    Process check =
        new ProcessBuilder(
                python, compare.toString(), reference.resolve("data").toString(),
                result.outputsDir().resolve("data").toString(), work.toString(), work.resolve("none").toString())
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    String differences = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    if (!check.waitFor(2, TimeUnit.MINUTES) || check.exitValue() != 0 || !differences.isEmpty()) {
      throw new IllegalStateException(result.jobName() + " wrote other outputs than kedro run:\n" + differences);
    }
  }

  private static double median(List<Double> values) {
    List<Double> sorted = values.stream().sorted().toList();
    int n = sorted.size();
    return n == 0 ? 0 : n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  private static double loadAverage() {
    return java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
  }

  private static String resource(String name) throws IOException {
    try (InputStream in = LocalRunBenchmark.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IOException("missing test resource " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
