package dev.kedrovertexai.core.workflow;

import java.nio.file.Path;

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
}
