package dev.kedrovertexai.core.plan;

import dev.kedrovertexai.core.EventLog;
import dev.kedrovertexai.core.KedroVertexAiException;
import dev.kedrovertexai.core.Origin;
import dev.kedrovertexai.core.Problem;
import dev.kedrovertexai.core.ProblemsException;
import dev.kedrovertexai.core.config.Suggestions;
import dev.kedrovertexai.core.config.VertexAiConfig;
import dev.kedrovertexai.core.description.KedroPipeline;
import dev.kedrovertexai.core.description.PipelineDescription;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Plans {@code run_config.on_exit_pipeline}: the whole pipeline as one task that runs after the compiled pipeline
 * whatever its outcome. Being a task of its own, it can read only what the catalog keeps or its own nodes make.
 */
public final class ExitPipelinePlanner {
  private static final String KEY = "run_config.on_exit_pipeline";

  private ExitPipelinePlanner() {}

  /**
   * The exit task (named after the pipeline; the compiler makes the name unique), or null when no exit pipeline is
   * configured. Every problem (an unknown or empty pipeline, the compiled pipeline itself, inputs the catalog does
   * not resolve, resources) is reported at once, at the config key.
   */
  public static PlannedTask plan(
      PipelineDescription description, String mainPipeline, VertexAiConfig config, EventLog log)
      throws KedroVertexAiException {
    String name = config.runConfig().onExitPipeline();
    if (name == null) {
      return null;
    }
    Origin origin = config.originOf(KEY);
    List<Problem> problems = new ArrayList<>();
    KedroPipeline pipeline = description.pipelines().get(name);
    if (pipeline == null) {
      problems.add(
          new Problem(
              origin,
              KEY,
              "the Kedro project has no pipeline '" + name + "'" + Suggestions.didYouMean(name, description.pipelines().keySet())
                  + "; its pipelines are " + String.join(", ", description.pipelines().keySet())));
    } else if (name.equals(mainPipeline)) {
      problems.add(
          new Problem(origin, KEY, "'" + name + "' is the pipeline being compiled; name another pipeline to run after it"));
    } else if (pipeline.nodes().isEmpty()) {
      problems.add(new Problem(origin, KEY, "Kedro pipeline '" + name + "' has no nodes: there is nothing to run on exit"));
    }
    if (!problems.isEmpty()) {
      throw new ProblemsException("Invalid Vertex AI configuration", problems);
    }
    PipelineGraph graph = PipelineGraph.of(pipeline, description);
    graph.freeInputs.forEach(
        (dataset, readers) ->
            problems.add(
                new Problem(
                    origin,
                    KEY,
                    "dataset '" + dataset + "' is read by " + String.join(", ", readers) + " of pipeline '" + name
                        + "', which runs on exit as a task of its own, but none of its nodes produces it and the"
                        + " catalog does not resolve it; declare it in conf/base/catalog.yml")));
    ResourceResolver resolver =
        new ResourceResolver(config, config.runConfig().grouping().tagPrefix(), log, problems);
    ContainerResources[] setups = resolver.resolve(graph);
    ContainerResources resources = ResourceResolver.combine(Arrays.asList(setups));
    if (resources == null) {
      problems.add(
          new Problem(
              origin,
              KEY,
              "the nodes of pipeline '" + name + "' ask for different accelerator types, and it runs on exit as one"
                  + " task on one machine; give them the same cloud.google.com/gke-accelerator"));
    }
    if (!problems.isEmpty()) {
      throw new ProblemsException("Cannot plan the on_exit_pipeline '" + name + "' for Vertex AI", problems);
    }
    List<String> nodes = pipeline.nodes().stream().map(node -> node.name()).toList();
    return new PlannedTask(TaskNames.readable(name), name, nodes, List.of(), resources, List.of(), List.of());
  }
}
