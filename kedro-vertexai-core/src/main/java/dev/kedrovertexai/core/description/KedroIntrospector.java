package dev.kedrovertexai.core.description;

import dev.kedrovertexai.core.EventLog;
import dev.kedrovertexai.core.KedroVertexAiException;
import java.nio.file.Path;

/** Runs the shipped describe script with the project's Python and parses what it prints. */
public final class KedroIntrospector {
  public KedroIntrospector(EventLog log) {}

  public PipelineDescription describe(String python, Path projectDir, String env) throws KedroVertexAiException {
    throw new UnsupportedOperationException("TODO(description)");
  }
}
