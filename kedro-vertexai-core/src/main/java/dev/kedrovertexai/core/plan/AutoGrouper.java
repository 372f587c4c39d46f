package dev.kedrovertexai.core.plan;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * The {@code auto} grouping: merges units (single nodes, or tag groups, which it never splits) into fewer tasks
 * so that fewer containers start, without ever lengthening the modelled wall time.
 *
 * <p>Each pass computes the exact task DAG, every task's earliest start and finish, its latest start (for the
 * current wall time) and a topological level. It then walks the tasks in topological order and tries, for each,
 * to merge it with all its predecessors at once (a fan-in, which turns a diamond into one task), then with each
 * predecessor, latest-finishing first, then with all its successors at once (a fan-out). A merge is accepted
 * only when
 *
 * <ul>
 *   <li>the tasks run on the same machine (equal resources and accelerator);
 *   <li>it cannot make a cycle: every outside predecessor has a lower level than every outside successor (levels
 *       grow along every edge, so a path back into the merged task would need a level to fall);
 *   <li>it does not push any task past the current wall time: the merged task starts when its last predecessor
 *       finishes, and the delay is propagated to its successors and theirs, rejecting the merge as soon as one
 *       would start after its latest start or finish after the wall time.
 * </ul>
 *
 * <p>Within a pass, start times of merged tasks are kept as upper bounds (a merged task is costed as the sum of
 * its parts less one start-up, which can only overestimate, since merging only removes storage traffic), so the
 * accepted merges together never exceed the wall time of the pass; passes repeat until nothing merges. The work
 * per pass is linear in the DAG except for the delay propagation, which stops at the first task with slack.
 *
 * <p>Greedy merging from single units gets stuck where merging early serialises lanes that later need to run
 * side by side (long parallel lanes with occasional cross edges). So the passes run twice: from the units, and
 * from the best "level window" grouping (see {@link #bestWindows}); the faster result wins, ties going to fewer
 * tasks. On random DAGs each start wins on some shapes.
 */
final class AutoGrouper {
  private static final int MAX_PASSES = 50;
  private static final double EPSILON = 1e-9;
  private static final int[] WINDOW_WIDTHS = {2, 3, 4, 6, 8, 12, 16, 24, 32, 48, 64};

  private final PipelineGraph graph;
  private final CostModel model;

  AutoGrouper(PipelineGraph graph, CostModel model) {
    this.graph = graph;
    this.model = model;
  }

  /**
   * Merges the units (the tasks of {@code units}, an acyclic grouping of this graph) whose machine shapes are
   * {@code shapeOf[unit]} (units of the same shape may share a task) and returns each node's task, ids {@code
   * 0..}, numbered by first node.
   */
  int[] group(TaskGraph units, int[] shapeOf) {
    int[] unitOf = units.taskOf;
    int[] machine = shapeOf.clone();
    double startMakespan = units.makespan(model);
    Candidate best = new Candidate(renumbered(unitOf), units.taskCount, machine, startMakespan);
    Candidate windows = bestWindows(units, unitOf, machine);
    if (windows != null) {
      Candidate improved = improve(windows.taskOf, windows.machine);
      if (improved.better(best)) {
        best = improved;
      }
    }
    Candidate greedy = improve(unitOf, machine);
    if (greedy.better(best)) {
      best = greedy;
    }
    // The passes guarantee this (a cyclic result would be infinitely slow); checking keeps the promise unconditional.
    if (best.makespan > startMakespan + EPSILON) {
      return renumbered(unitOf);
    }
    return best.taskOf;
  }

  /** A grouping with its modelled wall time; machine shapes indexed by task. */
  record Candidate(int[] taskOf, int taskCount, int[] machine, double makespan) {
    boolean better(Candidate other) {
      if (Math.abs(makespan - other.makespan) > EPSILON) {
        return makespan < other.makespan;
      }
      return taskCount < other.taskCount;
    }
  }

  /** Greedy merge passes until none merges. */
  Candidate improve(int[] start, int[] startMachine) {
    int[] taskOf = start.clone();
    int[] machine = startMachine;
    int count = machine.length;
    for (int pass = 0; pass < MAX_PASSES; pass++) {
      Pass current = new Pass(TaskGraph.of(graph, taskOf, count, model), machine);
      if (!current.run()) {
        break;
      }
      int[] root = current.roots();
      int[] renumber = new int[count];
      Arrays.fill(renumber, -1);
      int[] nextMachine = new int[count];
      int next = 0;
      for (int node = 0; node < taskOf.length; node++) {
        int task = root[taskOf[node]];
        if (renumber[task] < 0) {
          nextMachine[next] = machine[task];
          renumber[task] = next++;
        }
        taskOf[node] = renumber[task];
      }
      machine = Arrays.copyOf(nextMachine, next);
      count = next;
    }
    return new Candidate(taskOf, count, machine, TaskGraph.of(graph, taskOf, count, model).makespan(model));
  }

  /**
   * Level windows: cut the unit DAG into bands of {@code width} consecutive depths and make each connected
   * piece of a band (joined by edges between units on the same machine) one task. Edges between bands go
   * forward, so with one machine the result is acyclic by construction; with several it is checked. Long
   * parallel lanes become one task per lane and band, so start-ups are paid once per band instead of once
   * per node. Tries several widths and keeps the fastest; null when no width gives a valid grouping.
   */
  private Candidate bestWindows(TaskGraph units, int[] unitOf, int[] unitMachine) {
    int[] depth = new int[units.taskCount];
    int maxDepth = 0;
    for (int u : units.order) {
      for (int p : units.preds[u]) {
        depth[u] = Math.max(depth[u], depth[p] + 1);
      }
      maxDepth = Math.max(maxDepth, depth[u]);
    }
    Candidate best = null;
    for (int width : WINDOW_WIDTHS) {
      if (width > maxDepth + 1 && best != null) {
        break;
      }
      int[] parent = new int[units.taskCount];
      Arrays.setAll(parent, i -> i);
      for (int u = 0; u < units.taskCount; u++) {
        for (int p : units.preds[u]) {
          if (depth[p] / width == depth[u] / width && unitMachine[p] == unitMachine[u]) {
            parent[find(parent, u)] = find(parent, p);
          }
        }
      }
      int[] taskOf = new int[unitOf.length];
      int[] renumber = new int[units.taskCount];
      Arrays.fill(renumber, -1);
      int[] machine = new int[units.taskCount];
      int count = 0;
      for (int node = 0; node < unitOf.length; node++) {
        int root = find(parent, unitOf[node]);
        if (renumber[root] < 0) {
          renumber[root] = count;
          machine[count++] = unitMachine[unitOf[node]];
        }
        taskOf[node] = renumber[root];
      }
      TaskGraph tasks = TaskGraph.of(graph, taskOf, count, model);
      if (!tasks.acyclic()) {
        continue;
      }
      Candidate candidate = new Candidate(taskOf, count, Arrays.copyOf(machine, count), tasks.makespan(model));
      if (best == null || candidate.better(best)) {
        best = candidate;
      }
    }
    return best;
  }

  private static int find(int[] parent, int x) {
    while (parent[x] != x) {
      parent[x] = parent[parent[x]];
      x = parent[x];
    }
    return x;
  }

  /** The same grouping with ids numbered by first node. */
  private static int[] renumbered(int[] unitOf) {
    int[] result = new int[unitOf.length];
    Map<Integer, Integer> ids = new HashMap<>();
    for (int node = 0; node < unitOf.length; node++) {
      result[node] = ids.computeIfAbsent(unitOf[node], unit -> ids.size());
    }
    return result;
  }

  /** One pass of merging over a fixed snapshot of the task DAG. */
  private final class Pass {
    private final TaskGraph tasks;
    private final int[] machine;
    private final int count;
    private final double[] cost;
    private final double[] start;
    private final double[] finish;
    private final double[] latestStart;
    private final double[] level;
    private final int[] mergedInto;
    private final List<Set<Integer>> preds;
    private final List<Set<Integer>> succs;
    private final double makespan;

    Pass(TaskGraph tasks, int[] machine) {
      this.tasks = tasks;
      this.machine = machine;
      this.count = tasks.taskCount;
      cost = new double[count];
      start = new double[count];
      finish = new double[count];
      latestStart = new double[count];
      level = new double[count];
      mergedInto = new int[count];
      preds = new ArrayList<>(count);
      succs = new ArrayList<>(count);
      double longest = 0;
      for (int t = 0; t < count; t++) {
        cost[t] = tasks.cost(t, model);
        mergedInto[t] = t;
        preds.add(toSet(tasks.preds[t]));
        succs.add(toSet(tasks.succs[t]));
      }
      for (int t : tasks.order) {
        for (int p : tasks.preds[t]) {
          start[t] = Math.max(start[t], finish[p]);
          level[t] = Math.max(level[t], level[p] + 1);
        }
        finish[t] = start[t] + cost[t];
        longest = Math.max(longest, finish[t]);
      }
      makespan = longest;
      for (int i = count - 1; i >= 0; i--) {
        int t = tasks.order[i];
        double latestFinish = makespan;
        for (int s : tasks.succs[t]) {
          latestFinish = Math.min(latestFinish, latestStart[s]);
        }
        latestStart[t] = latestFinish - cost[t];
      }
    }

    /** Tries every candidate merge once; true when at least one was accepted. */
    boolean run() {
      boolean merged = false;
      for (int t : tasks.order) {
        if (mergedInto[t] != t) {
          continue;
        }
        List<Integer> candidates = sameMachinePreds(t);
        int task = t;
        if (candidates.size() >= 2) {
          Set<Integer> fanIn = new LinkedHashSet<>(candidates);
          fanIn.add(task);
          Integer result = tryMerge(fanIn);
          if (result != null) {
            merged = true;
            continue;
          }
        }
        for (int p : candidates) {
          if (mergedInto[p] != p || !preds.get(task).contains(p)) {
            continue;
          }
          Integer result = tryMerge(new LinkedHashSet<>(List.of(p, task)));
          if (result != null) {
            merged = true;
            task = result;
          }
        }
        List<Integer> followers = sameMachineSuccs(task);
        if (followers.size() >= 2) {
          Set<Integer> fanOut = new LinkedHashSet<>(followers);
          fanOut.add(task);
          if (tryMerge(fanOut) != null) {
            merged = true;
          }
        }
      }
      return merged;
    }

    /** Each task's surviving task id after this pass. */
    int[] roots() {
      int[] root = new int[count];
      for (int t = 0; t < count; t++) {
        int r = t;
        while (mergedInto[r] != r) {
          r = mergedInto[r];
        }
        root[t] = r;
      }
      return root;
    }

    private List<Integer> sameMachineSuccs(int task) {
      List<Integer> result = new ArrayList<>();
      for (int s : succs.get(task)) {
        if (machine[s] == machine[task]) {
          result.add(s);
        }
      }
      result.sort(null);
      return result;
    }

    private List<Integer> sameMachinePreds(int task) {
      List<Integer> result = new ArrayList<>();
      for (int p : preds.get(task)) {
        if (machine[p] == machine[task]) {
          result.add(p);
        }
      }
      // Latest-finishing first: it is the one that holds this task back.
      result.sort(
          Comparator.comparingDouble((Integer p) -> -finish[p]).thenComparingInt(p -> p));
      return result;
    }

    /**
     * Merges {@code members} into one task when that is safe and not slower; returns the surviving id. Most
     * attempts fail, so the checks run over the members' neighbours in place, rejecting at the first neighbour
     * that rules the merge out (a task may have thousands of neighbours and be tried with each of them), and sets
     * are built only on success.
     */
    private Integer tryMerge(Set<Integer> members) {
      double mergedCost = -model.overheadSeconds() * (members.size() - 1);
      int survivor = Integer.MAX_VALUE;
      for (int m : members) {
        mergedCost += cost[m];
        survivor = Math.min(survivor, m);
      }
      double maxPredLevel = Double.NEGATIVE_INFINITY;
      double mergedStart = 0;
      for (int m : members) {
        for (int p : preds.get(m)) {
          if (!members.contains(p)) {
            maxPredLevel = Math.max(maxPredLevel, level[p]);
            mergedStart = Math.max(mergedStart, finish[p]);
            if (mergedStart + mergedCost > makespan + EPSILON) {
              return null;
            }
          }
        }
      }
      double mergedFinish = mergedStart + mergedCost;
      if (mergedFinish > makespan + EPSILON) {
        return null;
      }
      double minSuccLevel = Double.POSITIVE_INFINITY;
      double latestFinish = makespan;
      for (int m : members) {
        for (int s : succs.get(m)) {
          if (!members.contains(s)) {
            // No level left between predecessors and successors (a cycle), or a successor pushed past its
            // latest start (the first thing delays() would find).
            boolean cycle = level[s] <= maxPredLevel;
            boolean late = mergedFinish > start[s] + EPSILON && mergedFinish > latestStart[s] + EPSILON;
            if (cycle || late) {
              return null;
            }
            minSuccLevel = Math.min(minSuccLevel, level[s]);
            latestFinish = Math.min(latestFinish, latestStart[s]);
          }
        }
      }
      double mergedLevel = levelBetween(maxPredLevel, minSuccLevel);
      if (Double.isNaN(mergedLevel)) {
        return null;
      }
      Map<Integer, Double> delayedStarts = delays(mergedFinish, members);
      if (delayedStarts == null) {
        return null;
      }
      Set<Integer> outsidePreds = new HashSet<>();
      Set<Integer> outsideSuccs = new HashSet<>();
      for (int m : members) {
        outsidePreds.addAll(preds.get(m));
        outsideSuccs.addAll(succs.get(m));
      }
      outsidePreds.removeAll(members);
      outsideSuccs.removeAll(members);
      delayedStarts.forEach(
          (task, newStart) -> {
            start[task] = newStart;
            finish[task] = newStart + cost[task];
          });
      cost[survivor] = mergedCost;
      start[survivor] = mergedStart;
      finish[survivor] = mergedFinish;
      level[survivor] = mergedLevel;
      latestStart[survivor] = Math.max(latestFinish, mergedFinish) - mergedCost;
      for (int m : members) {
        if (m != survivor) {
          mergedInto[m] = survivor;
        }
      }
      for (int p : outsidePreds) {
        succs.get(p).removeAll(members);
        succs.get(p).add(survivor);
      }
      for (int s : outsideSuccs) {
        preds.get(s).removeAll(members);
        preds.get(s).add(survivor);
      }
      preds.set(survivor, outsidePreds);
      succs.set(survivor, outsideSuccs);
      return survivor;
    }

    /**
     * The new start of every task that the merged task, finishing at {@code mergedFinish}, holds back; null
     * when one would then start after its latest start or finish after the wall time.
     */
    private Map<Integer, Double> delays(double mergedFinish, Set<Integer> members) {
      Map<Integer, Double> newStart = new HashMap<>();
      PriorityQueue<Integer> queue =
          new PriorityQueue<>(Comparator.comparingDouble((Integer t) -> level[t]).thenComparingInt(t -> t));
      for (int m : members) {
        for (int s : succs.get(m)) {
          if (!members.contains(s) && mergedFinish > start[s] + EPSILON && !newStart.containsKey(s)) {
            if (mergedFinish > latestStart[s] + EPSILON) {
              return null;
            }
            newStart.put(s, mergedFinish);
            queue.add(s);
          }
        }
      }
      while (!queue.isEmpty()) {
        int task = queue.poll();
        double taskFinish = newStart.get(task) + cost[task];
        if (taskFinish > makespan + EPSILON) {
          return null;
        }
        for (int s : succs.get(task)) {
          double current = newStart.getOrDefault(s, start[s]);
          if (taskFinish > current + EPSILON) {
            if (taskFinish > latestStart[s] + EPSILON) {
              return null;
            }
            if (!newStart.containsKey(s)) {
              queue.add(s);
            }
            newStart.put(s, taskFinish);
          }
        }
      }
      return newStart;
    }
  }

  /** A level strictly between the two bounds, or NaN when there is none. */
  private static double levelBetween(double below, double above) {
    if (below == Double.NEGATIVE_INFINITY && above == Double.POSITIVE_INFINITY) {
      return 0;
    }
    if (above == Double.POSITIVE_INFINITY) {
      return below + 1;
    }
    if (below == Double.NEGATIVE_INFINITY) {
      return above - 1;
    }
    double middle = below + (above - below) / 2;
    return below < middle && middle < above ? middle : Double.NaN;
  }

  private static Set<Integer> toSet(int[] values) {
    Set<Integer> set = new HashSet<>(values.length * 2);
    for (int value : values) {
      set.add(value);
    }
    return set;
  }
}
