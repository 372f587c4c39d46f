package dev.kedrovertexai.core.bench;

import dev.kedrovertexai.core.config.HostAlias;
import dev.kedrovertexai.core.config.NetworkConfig;
import dev.kedrovertexai.core.config.ParameterType;
import dev.kedrovertexai.core.config.ParameterValue;
import dev.kedrovertexai.core.config.PipelineParameter;
import dev.kedrovertexai.core.config.ResourceRequest;
import dev.kedrovertexai.core.config.RunConfig;
import dev.kedrovertexai.core.config.VertexAiConfig;
import dev.kedrovertexai.core.description.DatasetFacts;
import dev.kedrovertexai.core.description.KedroNode;
import dev.kedrovertexai.core.description.KedroPipeline;
import dev.kedrovertexai.core.description.PipelineDescription;
import dev.kedrovertexai.core.plan.ContainerResources;
import dev.kedrovertexai.core.plan.ExecutionPlan;
import dev.kedrovertexai.core.plan.PlannedTask;
import dev.kedrovertexai.core.plan.RandomDags;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeSet;

/**
 * Synthetic Kedro projects for benchmarks and scale tests: layered random DAGs with namespaces and
 * tags.
 *
 * <p>Nodes sit in layers of about {@code 2 * sqrt(n)} nodes; each reads one to three datasets made
 * in the three layers before it (layer 0 reads raw catalog inputs) and some read parameters. Every
 * node carries one group tag {@code group.<namespace>_l<layer>}: nodes of one layer never feed each
 * other, so these groups are free of cycles and tag grouping can be tried on the same description.
 * About 5% of nodes are tagged {@code heavy} and 1% {@code gpu}, matched by {@link #config}'s
 * resources. A quarter of the intermediate datasets have catalog entries, a few more match the
 * factory pattern {@code {name}_model}; the rest must be stored when they cross tasks. Same
 * arguments, same description.
 */
public final class SyntheticPipelines {
  public static final String PIPELINE = "__default__";
  public static final String PROJECT = "synthetic-project";
  public static final String PACKAGE = "synthetic_project";

  private static final String[] NAMESPACES = {
    "ingest",
    "ingest.daily",
    "features",
    "features.text",
    "training",
    "training.tuning",
    "reporting",
    ""
  };
  private static final String[] VERBS = {
    "clean", "join", "aggregate", "split", "score", "train", "plot"
  };
  private static final int RAW_INPUTS = 20;

  private static final ContainerResources DEFAULT_RESOURCES =
      new ContainerResources("500m", "1024Mi", null, null);
  private static final ContainerResources HEAVY_RESOURCES =
      new ContainerResources("4", "16Gi", null, null);
  private static final ContainerResources GPU_RESOURCES =
      new ContainerResources("8", "32Gi", "NVIDIA_TESLA_T4", 1);

  private SyntheticPipelines() {}

  /**
   * A description with one pipeline, {@link #PIPELINE}, of {@code nodeCount} nodes in topological
   * order.
   */
  public static PipelineDescription description(int nodeCount, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    int layerWidth = Math.max(1, (int) Math.round(2 * Math.sqrt(nodeCount)));
    Map<String, DatasetFacts> declared = new LinkedHashMap<>();
    List<String> raw = new ArrayList<>();
    for (int i = 0; i < RAW_INPUTS; i++) {
      String name = String.format(Locale.ROOT, "raw_table_%02d", i);
      raw.add(name);
      declared.put(name, RandomDags.inCloudStorage(name, "pandas.CSVDataset"));
    }
    List<List<String>> outputsByLayer = new ArrayList<>();
    List<KedroNode> nodes = new ArrayList<>(nodeCount);
    TreeSet<String> parameterKeys = new TreeSet<>();
    for (int index = 0; index < nodeCount; index++) {
      int layer = index / layerWidth;
      if (layer == outputsByLayer.size()) {
        outputsByLayer.add(new ArrayList<>());
      }
      String namespace = NAMESPACES[random.nextInt(NAMESPACES.length)];
      String prefix = namespace.isEmpty() ? "" : namespace + ".";
      String verb = VERBS[random.nextInt(VERBS.length)];
      String name = String.format(Locale.ROOT, "%s%s_%05d", prefix, verb, index);

      List<String> inputs = new ArrayList<>();
      int inputCount = 1 + random.nextInt(3);
      for (int i = 0; i < inputCount; i++) {
        String input =
            layer == 0
                ? raw.get(random.nextInt(raw.size()))
                : pickEarlierOutput(outputsByLayer, layer, random);
        if (!inputs.contains(input)) {
          inputs.add(input);
        }
      }
      if (random.nextInt(4) == 0) {
        String key = (namespace.isEmpty() ? "common" : namespace) + ".alpha";
        parameterKeys.add(key);
        inputs.add("params:" + key);
      }

      List<String> outputs = new ArrayList<>();
      String output = String.format(Locale.ROOT, "%stable_%05d", prefix, index);
      int kind = random.nextInt(20);
      if (kind < 5) {
        declared.put(output, RandomDags.inCloudStorage(output, "pandas.ParquetDataset"));
      } else if (kind == 5) {
        // Matched by a "{name}_model" factory pattern of the catalog.
        output = output + "_model";
        declared.put(
            output, new DatasetFacts("{name}_model", "pickle.PickleDataset", false, "gs", "bucket/" + output));
      }
      outputs.add(output);
      outputsByLayer.get(layer).add(output);

      List<String> tags = new ArrayList<>();
      String group = (namespace.isEmpty() ? "root" : namespace.replace('.', '_')) + "_l" + layer;
      tags.add("group." + group);
      int size = random.nextInt(100);
      if (size == 0) {
        tags.add("gpu");
      } else if (size < 6) {
        tags.add("heavy");
      }
      nodes.add(new KedroNode(name, namespace, tags, inputs, outputs));
    }
    return new PipelineDescription(
        PipelineDescription.FORMAT_VERSION,
        PROJECT,
        PACKAGE,
        "1.0.0",
        "local",
        Map.of(PIPELINE, new KedroPipeline(PIPELINE, nodes)),
        declared,
        List.copyOf(parameterKeys));
  }

