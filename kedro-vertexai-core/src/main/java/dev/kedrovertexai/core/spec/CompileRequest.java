package dev.kedrovertexai.core.spec;

import dev.kedrovertexai.core.config.VertexAiConfig;
import dev.kedrovertexai.core.plan.ExecutionPlan;
import java.util.Objects;

/**
 * What the spec compiler needs: the plan, the config, the task runtime script to embed, the image every task runs
 * ({@code run_config.image}, or the image this build built, by digest), and what runs around the planned tasks
 * (an MLflow run, an exit pipeline).
 */
public record CompileRequest(
    ExecutionPlan plan,
    VertexAiConfig config,
    String projectName,
    String pluginVersion,
    String taskScript,
    String image,
    RunLifecycle lifecycle) {
  public CompileRequest {
    lifecycle = lifecycle == null ? RunLifecycle.NONE : lifecycle;
    Objects.requireNonNull(plan, "plan");
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(projectName, "projectName");
    Objects.requireNonNull(pluginVersion, "pluginVersion");
    Objects.requireNonNull(taskScript, "taskScript");
    image = image == null ? config.runConfig().image() : image;
  }

  /** A pipeline of the planned tasks alone, running {@code run_config.image}. */
  public CompileRequest(
      ExecutionPlan plan, VertexAiConfig config, String projectName, String pluginVersion, String taskScript) {
    this(plan, config, projectName, pluginVersion, taskScript, null, RunLifecycle.NONE);
  }
}
