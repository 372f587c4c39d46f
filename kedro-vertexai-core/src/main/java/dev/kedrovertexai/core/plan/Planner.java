package dev.kedrovertexai.core.plan;

import dev.kedrovertexai.core.EventLog;
import dev.kedrovertexai.core.KedroVertexAiException;
import dev.kedrovertexai.core.config.VertexAiConfig;
import dev.kedrovertexai.core.description.PipelineDescription;

/** Groups a Kedro pipeline's nodes into Vertex tasks and decides which datasets are kept in storage. */
public final class Planner {
  public Planner(EventLog log) {}

  public ExecutionPlan plan(PipelineDescription description, String pipelineName, VertexAiConfig config)
      throws KedroVertexAiException {
    throw new UnsupportedOperationException("TODO(plan)");
  }
}