  private static String pickEarlierOutput(
      List<List<String>> outputsByLayer, int layer, SplittableRandom random) {
    int from = Math.max(0, layer - 3);
    List<String> candidates = outputsByLayer.get(from + random.nextInt(layer - from));
    return candidates.get(random.nextInt(candidates.size()));
  }

  /**
   * One task per node, built by hand the way the planner's default strategy would: task names are
   * the node names in Vertex form, a task depends on the producers of its inputs, and a dataset is
   * stored when another task reads it and the catalog does not resolve it. Resources follow {@link
   * #config}'s {@code resources}.
   */
  public static ExecutionPlan oneTaskPerNode(PipelineDescription description, String pipelineName) {
    KedroPipeline pipeline =
        description
            .pipeline(pipelineName)
            .orElseThrow(() -> new IllegalArgumentException(pipelineName));
    Map<String, String> taskOfNode = new HashMap<>();
    Map<String, String> producer = new HashMap<>();
    Map<String, Integer> readers = new HashMap<>();
    for (KedroNode node : pipeline.nodes()) {
      taskOfNode.put(node.name(), taskName(node.name()));
      for (String output : node.outputs()) {
        producer.put(output, node.name());
      }
      for (String input : node.datasetInputs()) {
        readers.merge(input, 1, Integer::sum);
      }
    }
    Map<String, Boolean> storedCache = new HashMap<>();
    List<PlannedTask> tasks = new ArrayList<>(pipeline.nodes().size());
    TreeSet<String> allStored = new TreeSet<>();
    for (KedroNode node : pipeline.nodes()) {
      TreeSet<String> dependsOn = new TreeSet<>();
      TreeSet<String> storedInputs = new TreeSet<>();
      for (String input : node.datasetInputs()) {
        String from = producer.get(input);
        if (from != null) {
          dependsOn.add(taskOfNode.get(from));
          if (isStored(input, description, readers, storedCache)) {
            storedInputs.add(input);
          }
        }
      }
      TreeSet<String> storedOutputs = new TreeSet<>();
      for (String output : node.outputs()) {
        if (isStored(output, description, readers, storedCache)) {
          storedOutputs.add(output);
        }
      }
      allStored.addAll(storedOutputs);
      tasks.add(
          new PlannedTask(
              taskOfNode.get(node.name()),
              node.name(),
              List.of(node.name()),
              List.copyOf(dependsOn),
              resources(node),
              List.copyOf(storedInputs),
              List.copyOf(storedOutputs)));
    }
    return new ExecutionPlan(pipelineName, "one task per node", tasks, List.copyOf(allStored));
  }

  private static boolean isStored(
      String dataset,
      PipelineDescription description,
      Map<String, Integer> readers,
      Map<String, Boolean> cache) {
    return cache.computeIfAbsent(
        dataset,
        name -> readers.getOrDefault(name, 0) > 0 && description.dataset(name).inMemory());
  }

  private static ContainerResources resources(KedroNode node) {
    if (node.tags().contains("gpu")) {
      return GPU_RESOURCES;
    }
    return node.tags().contains("heavy") ? HEAVY_RESOURCES : DEFAULT_RESOURCES;
  }

  /** A Vertex task name from a node name: lower case, runs of other characters as one {@code -}. */
  public static String taskName(String nodeName) {
    String name = nodeName.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
    return name.replaceAll("^-+|-+$", "");
  }

  /**
   * A config like a real project's: labels, a service account, a VPC with a host alias, resources
   * for the {@code heavy} and {@code gpu} tags, the default grouping (one task per node) and, when
   * asked for, two runtime parameters (each costs every task an input entry).
   */
  public static VertexAiConfig config(boolean withParameters) {
    Map<String, ResourceRequest> resources = new LinkedHashMap<>();
    resources.put(RunConfig.DEFAULT_KEY, RunConfig.DEFAULT_RESOURCES);
    resources.put("heavy", new ResourceRequest("4", "16Gi", null));
    resources.put("gpu", new ResourceRequest("8", "32Gi", 1));
    Map<String, PipelineParameter> parameters = new LinkedHashMap<>();
    if (withParameters) {
      parameters.put(
          "run_date", new PipelineParameter("run_date", ParameterType.STRING, ParameterValue.ofString("2024-01-01")));
      parameters.put(
          "sample_rate", new PipelineParameter("sample_rate", ParameterType.FLOAT, ParameterValue.ofFloat(0.25)));
    }
    RunConfig runConfig =
        RunConfig.builder("europe-docker.pkg.dev/acme-ml/kedro/synthetic:1.0", "acme-ml-pipelines/synthetic")
            .experimentName("synthetic")
            .description("Synthetic pipeline for benchmarks")
            .serviceAccount("pipelines@acme-ml.iam.gserviceaccount.com")
            .network(
                new NetworkConfig(
                    "projects/123456789/global/networks/ml-vpc",
                    List.of(new HostAlias("10.0.0.5", List.of("mlflow.internal")))))
            .resources(resources)
            .nodeSelectors(Map.of("gpu", Map.of("cloud.google.com/gke-accelerator", "NVIDIA_TESLA_T4")))
            .parameters(parameters)
            .labels(Map.of("team", "forecasting"))
            .build();
    return new VertexAiConfig("acme-ml", "europe-west4", "base", runConfig, Map.of());
  }
}
