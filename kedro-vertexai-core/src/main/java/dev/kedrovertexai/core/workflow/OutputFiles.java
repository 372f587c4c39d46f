package dev.kedrovertexai.core.workflow;

import java.nio.file.Path;

/** The files a compile writes under the output directory; one place for their names. */
public record OutputFiles(Path dir) {
  public Path description() {
    return dir.resolve("pipeline-description.json");
  }

  /** The fingerprint of what the live description was made from, to reuse it when nothing changed. */
  public Path descriptionFingerprint() {
    return dir.resolve("pipeline-description.fingerprint");
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
