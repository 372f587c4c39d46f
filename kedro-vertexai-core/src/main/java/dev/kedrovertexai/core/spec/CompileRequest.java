package dev.kedrovertexai.core.spec;

import dev.kedrovertexai.core.config.VertexAiConfig;
import dev.kedrovertexai.core.plan.ExecutionPlan;
import java.util.Objects;

/**
 * What the spec compiler needs: the plan, the config, the task runtime script to embed, and the image every task
 * runs: {@code run_config.image}, or the image this build built, by digest.
 */
public record CompileRequest(
    ExecutionPlan plan,
    VertexAiConfig config,
    String projectName,
    String pluginVersion,
    String taskScript,
    String image) {
  public CompileRequest {
    Objects.requireNonNull(plan, "plan");
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(projectName, "projectName");
    Objects.requireNonNull(pluginVersion, "pluginVersion");
    Objects.requireNonNull(taskScript, "taskScript");
    image = image == null ? config.runConfig().image() : image;
  }

  /** A request whose tasks run {@code run_config.image}. */
  public CompileRequest(
      ExecutionPlan plan, VertexAiConfig config, String projectName, String pluginVersion, String taskScript) {
    this(plan, config, projectName, pluginVersion, taskScript, null);
  }
}
