package dev.kedrovertexai.core.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kedrovertexai.core.KedroTestEnvironment;
import dev.kedrovertexai.core.TestTools.Tool;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * What a run of the example must produce: one Kedro run of it per Kedro line, made once per test JVM in {@code
 * target/kedro-reference-runs/}, and the comparison of another run's datasets with it, dataset by dataset,
 * including those kept in storage between tasks ({@code reference_run.py}, {@code compare_runs.py}).
 */
public final class KedroReferenceRuns {
  private static final Path DIR = Path.of("target", "kedro-reference-runs").toAbsolutePath();
  private static final Map<Tool, Reference> REFERENCES = new EnumMap<>(Tool.class);
  private static boolean cleaned;

  private record Reference(Path project, Path outputs) {}

  private KedroReferenceRuns() {}

  /** The catalog files of the run in {@code project} equal the Kedro run's, and each stored dataset that node output. */
  public static void assertSameAsKedroRun(KedroTestEnvironment kedro, Path project, Path stored) throws Exception {
    Reference reference = reference(kedro);
    Process compare =
        new ProcessBuilder(
                kedro.python(),
                script("compare_runs.py").toString(),
                reference.project().resolve("data").toString(),
                project.resolve("data").toString(),
                reference.outputs().toString(),
                stored.toString())
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    String differences = new String(compare.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(compare.waitFor(2, TimeUnit.MINUTES));
    assertEquals(0, compare.exitValue(), "the comparison ran");
    assertEquals("", differences, "datasets that differ from the Kedro run");
  }

  private static synchronized Reference reference(KedroTestEnvironment kedro) throws Exception {
    Reference known = REFERENCES.get(kedro.line);
    if (known != null) {
      return known;
    }
    Path dir = dir();
    Path project = kedro.copyExample(dir.resolve(kedro.line.id + "-reference"));
    Path outputs = dir.resolve(kedro.line.id + "-reference-outputs");
    Path log = dir.resolve(kedro.line.id + "-reference.log");
    long start = System.nanoTime();
    Process run =
        new ProcessBuilder(kedro.python(), script("reference_run.py").toString(), "__default__", "local", outputs.toString())
            .directory(project.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    assertTrue(run.waitFor(5, TimeUnit.MINUTES), "the Kedro run ended");
    assertEquals(0, run.exitValue(), () -> "the Kedro run failed:\n" + read(log));
    System.out.printf("Kedro %s run of the example: %.1f s%n", kedro.kedroVersion(), (System.nanoTime() - start) / 1e9);
    Reference reference = new Reference(project, outputs);
    REFERENCES.put(kedro.line, reference);
    return reference;
  }

  /** The folder of this JVM's reference runs, emptied of an earlier JVM's at first use. */
  private static synchronized Path dir() throws IOException {
    if (!cleaned && Files.exists(DIR)) {
      try (Stream<Path> paths = Files.walk(DIR)) {
        for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(path);
        }
      }
    }
    cleaned = true;
    return Files.createDirectories(DIR);
  }

  private static synchronized Path script(String name) throws IOException {
    Path file = dir().resolve(name);
    if (!Files.exists(file)) {
      Files.writeString(file, FakeTaskFixture.resource(name));
    }
    return file;
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      return "(cannot read " + file + ")";
    }
  }
}
