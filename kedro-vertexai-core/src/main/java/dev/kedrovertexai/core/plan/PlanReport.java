package dev.kedrovertexai.core.plan;

import dev.kedrovertexai.core.description.PipelineDescription;

/** {@code plan.md} and the one-line summary of a plan. */
public final class PlanReport {
  private PlanReport() {}

  public static String markdown(ExecutionPlan plan, PipelineDescription description) {
    throw new UnsupportedOperationException("TODO(plan)");
  }

  public static String summaryLine(ExecutionPlan plan, PipelineDescription description) {
    throw new UnsupportedOperationException("TODO(plan)");
  }
}
