package dev.kedrovertexai.core.plan;

import dev.kedrovertexai.core.KedroVertexAiException;
import dev.kedrovertexai.core.description.DatasetFacts;
import dev.kedrovertexai.core.description.KedroNode;
import dev.kedrovertexai.core.description.KedroPipeline;
import dev.kedrovertexai.core.description.PipelineDescription;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A Kedro pipeline as a node DAG: nodes indexed in a stable topological order (Kedro's own order when it is
 * one), edges from each dataset's producer to its readers, and which produced datasets only the run's temporary
 * storage can carry between processes.
 */
final class PipelineGraph {
  /** Nodes in topological order; a node's index is its position here. */
  final List<KedroNode> nodes;
  /** Distinct producers of each node's inputs, ascending. */
  final int[][] preds;
  /** Datasets produced in the pipeline, by producing node, in node order. */
  final List<ProducedDataset> produced;
  /** Inputs produced by no node (parameters excluded), with the nodes reading them, in first-read order. */
  final Map<String, List<String>> freeInputs;

  /**
   * A produced dataset, its readers (node indices, ascending), what the catalog resolves it to, and whether it
   * goes through temporary storage when it crosses tasks.
   */
  record ProducedDataset(String name, int producer, int[] readers, DatasetFacts facts, boolean needsStorage) {}

  private PipelineGraph(
      List<KedroNode> nodes, int[][] preds, List<ProducedDataset> produced, Map<String, List<String>> freeInputs) {
    this.nodes = nodes;
    this.preds = preds;
    this.produced = produced;
    this.freeInputs = freeInputs;
  }

  int size() {
    return nodes.size();
  }

  /**
   * Kedro names one dataset in several formats with transcoding ({@code cars@spark}, {@code cars@pandas});
   * dependencies follow the dataset, not the format.
   */
  static String dependencyKey(String dataset) {
    int at = dataset.indexOf('@');
    return at < 0 ? dataset : dataset.substring(0, at);
  }

  /** The graph when datasets on local paths go through temporary storage (the default). */
  static PipelineGraph of(KedroPipeline pipeline, PipelineDescription description) throws KedroVertexAiException {
    return of(pipeline, description, true);
  }

  /**
   * The graph of {@code pipeline}: a memory dataset that crosses tasks needs temporary storage, and so does one
   * on a local path when {@code storeLocalFiles} (a local file does not travel between containers).
   */
  static PipelineGraph of(KedroPipeline pipeline, PipelineDescription description, boolean storeLocalFiles)
      throws KedroVertexAiException {
    List<KedroNode> given = pipeline.nodes();
    int n = given.size();
    Map<String, Integer> givenIndex = new LinkedHashMap<>();
    List<String> duplicates = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      if (givenIndex.putIfAbsent(given.get(i).name(), i) != null) {
        duplicates.add(given.get(i).name());
      }
    }
    Map<String, Integer> producerOf = new LinkedHashMap<>();
    List<String> doubleProduced = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      for (String output : given.get(i).outputs()) {
        Integer earlier = producerOf.putIfAbsent(dependencyKey(output), i);
        if (earlier != null && earlier != i) {
          doubleProduced.add(
              "'" + output + "' (by " + given.get(earlier).name() + " and " + given.get(i).name() + ")");
        }
      }
    }
    if (!duplicates.isEmpty() || !doubleProduced.isEmpty()) {
      StringBuilder message = new StringBuilder("Kedro pipeline '" + pipeline.name() + "' is inconsistent:");
      if (!duplicates.isEmpty()) {
        message.append(" duplicate node names ").append(duplicates).append(';');
      }
      if (!doubleProduced.isEmpty()) {
        message.append(" datasets produced twice ").append(doubleProduced).append(';');
      }
      message.append(" regenerate the pipeline description (mvn vertexai:describe)");
      throw new KedroVertexAiException(message.toString());
    }

    List<Set<Integer>> givenPreds = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Set<Integer> p = new LinkedHashSet<>();
      for (String input : given.get(i).datasetInputs()) {
        Integer producer = producerOf.get(dependencyKey(input));
        if (producer != null && producer != i) {
          p.add(producer);
        }
      }
      givenPreds.add(p);
    }
    int[] order = stableTopologicalOrder(pipeline.name(), given, givenPreds);
    int[] newIndex = new int[n];
    List<KedroNode> nodes = new ArrayList<>(n);
    for (int position = 0; position < n; position++) {
      newIndex[order[position]] = position;
      nodes.add(given.get(order[position]));
    }
    int[][] preds = new int[n][];
    for (int old = 0; old < n; old++) {
      preds[newIndex[old]] = givenPreds.get(old).stream().mapToInt(x -> newIndex[x]).sorted().toArray();
    }

    Map<String, List<Integer>> readersByKey = new LinkedHashMap<>();
    Map<String, List<String>> freeInputs = new LinkedHashMap<>();
    for (int i = 0; i < n; i++) {
      for (String input : new LinkedHashSet<>(nodes.get(i).datasetInputs())) {
        String key = dependencyKey(input);
        if (producerOf.containsKey(key)) {
          readersByKey.computeIfAbsent(key, k -> new ArrayList<>()).add(i);
        } else if (description.dataset(input).inMemory()) {
          freeInputs.computeIfAbsent(input, k -> new ArrayList<>()).add(nodes.get(i).name());
        }
      }
    }
    List<ProducedDataset> produced = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      for (String output : new LinkedHashSet<>(nodes.get(i).outputs())) {
        List<Integer> readers = readersByKey.getOrDefault(dependencyKey(output), List.of());
        int producer = i;
        int[] readerArray =
            readers.stream().mapToInt(Integer::intValue).filter(r -> r != producer).toArray();
        DatasetFacts facts = description.dataset(output);
        boolean needsStorage = facts.inMemory() || (storeLocalFiles && facts.isLocalFile());
        produced.add(new ProducedDataset(output, i, readerArray, facts, needsStorage));
      }
    }
    return new PipelineGraph(List.copyOf(nodes), preds, produced, freeInputs);
  }

  /**
   * Dependency order taking the lowest original position first, so a pipeline already in topological order
   * keeps its order exactly.
   */
  private static int[] stableTopologicalOrder(String pipelineName, List<KedroNode> nodes, List<Set<Integer>> preds)
      throws KedroVertexAiException {
    int n = nodes.size();
    int[] succCount = new int[n];
    for (Set<Integer> p : preds) {
      p.forEach(x -> succCount[x]++);
    }
    int[][] succs = new int[n][];
    for (int i = 0; i < n; i++) {
      succs[i] = new int[succCount[i]];
    }
    int[] fill = new int[n];
    for (int i = 0; i < n; i++) {
      for (int p : preds.get(i)) {
        succs[p][fill[p]++] = i;
      }
    }
    int[] order = TopologicalOrder.of(succs, Comparator.naturalOrder());
    if (order.length < n) {
      boolean[] placed = new boolean[n];
      for (int node : order) {
        placed[node] = true;
      }
      List<String> stuck = new ArrayList<>();
      for (int i = 0; i < n && stuck.size() < 10; i++) {
        if (!placed[i]) {
          stuck.add(nodes.get(i).name());
        }
      }
      throw new KedroVertexAiException(
          "Kedro pipeline '" + pipelineName + "' has a dependency cycle among nodes " + stuck
              + (n - order.length > 10 ? " and more" : ""));
    }
    return order;
  }
}
