package dev.kedrovertexai.core.goal;

import dev.kedrovertexai.core.EventLog;
import dev.kedrovertexai.core.KedroVertexAiException;
import dev.kedrovertexai.core.config.ParameterValue;
import dev.kedrovertexai.core.description.PythonLocator;
import dev.kedrovertexai.core.local.LocalRunRequest;
import dev.kedrovertexai.core.local.LocalRunResult;
import dev.kedrovertexai.core.local.LocalRunner;
import dev.kedrovertexai.core.storage.RunManifest;
import dev.kedrovertexai.core.workflow.CompileResult;
import dev.kedrovertexai.core.workflow.CompileWorkflow;
import dev.kedrovertexai.core.workflow.ProjectSettings;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * run-local: compiles the pipeline, then runs the compiled spec on this machine as Vertex AI would, one process per
 * task, by default each in its own copy of the project and forked from one warm Python.
 */
public final class RunLocalGoal {
  private RunLocalGoal() {}

  /**
   * @param project the project and its config values
   * @param builtImage the {@code image.json} of the image built earlier in this build, or null
   * @param parameters the given values of the declared pipeline parameters
   * @param parallelism the most tasks running at once, or null for the number of processors
   * @param storageRoot a {@code gs://bucket/prefix} for the datasets kept between tasks, or null or blank for the
   *     run's own folder
   * @param isolateTasks each task in its own copy of the project, as in its own container
   * @param forkServer tasks start as children of one Python that imported Kedro and the project once
   */
  public record Request(
      ProjectRequest project,
      Path builtImage,
      GivenParameters parameters,
      Integer parallelism,
      String storageRoot,
      boolean isolateTasks,
      boolean forkServer) {
    public Request {
      Objects.requireNonNull(project, "project");
      parameters = parameters == null ? GivenParameters.NONE : parameters;
    }
  }

  public static LocalRunResult run(Request request, EventLog log) throws KedroVertexAiException {
    ProjectSettings settings = request.project().settings();
    // Checked before compiling, so that a typo fails at once.
    int tasksAtOnce =
        LocalRunRequest.parallelism(request.parallelism(), "{param:parallelism} or {setting:parallelism}");
    String root =
        LocalRunRequest.storageRoot(request.storageRoot(), "{param:storageRoot} or {setting:storageRoot}");
    Map<String, String> given = request.parameters().parse();

    CompileResult compiled = new CompileWorkflow(log, request.builtImage()).compile(settings);
    Map<String, ParameterValue> values = GivenParameters.resolve(compiled.config(), given);
    String python = PythonLocator.locate(settings.python(), settings.projectDir(), settings.environment());
    return new LocalRunner(log)
        .run(
            LocalRunRequest.builder(
                    compiled.files().pipelineSpec(), settings.projectDir(), python, compiled.files().runsDir())
                .parallelism(tasksAtOnce)
                .parameters(values)
                .storageRoot(root)
                .environment(settings.environment())
                .manifest(RunManifest.of(compiled.plan(), compiled.description().projectName()))
                .isolateTasks(request.isolateTasks())
                .forkServer(request.forkServer())
                .build());
  }
}
