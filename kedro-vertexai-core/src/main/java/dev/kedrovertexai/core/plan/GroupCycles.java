package dev.kedrovertexai.core.plan;

import java.util.ArrayList;
import java.util.List;

/** Finds a cycle among groups, and the node dependencies that make it, for an error message. */
final class GroupCycles {
  private GroupCycles() {}

  /** The groups on one cycle of a cyclic task graph, in dependency order (the first depends on the last). */
  static List<Integer> find(TaskGraph tasks) {
    int n = tasks.taskCount;
    int[] state = new int[n]; // 0 unvisited, 1 on the current path, 2 done
    int[] parent = new int[n];
    int[] nextSucc = new int[n];
    for (int root = 0; root < n; root++) {
      if (state[root] != 0) {
        continue;
      }
      state[root] = 1;
      parent[root] = -1;
      int current = root;
      while (current >= 0) {
        if (nextSucc[current] < tasks.succs[current].length) {
          int next = tasks.succs[current][nextSucc[current]++];
          if (state[next] == 1) {
            List<Integer> cycle = new ArrayList<>();
            for (int t = current; t != next; t = parent[t]) {
              cycle.add(0, t);
            }
            cycle.add(0, next);
            return cycle;
          }
          if (state[next] == 0) {
            state[next] = 1;
            parent[next] = current;
            current = next;
          }
        } else {
          state[current] = 2;
          current = parent[current];
        }
      }
    }
    throw new IllegalStateException("no cycle in an acyclic task graph");
  }

  /** A node of group {@code from} that a node of group {@code to} depends on: {@code [producer, reader]}. */
  static int[] witness(PipelineGraph graph, int[] groupOf, int from, int to) {
    for (int node = 0; node < graph.size(); node++) {
      if (groupOf[node] != to) {
        continue;
      }
      for (int p : graph.preds[node]) {
        if (groupOf[p] == from) {
          return new int[] {p, node};
        }
      }
    }
    throw new IllegalStateException("groups " + from + " and " + to + " are not adjacent");
  }
}
