package dev.kedrovertexai.core.plan;

import java.util.Arrays;
import java.util.Comparator;
import java.util.PriorityQueue;

/**
 * Kahn's algorithm with a priority among ready vertices, so that equal graphs always give the same order: the one
 * topological sort of the plugin, for the plan's nodes and tasks and for the tasks of a compiled spec.
 */
public final class TopologicalOrder {
  private TopologicalOrder() {}

  /**
   * Vertices {@code 0..n-1} of the graph {@code succs} in dependency order, taking the first by {@code
   * priority} among those ready; shorter than {@code n} when the graph has a cycle (vertices on or behind it
   * are left out).
   */
  public static int[] of(int[][] succs, Comparator<Integer> priority) {
    int n = succs.length;
    int[] pending = new int[n];
    for (int[] targets : succs) {
      for (int s : targets) {
        pending[s]++;
      }
    }
    PriorityQueue<Integer> ready = new PriorityQueue<>(priority);
    for (int v = 0; v < n; v++) {
      if (pending[v] == 0) {
        ready.add(v);
      }
    }
    int[] order = new int[n];
    int count = 0;
    while (!ready.isEmpty()) {
      int next = ready.poll();
      order[count++] = next;
      for (int s : succs[next]) {
        if (--pending[s] == 0) {
          ready.add(s);
        }
      }
    }
    return count == n ? order : Arrays.copyOf(order, count);
  }
}
