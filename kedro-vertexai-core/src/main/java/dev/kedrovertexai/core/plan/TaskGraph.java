package dev.kedrovertexai.core.plan;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * The DAG of tasks that a grouping of nodes makes (node {@code i} runs in task {@code taskOf[i]}), with each
 * task's modelled cost and the modelled wall time. Tasks are ordered topologically, ties broken by their
 * first node, so the same grouping always gives the same order.
 */
final class TaskGraph {
  final int taskCount;
  final int[] taskOf;
  /** Distinct predecessor and successor tasks, ascending. */
  final int[][] preds;
  final int[][] succs;
  /** Tasks in topological order, or null when the grouping makes a cycle. */
  final int[] order;
  /** Datasets each task saves to and loads from temporary storage. */
  final int[] saves;
  final int[] loads;
  final double[] work;

  private TaskGraph(PipelineGraph graph, int[] taskOf, int taskCount, CostModel model) {
    this.taskCount = taskCount;
    this.taskOf = taskOf;
    int[] marker = new int[taskCount];
    Arrays.fill(marker, -1);
    List<List<Integer>> predLists = new ArrayList<>(taskCount);
    for (int t = 0; t < taskCount; t++) {
      predLists.add(new ArrayList<>());
    }
    int[] firstNode = new int[taskCount];
    Arrays.fill(firstNode, Integer.MAX_VALUE);
    work = new double[taskCount];
    for (int node = 0; node < graph.size(); node++) {
      int task = taskOf[node];
      firstNode[task] = Math.min(firstNode[task], node);
      work[task] += model.nodeSeconds(graph.nodes.get(node).name());
    }
    // Nodes are visited task by task so that "marker[p] == task" deduplicates edges in one pass.
    int[] byTask = nodesByTask(taskOf, taskCount);
    for (int node : byTask) {
      int task = taskOf[node];
      for (int p : graph.preds[node]) {
        int pt = taskOf[p];
        if (pt != task && marker[pt] != task) {
          marker[pt] = task;
          predLists.get(task).add(pt);
        }
      }
    }
    preds = new int[taskCount][];
    int[] succCount = new int[taskCount];
    for (int t = 0; t < taskCount; t++) {
      preds[t] = predLists.get(t).stream().mapToInt(Integer::intValue).sorted().toArray();
      for (int p : preds[t]) {
        succCount[p]++;
      }
    }
    succs = new int[taskCount][];
    for (int t = 0; t < taskCount; t++) {
      succs[t] = new int[succCount[t]];
    }
    int[] fill = new int[taskCount];
    for (int t = 0; t < taskCount; t++) {
      for (int p : preds[t]) {
        succs[p][fill[p]++] = t;
      }
    }
    int[] sorted = TopologicalOrder.of(succs, Comparator.comparingInt(t -> firstNode[t]));
    order = sorted.length == taskCount ? sorted : null;

    saves = new int[taskCount];
    loads = new int[taskCount];
    Arrays.fill(marker, -1);
    int datasetIndex = 0;
    for (PipelineGraph.ProducedDataset dataset : graph.produced) {
      datasetIndex++;
      if (!dataset.needsStorage()) {
        continue;
      }
      int producerTask = taskOf[dataset.producer()];
      marker[producerTask] = datasetIndex;
      boolean stored = false;
      for (int reader : dataset.readers()) {
        int readerTask = taskOf[reader];
        if (marker[readerTask] != datasetIndex) {
          marker[readerTask] = datasetIndex;
          loads[readerTask]++;
          stored = true;
        }
      }
      if (stored) {
        saves[producerTask]++;
      }
    }
  }

  static TaskGraph of(PipelineGraph graph, int[] taskOf, int taskCount, CostModel model) {
    return new TaskGraph(graph, taskOf, taskCount, model);
  }

  /** One task per node. */
  static TaskGraph ungrouped(PipelineGraph graph, CostModel model) {
    int[] taskOf = new int[graph.size()];
    Arrays.setAll(taskOf, i -> i);
    return new TaskGraph(graph, taskOf, graph.size(), model);
  }

  boolean acyclic() {
    return order != null;
  }

  double cost(int task, CostModel model) {
    return model.overheadSeconds() + work[task] + model.storageSeconds() * (saves[task] + loads[task]);
  }

  /** Earliest finish of every task when each starts as soon as all its predecessors have finished. */
  double[] earliestFinish(CostModel model) {
    double[] finish = new double[taskCount];
    for (int task : order) {
      double start = 0;
      for (int p : preds[task]) {
        start = Math.max(start, finish[p]);
      }
      finish[task] = start + cost(task, model);
    }
    return finish;
  }

  /** The modelled wall time: the longest path through the task DAG; infinite when tasks wait on each other. */
  double makespan(CostModel model) {
    if (!acyclic()) {
      return Double.POSITIVE_INFINITY;
    }
    double longest = 0;
    for (double finish : earliestFinish(model)) {
      longest = Math.max(longest, finish);
    }
    return longest;
  }

  private static int[] nodesByTask(int[] taskOf, int taskCount) {
    int[] start = new int[taskCount + 1];
    for (int task : taskOf) {
      start[task + 1]++;
    }
    for (int t = 0; t < taskCount; t++) {
      start[t + 1] += start[t];
    }
    int[] result = new int[taskOf.length];
    for (int node = 0; node < taskOf.length; node++) {
      result[start[taskOf[node]]++] = node;
    }
    return result;
  }
}
