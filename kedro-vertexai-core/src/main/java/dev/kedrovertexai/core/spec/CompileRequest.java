package dev.kedrovertexai.core.spec;

import dev.kedrovertexai.core.config.VertexAiConfig;
import dev.kedrovertexai.core.plan.ExecutionPlan;
import java.util.Objects;

/** What the spec compiler needs: the plan, the config, and the task runtime script to embed. */
public record CompileRequest(
    ExecutionPlan plan, VertexAiConfig config, String projectName, String pluginVersion, String taskScript) {
  public CompileRequest {
    Objects.requireNonNull(plan, "plan");
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(projectName, "projectName");
    Objects.requireNonNull(pluginVersion, "pluginVersion");
    Objects.requireNonNull(taskScript, "taskScript");
  }
}
