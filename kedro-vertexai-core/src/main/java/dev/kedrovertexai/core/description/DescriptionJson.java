package dev.kedrovertexai.core.description;

import dev.kedrovertexai.core.KedroVertexAiException;
import java.nio.file.Path;

/** Reads and writes the pipeline description JSON (README, "The pipeline description format"). */
public final class DescriptionJson {
  private DescriptionJson() {}

  public static PipelineDescription read(Path file) throws KedroVertexAiException {
    throw new UnsupportedOperationException("TODO(description)");
  }

  public static PipelineDescription parse(String json, String source) throws KedroVertexAiException {
    throw new UnsupportedOperationException("TODO(description)");
  }

  public static String write(PipelineDescription description) {
    throw new UnsupportedOperationException("TODO(description)");
  }
}
