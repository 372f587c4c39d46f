package dev.kedrovertexai.core.goal;

import dev.kedrovertexai.core.EventLog;
import dev.kedrovertexai.core.KedroVertexAiException;
import dev.kedrovertexai.core.workflow.CompileResult;
import dev.kedrovertexai.core.workflow.CompileWorkflow;
import java.nio.file.Path;
import java.util.Objects;

/**
 * compile: the Kedro pipeline into {@code pipeline.json}, {@code pipeline-job.json}, {@code plan.md} and {@code
 * plan.json}, offline.
 */
public final class CompileGoal {
  private CompileGoal() {}

  /**
   * @param project the project and its config values
   * @param builtImage the {@code image.json} of the image built earlier in this build, which the tasks then run by
   *     digest; null: {@code run_config.image} as configured
   */
  public record Request(ProjectRequest project, Path builtImage) {
    public Request {
      Objects.requireNonNull(project, "project");
    }
  }

  /** @param compiled what the compile produced, in memory and on disk */
  public record Result(CompileResult compiled) {
    /** The written {@code pipeline.json}. */
    public Path pipelineSpec() {
      return compiled.files().pipelineSpec();
    }
  }

  public static Result run(Request request, EventLog log) throws KedroVertexAiException {
    return new Result(new CompileWorkflow(log, request.builtImage()).compile(request.project().settings()));
  }
}
