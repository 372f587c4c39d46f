package dev.kedrovertexai.core.workflow;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/** The files a compile writes under the output directory; one place for their names. */
public record OutputFiles(Path dir) {
  public Path description() {
    return dir.resolve("pipeline-description.json");
  }

  public Path pipelineSpec() {
    return dir.resolve("pipeline.json");
  }

  public Path pipelineJob() {
    return dir.resolve("pipeline-job.json");
  }

  public Path planMarkdown() {
    return dir.resolve("plan.md");
  }

  public Path planJson() {
    return dir.resolve("plan.json");
  }

  public Path runsDir() {
    return dir.resolve("runs");
  }

  /**
   * The {@code timings.json} of the newest local run under {@link #runsDir()}, so that planning uses measured
   * node times once the pipeline has run on this machine.
   */
  public Optional<Path> latestTimings() throws IOException {
    if (!Files.isDirectory(runsDir())) {
      return Optional.empty();
    }
    try (Stream<Path> runs = Files.list(runsDir())) {
      return runs.map(run -> run.resolve("timings.json"))
          .filter(Files::isRegularFile)
          .max(Comparator.comparing(OutputFiles::modified).thenComparing(Comparator.naturalOrder()));
    }
  }

  /** A run folder removed while we look (a clean, another build) counts as the oldest, not as an error. */
  private static FileTime modified(Path file) {
    try {
      return Files.getLastModifiedTime(file);
    } catch (IOException e) {
      return FileTime.fromMillis(0);
    }
  }
}
