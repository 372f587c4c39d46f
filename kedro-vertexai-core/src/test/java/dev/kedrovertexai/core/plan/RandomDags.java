package dev.kedrovertexai.core.plan;

import dev.kedrovertexai.core.description.DatasetFacts;
import dev.kedrovertexai.core.description.KedroNode;
import dev.kedrovertexai.core.description.KedroPipeline;
import dev.kedrovertexai.core.description.PipelineDescription;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Seeded random Kedro pipelines shaped like real projects: {@code lanes} namespaced modular pipelines side by
 * side, each a sequence of layers, where a node reads its own lane's previous layer and, with probability
 * {@code crossProbability}, a dataset from an earlier stretch (of {@value #STRETCH} layers) of any lane. Some
 * datasets are catalog entries (the rest would be memory datasets), free inputs are raw catalog datasets, and
 * whole stretches of a lane may carry a group tag, as people tag a modular pipeline's nodes; since cross edges
 * only come from earlier stretches, these groups never form a cycle.
 */
public final class RandomDags {
  public static final int STRETCH = 4;

  private RandomDags() {}

  public record Shape(int nodes, int lanes, double crossProbability, double catalogProbability, double groupTagProbability) {}

  /** A layered DAG of about {@code shape.nodes()} nodes. */
  public static PipelineDescription layered(long seed, Shape shape) {
    Random random = new Random(seed);
    int lanes = Math.max(1, shape.lanes());
    int layers = Math.max(1, (shape.nodes() + lanes - 1) / lanes);
    List<KedroNode> nodes = new ArrayList<>();
    Map<String, DatasetFacts> catalog = new LinkedHashMap<>();
    String[][] outputOf = new String[layers][lanes];
    boolean[] taggedStretch = new boolean[lanes];
    int made = 0;
    for (int layer = 0; layer < layers; layer++) {
      for (int lane = 0; lane < lanes && made < shape.nodes(); lane++, made++) {
        String ns = "lane" + lane;
        String output = ns + ".d" + layer;
        Set<String> inputs = new LinkedHashSet<>();
        if (layer == 0) {
          String raw = ns + ".raw";
          inputs.add(raw);
          catalog.put(raw, inCloudStorage(raw, "pandas.CSVDataset"));
        } else {
          if (outputOf[layer - 1][lane] != null) {
            inputs.add(outputOf[layer - 1][lane]);
          }
          int stretchStart = layer / STRETCH * STRETCH;
          if (stretchStart > 0 && random.nextDouble() < shape.crossProbability()) {
            int otherLayer = random.nextInt(stretchStart);
            String other = outputOf[otherLayer][random.nextInt(lanes)];
            if (other != null) {
              inputs.add(other);
            }
          }
          if (inputs.isEmpty()) {
            inputs.add(ns + ".raw");
          }
        }
        if (random.nextDouble() < shape.catalogProbability()) {
          catalog.put(output, inCloudStorage(output, "pandas.ParquetDataset"));
        }
        List<String> tags = new ArrayList<>();
        if (layer % STRETCH == 0) {
          taggedStretch[lane] = random.nextDouble() < shape.groupTagProbability();
        }
        if (taggedStretch[lane]) {
          tags.add("group." + ns + "-part" + (layer / STRETCH));
        }
        if (random.nextInt(5) == 0) {
          tags.add("feature");
        }
        List<String> inputList = new ArrayList<>(inputs);
        if (random.nextInt(3) == 0) {
          inputList.add("params:" + ns + ".alpha");
        }
        nodes.add(new KedroNode(ns + ".step" + layer, ns, tags, inputList, List.of(output)));
        outputOf[layer][lane] = output;
      }
    }
    for (int lane = 0; lane < lanes; lane++) {
      catalog.put("lane" + lane + ".raw", inCloudStorage("lane" + lane + ".raw", "pandas.CSVDataset"));
    }
    return description("random", nodes, catalog);
  }

  /**
   * An unstructured random DAG: each node reads up to three datasets of any earlier node, so edges cross
   * everywhere. The nodes are listed shuffled, not in topological order, to exercise the planner's ordering.
   */
  public static PipelineDescription unstructured(long seed, int size, boolean groupTags) {
    Random random = new Random(seed);
    List<KedroNode> nodes = new ArrayList<>();
    Map<String, DatasetFacts> catalog = new LinkedHashMap<>();
    catalog.put("raw", inCloudStorage("raw", "pandas.CSVDataset"));
    for (int i = 0; i < size; i++) {
      Set<String> inputs = new LinkedHashSet<>();
      int reads = i == 0 ? 0 : random.nextInt(Math.min(3, i) + 1);
      for (int r = 0; r < reads; r++) {
        inputs.add("d" + random.nextInt(i));
      }
      if (inputs.isEmpty()) {
        inputs.add("raw");
      }
      if (random.nextInt(4) == 0) {
        catalog.put("d" + i, inCloudStorage("d" + i, "pickle.PickleDataset"));
      }
      List<String> tags =
          groupTags && random.nextInt(6) == 0 ? List.of("group.g" + random.nextInt(3)) : List.of();
      nodes.add(new KedroNode("n" + i, null, tags, new ArrayList<>(inputs), List.of("d" + i)));
    }
    Collections.shuffle(nodes, random);
    return description("random", nodes, catalog);
  }

  /**
   * The 9 nodes of Kedro's spaceflights tutorial (data processing, data science, reporting) with its catalog:
   * the raw inputs, the preprocessed tables, the model input table, the regressor and the plots are catalog
   * entries; the train/test split is in memory. With {@code groupTags}, each modular pipeline's nodes carry
   * {@code group.data_processing}, {@code group.data_science} or {@code group.reporting}.
   */
  public static PipelineDescription spaceflights(boolean groupTags) {
    String processing = groupTags ? "group.data_processing" : null;
    String science = groupTags ? "group.data_science" : null;
    String reporting = groupTags ? "group.reporting" : null;
    List<KedroNode> nodes =
        List.of(
            node("preprocess_companies_node", List.of("companies"), List.of("preprocessed_companies"), processing),
            node("preprocess_shuttles_node", List.of("shuttles"), List.of("preprocessed_shuttles"), processing),
            node(
                "create_model_input_table_node",
                List.of("preprocessed_shuttles", "preprocessed_companies", "reviews"),
                List.of("model_input_table"), processing),
            node(
                "split_data_node",
                List.of("model_input_table", "params:model_options"),
                List.of("X_train", "X_test", "y_train", "y_test"), science),
            node("train_model_node", List.of("X_train", "y_train"), List.of("regressor"), science),
            node("evaluate_model_node", List.of("regressor", "X_test", "y_test"), List.of("metrics"), science),
            node(
                "compare_passenger_capacity_exp",
                List.of("preprocessed_shuttles"),
                List.of("shuttle_passenger_capacity_plot_exp"), reporting),
            node(
                "compare_passenger_capacity_go",
                List.of("preprocessed_shuttles"),
                List.of("shuttle_passenger_capacity_plot_go"), reporting),
            node("create_confusion_matrix", List.of("companies"), List.of("dummy_confusion_matrix"), reporting));
    Map<String, DatasetFacts> catalog = new LinkedHashMap<>();
    List.of(
            "companies",
            "reviews",
            "shuttles",
            "preprocessed_companies",
            "preprocessed_shuttles",
            "model_input_table",
            "regressor",
            "metrics",
            "shuttle_passenger_capacity_plot_exp",
            "shuttle_passenger_capacity_plot_go",
            "dummy_confusion_matrix")
        .forEach(name -> catalog.put(name, inCloudStorage(name, "pandas.CSVDataset")));
    return description("spaceflights", nodes, catalog);
  }

  private static KedroNode node(String name, List<String> inputs, List<String> outputs, String groupTag) {
    return new KedroNode(name, null, groupTag == null ? List.of() : List.of(groupTag), inputs, outputs);
  }

  /** A dataset whose catalog entry keeps it in Cloud Storage, which carries it from task to task. */
  public static DatasetFacts inCloudStorage(String name, String type) {
    return new DatasetFacts(name, type, false, "gs", "bucket/" + name);
  }

  /** A project of one pipeline, {@code __default__}. */
  private static PipelineDescription description(
      String projectName, List<KedroNode> nodes, Map<String, DatasetFacts> catalog) {
    return new PipelineDescription(
        PipelineDescription.FORMAT_VERSION,
        projectName,
        projectName,
        "1.0.0",
        "local",
        Map.of("__default__", new KedroPipeline("__default__", nodes)),
        catalog,
        List.of());
  }
}
