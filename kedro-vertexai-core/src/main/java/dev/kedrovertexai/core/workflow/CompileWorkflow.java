package dev.kedrovertexai.core.workflow;

import dev.kedrovertexai.core.EventLog;
import dev.kedrovertexai.core.KedroVertexAiException;
import dev.kedrovertexai.core.Problem;
import dev.kedrovertexai.core.ProblemsException;
import dev.kedrovertexai.core.Version;
import dev.kedrovertexai.core.config.ConfigLoader;
import dev.kedrovertexai.core.config.GroupingConfig;
import dev.kedrovertexai.core.config.VertexAiConfig;
import dev.kedrovertexai.core.description.DescriptionFingerprint;
import dev.kedrovertexai.core.description.DescriptionJson;
import dev.kedrovertexai.core.description.KedroIntrospector;
import dev.kedrovertexai.core.description.KedroNode;
import dev.kedrovertexai.core.description.PipelineDescription;
import dev.kedrovertexai.core.description.PythonLocator;
import dev.kedrovertexai.core.image.BuiltImage;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * config + pipeline description -> plan -> spec, written to the output directory. Everything is computed
 * before the first file is written, and the files replace the previous ones as one set, so a failed compile
 * leaves the previous output (or none), never a mix or a half-written file.
 */
public final class CompileWorkflow {
  private final EventLog log;
  private final Path builtImage;

  public CompileWorkflow(EventLog log) {
    this(log, null);
  }

  /**
   * A workflow whose pipelines run the image that vertexai:image built in this build, by digest, as {@code
   * builtImage} (its {@code image.json}) records it; null: {@code run_config.image} as configured.
   */
  public CompileWorkflow(EventLog log, Path builtImage) {
    this.log = log;
    this.builtImage = builtImage;
  }

  public VertexAiConfig loadConfig(ProjectSettings settings) throws KedroVertexAiException {
    return new ConfigLoader(settings.environment(), log)
        .load(settings.projectDir(), settings.env(), settings.overrides());
  }

  /** The project's pipeline description: the saved one when configured, else from Python introspection. */
  public PipelineDescription describe(ProjectSettings settings) throws KedroVertexAiException {
    if (settings.savedDescription() != null) {
      return saved(settings);
    }
    return introspect(settings);
  }

  /** A description and, when it came from Python, the fingerprint of what it was made from. */
  private record Described(PipelineDescription description, String fingerprint) {}

  /**
   * For a compile: the saved description, else the last compile's when nothing it depends on changed (see {@link
   * DescriptionFingerprint}), else a new one from Python.
   */
  private Described describeForCompile(ProjectSettings settings, OutputFiles files) throws KedroVertexAiException {
    if (settings.savedDescription() != null) {
      return new Described(saved(settings), null);
    }
    String python = PythonLocator.locate(settings.python(), settings.projectDir(), settings.environment());
    String fingerprint;
    try {
      fingerprint =
          DescriptionFingerprint.of(settings.projectDir(), settings.env(), python, settings.environment(), Version.get());
    } catch (IOException e) {
      log.debug("Cannot fingerprint the project, so it is described anew: " + e);
      return new Described(introspect(settings), null);
    }
    try {
      if (Files.isRegularFile(files.description())
          && Files.readString(files.descriptionFingerprint()).strip().equals(fingerprint)) {
        PipelineDescription last = DescriptionJson.read(files.description());
        log.info(
            "Reusing the pipeline description in " + files.description()
                + ": nothing it was made from has changed (sources, conf, interpreter, plugin)");
        return new Described(last, fingerprint);
      }
    } catch (IOException | KedroVertexAiException e) {
      log.debug("Not reusing the last pipeline description: " + e.getMessage());
    }
    return new Described(introspect(settings), fingerprint);
  }

