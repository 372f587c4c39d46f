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
import dev.kedrovertexai.core.plan.NodeTimings;
import dev.kedrovertexai.core.plan.PlanReport;
import dev.kedrovertexai.core.plan.Planner;
import dev.kedrovertexai.core.python.PythonScripts;
import dev.kedrovertexai.core.spec.CompileRequest;
import dev.kedrovertexai.core.spec.CompiledPipeline;
import dev.kedrovertexai.core.spec.PipelineSpecCompiler;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * config + pipeline description -> plan -> spec, written to the output directory. Everything is computed
 * before the first file is written, and the files replace the previous ones as one set, so a failed compile
 * leaves the previous output (or none), never a mix or a half-written file.
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
    CompiledPipeline compiled =
        new PipelineSpecCompiler()
            .compile(
                new CompileRequest(
                    plan, config, description.projectName(), Version.get(), PythonScripts.taskScript()));
    Map<Path, String> outputs = new LinkedHashMap<>();
    outputs.put(files.description(), DescriptionJson.write(description));
    outputs.put(files.planJson(), PlanJson.write(plan));
    outputs.put(files.planMarkdown(), PlanReport.markdown(plan, description));
    outputs.put(files.pipelineJob(), compiled.jobJson());
    outputs.put(files.pipelineSpec(), compiled.specJson());
    write(files, outputs);
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

  /** The files of one compile replace the previous ones together, or not at all. */
  static void write(OutputFiles files, Map<Path, String> outputs) throws KedroVertexAiException {
    try {
      AtomicFiles.writeAll(outputs);
    } catch (IOException e) {
      throw new KedroVertexAiException(
          "Cannot write the compiled files to " + files.dir() + " (the previous ones are left as they were): " + e,
          e);
    }
  }
}
