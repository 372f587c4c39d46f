package dev.kedrovertexai.core.workflow;

import dev.kedrovertexai.core.EventLog;
import dev.kedrovertexai.core.KedroVertexAiException;
import dev.kedrovertexai.core.Version;
import dev.kedrovertexai.core.config.ConfigLoader;
import dev.kedrovertexai.core.config.VertexAiConfig;
import dev.kedrovertexai.core.description.DescriptionJson;
import dev.kedrovertexai.core.description.KedroIntrospector;
import dev.kedrovertexai.core.description.PipelineDescription;
import dev.kedrovertexai.core.description.PythonLocator;
import dev.kedrovertexai.core.io.AtomicFiles;
import dev.kedrovertexai.core.plan.ExecutionPlan;
import dev.kedrovertexai.core.plan.ExitPipelinePlanner;
import dev.kedrovertexai.core.plan.NodeTimings;
import dev.kedrovertexai.core.plan.PlanReport;
import dev.kedrovertexai.core.plan.Planner;
import dev.kedrovertexai.core.python.PythonScripts;
import dev.kedrovertexai.core.spec.CompileRequest;
import dev.kedrovertexai.core.spec.CompiledPipeline;
import dev.kedrovertexai.core.spec.PipelineSpecCompiler;
import dev.kedrovertexai.core.spec.RunLifecycle;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * config + pipeline description -> plan -> spec, written to the output directory. Everything is computed
 * before the first file is written, and each file is written atomically, so a failed compile leaves no
 * half-written output.
 */
public final class CompileWorkflow {
  private final EventLog log;

  public CompileWorkflow(EventLog log) {
    this.log = log;
  }

  public VertexAiConfig loadConfig(ProjectSettings settings) throws KedroVertexAiException {
    return new ConfigLoader(settings.environment(), log)
        .load(settings.projectDir(), settings.env(), settings.overrides());
  }

  /** The project's pipeline description: the saved one when configured, else from Python introspection. */
  public PipelineDescription describe(ProjectSettings settings) throws KedroVertexAiException {
    if (settings.savedDescription() != null) {
      PipelineDescription saved = DescriptionJson.read(settings.savedDescription());
      if (!saved.env().isEmpty() && !saved.env().equals(settings.env())) {
        log.warn(
            "The saved pipeline description "
                + settings.savedDescription()
                + " was made for Kedro env '"
                + saved.env()
                + "', this build uses env '"
                + settings.env()
                + "': its catalog may differ. Regenerate it with mvn vertexai:describe -Dvertexai.env="
                + settings.env());
      }
      return saved;
    }
    String python = PythonLocator.locate(settings.python(), settings.projectDir(), settings.environment());
    log.info("Reading the Kedro pipelines with " + python);
    return new KedroIntrospector(log).describe(python, settings.projectDir(), settings.env());
  }

  public CompileResult compile(ProjectSettings settings) throws KedroVertexAiException {
    VertexAiConfig config = loadConfig(settings);
    PipelineDescription description = describe(settings);
    OutputFiles files = new OutputFiles(settings.outputDir());
    ExecutionPlan plan =
        new Planner(log).plan(description, settings.pipeline(), config, measuredTimings(files));
    RunLifecycle lifecycle =
        new RunLifecycle(
            config.runConfig().mlflow().tracks(description.usesKedroMlflow()),
            ExitPipelinePlanner.plan(description, settings.pipeline(), config, log));
    if (lifecycle.mlflow()) {
      log.info(
          "Each run is tracked as one MLflow run"
              + (description.usesKedroMlflow()
                  ? " (kedro-mlflow " + description.kedroMlflowVersion() + " is active in the project)"
                  : " (run_config.mlflow.enabled)"));
    }
    CompiledPipeline compiled =
        new PipelineSpecCompiler()
            .compile(
                new CompileRequest(
                    plan, config, description.projectName(), Version.get(), PythonScripts.taskScript(), lifecycle));
    write(files.description(), DescriptionJson.write(description));
    write(files.planJson(), PlanJson.write(plan));
    write(files.planMarkdown(), PlanReport.markdown(plan, description));
    write(files.pipelineJob(), compiled.jobJson());
    write(files.pipelineSpec(), compiled.specJson());
    log.info(PlanReport.summaryLine(plan));
    log.info("Wrote " + files.pipelineSpec() + " (" + plan.tasks().size() + " tasks)");
    return new CompileResult(config, description, plan, compiled, files);
  }

  private NodeTimings measuredTimings(OutputFiles files) throws KedroVertexAiException {
    try {
      Optional<Path> latest = files.latestTimings();
      if (latest.isEmpty()) {
        return NodeTimings.EMPTY;
      }
      log.info("Modelling node run times measured by the local run in " + latest.get().getParent());
      return NodeTimings.read(latest.get());
    } catch (IOException e) {
      throw new KedroVertexAiException("Cannot read " + files.runsDir() + ": " + e.getMessage(), e);
    }
  }

  private static void write(Path file, String content) throws KedroVertexAiException {
    try {
      AtomicFiles.write(file, content);
    } catch (IOException e) {
      throw new KedroVertexAiException("Cannot write " + file + ": " + e.getMessage(), e);
    }
  }
}