  private PipelineDescription saved(ProjectSettings settings) throws KedroVertexAiException {
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

  private PipelineDescription introspect(ProjectSettings settings) throws KedroVertexAiException {
    String python = PythonLocator.locate(settings.python(), settings.projectDir(), settings.environment());
    log.info("Reading the Kedro pipelines with " + python);
    return new KedroIntrospector(log).describe(python, settings.projectDir(), settings.env());
  }

  public CompileResult compile(ProjectSettings settings) throws KedroVertexAiException {
    VertexAiConfig config = loadConfig(settings);
    // Read before running Python, so that a wrong path fails at once.
    NodeTimings timings = nodeTimings(config, settings);
    OutputFiles files = new OutputFiles(settings.outputDir());
    Described described = describeForCompile(settings, files);
    PipelineDescription description = described.description();
    reportMeasuredNodes(timings, description, settings.pipeline());
    ExecutionPlan plan = new Planner(log).plan(description, settings.pipeline(), config, timings);
    String image = config.runConfig().image();
    if (builtImage != null) {
      image = BuiltImage.read(builtImage).pinnedFor(config, builtImage);
      log.info("The tasks run " + image + ", the image built in this build");
    }
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
                    plan, config, description.projectName(), Version.get(), PythonScripts.taskScript(), image, lifecycle));
    Map<Path, String> outputs = new LinkedHashMap<>();
    outputs.put(files.description(), DescriptionJson.write(description));
    outputs.put(files.planJson(), PlanJson.write(plan));
    outputs.put(files.planMarkdown(), PlanReport.markdown(plan, description));
    outputs.put(files.pipelineJob(), compiled.jobJson());
    outputs.put(files.pipelineSpec(), compiled.specJson());
    if (described.fingerprint() != null) {
      outputs.put(files.descriptionFingerprint(), described.fingerprint() + "\n");
    }
    log.info(PlanReport.summaryLine(plan));
    if (write(files, outputs)) {
      log.info("Wrote " + files.pipelineSpec() + " (" + plan.tasks().size() + " tasks)");
    } else {
      log.info(files.dir() + " is up to date: this compile gives the same files, left as they were");
    }
    return new CompileResult(config, description, plan, compiled, files);
  }

  /**
   * The node timings {@code run_config.grouping.params.node_timings} names (relative to the project), else none.
   * Nothing else is looked at, so the same sources and config plan the same on every machine.
   */
  private NodeTimings nodeTimings(VertexAiConfig config, ProjectSettings settings) throws KedroVertexAiException {
    Optional<String> given = config.runConfig().grouping().nodeTimings();
    if (given.isEmpty()) {
      return NodeTimings.EMPTY;
    }
    Path file = settings.projectDir().resolve(given.get()).normalize();
    try {
      NodeTimings timings = NodeTimings.read(file);
      log.info("Modelling node run times measured in " + file);
      return timings;
    } catch (KedroVertexAiException e) {
      String key = GroupingConfig.NODE_TIMINGS_KEY;
      throw new ProblemsException(
          "Cannot plan with the given node timings", List.of(new Problem(config.originOf(key), key, e.getMessage())));
    }
  }

  /** Timings of another pipeline or project would pass unnoticed: say how many nodes they cover. */
  private void reportMeasuredNodes(NodeTimings timings, PipelineDescription description, String pipeline) {
    if (timings.nodes().isEmpty()) {
      return;
    }
    description.pipeline(pipeline).ifPresent(kedroPipeline -> {
      List<KedroNode> nodes = kedroPipeline.nodes();
      long measured = nodes.stream().filter(node -> timings.seconds(node.name()).isPresent()).count();
      String line =
          "The node timings cover " + measured + " of the " + nodes.size() + " nodes of pipeline '" + pipeline + "'";
      if (measured == 0) {
        log.warn(line + ": they were measured for another pipeline or project; every node is modelled with"
            + " run_config.grouping.params.node_seconds");
      } else {
        log.info(line);
      }
    });
  }

  /** The files of one compile replace the previous ones together, or not at all. */
  static boolean write(OutputFiles files, Map<Path, String> outputs) throws KedroVertexAiException {
    try {
      return AtomicFiles.writeAll(outputs);
    } catch (IOException e) {
      throw new KedroVertexAiException(
          "Cannot write the compiled files to " + files.dir() + " (the previous ones are left as they were): " + e,
          e);
    }
  }
}
