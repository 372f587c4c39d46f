package dev.kedrovertexai.core.plan;

import dev.kedrovertexai.core.Origin;
import dev.kedrovertexai.core.config.Accelerators;
import dev.kedrovertexai.core.config.GroupingConfig;
import dev.kedrovertexai.core.config.LocalDatasets;
import dev.kedrovertexai.core.config.ResourceRequest;
import dev.kedrovertexai.core.config.RunConfig;
import dev.kedrovertexai.core.config.VertexAiConfig;
import dev.kedrovertexai.core.description.DatasetFacts;
import dev.kedrovertexai.core.description.KedroNode;
import dev.kedrovertexai.core.description.KedroPipeline;
import dev.kedrovertexai.core.description.PipelineDescription;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builders for planner inputs, made directly from the records. */
final class Fixtures {
  private Fixtures() {}

  static KedroNode node(String name, List<String> inputs, List<String> outputs, String... tags) {
    int dot = name.lastIndexOf('.');
    String namespace = dot < 0 ? null : name.substring(0, dot);
    return new KedroNode(name, namespace, Arrays.asList(tags), inputs, outputs);
  }

  /** Datasets whose catalog entries keep them in Cloud Storage; every other dataset is a memory dataset. */
  static Map<String, DatasetFacts> catalog(String... persistentDatasets) {
    Map<String, DatasetFacts> catalog = new LinkedHashMap<>();
    for (String dataset : persistentDatasets) {
      catalog.put(dataset, RandomDags.inCloudStorage(dataset, "pandas.CSVDataset"));
    }
    return catalog;
  }

  /** A dataset the catalog entry {@code entry} writes to the local path {@code path}. */
  static DatasetFacts localFile(String entry, String path) {
    return new DatasetFacts(entry, "pandas.ParquetDataset", false, "file", path);
  }

  static PipelineDescription description(Map<String, DatasetFacts> catalog, KedroNode... nodes) {
    return new PipelineDescription(
        PipelineDescription.FORMAT_VERSION,
        "tiny",
        "tiny",
        "1.0.0",
        "local",
        Map.of("__default__", new KedroPipeline("__default__", List.of(nodes))),
        catalog,
        List.of());
  }

  /** A config builder: only what the planner reads. */
  static final class Config {
    private final Map<String, ResourceRequest> resources = new LinkedHashMap<>();
    private final Map<String, Map<String, String>> selectors = new LinkedHashMap<>();
    private final Map<String, Origin> origins = new LinkedHashMap<>();
    private GroupingConfig grouping = GroupingConfig.NONE;
    private LocalDatasets localDatasets = LocalDatasets.STORE;
    private String onExitPipeline;
    private int line = 8;

    Config onExit(String pipeline) {
      onExitPipeline = pipeline;
      origins.put("run_config.on_exit_pipeline", new Origin("conf/base/vertexai.yml", line++, 3));
      return this;
    }

    Config resource(String key, String cpu, String memory, Integer gpu) {
      resources.put(key, new ResourceRequest(cpu, memory, gpu));
      origins.put("run_config.resources." + key, new Origin("conf/base/vertexai.yml", line++, 5));
      return this;
    }

    Config accelerator(String key, String type) {
      selectors.put(key, Map.of(Accelerators.GKE_ACCELERATOR_LABEL, type));
      origins.put("run_config.node_selectors." + key, new Origin("conf/base/vertexai.yml", line++, 5));
      return this;
    }

    Config grouping(String cls, Map<String, Object> params) {
      grouping = new GroupingConfig(cls, params);
      return this;
    }

    Config tags() {
      return grouping(GroupingConfig.TAGS, Map.of());
    }

    Config auto() {
      return grouping(GroupingConfig.AUTO, Map.of());
    }

    Config localDatasets(LocalDatasets rule) {
      localDatasets = rule;
      origins.put(LocalDatasets.KEY, new Origin("conf/base/vertexai.yml", line++, 3));
      return this;
    }

    VertexAiConfig build() {
      RunConfig run =
          RunConfig.builder("europe-docker.pkg.dev/p/images/tiny:1.0", "bucket/tiny")
              .experimentName("tiny")
              .resources(resources)
              .nodeSelectors(selectors)
              .grouping(grouping)
              .onExitPipeline(onExitPipeline)
              .localDatasets(localDatasets)
              .build();
      return new VertexAiConfig("p", "europe-west4", "local", run, origins);
    }
  }

  static Config config() {
    return new Config();
  }
}
