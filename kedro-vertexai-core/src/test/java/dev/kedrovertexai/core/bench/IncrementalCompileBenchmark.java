package dev.kedrovertexai.core.bench;

import dev.kedrovertexai.core.EventLog;
import dev.kedrovertexai.core.workflow.CompileWorkflow;
import dev.kedrovertexai.core.workflow.ProjectSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The compile goal's own time on the bundled example with live introspection: the first compile (Python reads
 * the project), then compiles with nothing changed (the last description is reused, the files left as they are).
 * Usage: {@code IncrementalCompileBenchmark <python with Kedro> [<example dir>] [<repeats>]}.
 */
public final class IncrementalCompileBenchmark {
  public static void main(String[] args) throws Exception {
    String python = args[0];
    Path example = Path.of(args.length > 1 ? args[1] : "examples/spaceflights").toAbsolutePath();
    int repeats = args.length > 2 ? Integer.parseInt(args[2]) : 9;
    Path project = Files.createTempDirectory("incremental-compile");
    try (Stream<Path> files = Files.walk(example)) {
      for (Path source : files.toList()) {
        String relative = example.relativize(source).toString();
        if (relative.startsWith("target") || relative.startsWith("data") || relative.contains("__pycache__")) {
          continue;
        }
        Path copy = project.resolve(relative);
        if (Files.isDirectory(source)) {
          Files.createDirectories(copy);
        } else {
          Files.copy(source, copy);
        }
      }
    }
    ProjectSettings settings =
        new ProjectSettings(
            project, project.resolve("target/vertexai"), "local", "__default__", python, null, List.of(), System.getenv());
    // Only why a description was not reused is shown: the timings are the point.
    EventLog log =
        new EventLog() {
          @Override
          public void debug(String message) {
            if (message.contains("reusing") || message.contains("fingerprint")) {
              System.out.println(message);
            }
          }

          @Override
          public void info(String message) {}

          @Override
          public void warn(String message) {
            System.out.println(message);
          }
        };
    CompileWorkflow workflow = new CompileWorkflow(log);
    long start = System.nanoTime();
    workflow.compile(settings);
    double first = (System.nanoTime() - start) / 1e6;
    List<Double> unchanged = new ArrayList<>();
    for (int i = 0; i < repeats; i++) {
      start = System.nanoTime();
      workflow.compile(settings);
      unchanged.add((System.nanoTime() - start) / 1e6);
    }
    List<Double> sorted = unchanged.stream().sorted().toList();
    System.out.printf(
        Locale.ROOT,
        "first compile (Python reads the project): %.0f ms%nnothing changed, %d compiles: first %.0f ms, median %.0f ms,"
            + " max %.0f ms%n",
        first, repeats, unchanged.get(0), sorted.get(sorted.size() / 2), sorted.get(sorted.size() - 1));
  }
}
