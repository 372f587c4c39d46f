package dev.kedrovertexai.core.local;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which tasks may start: those whose dependencies have all succeeded, taken by name; a task that runs after
 * failures (an exit task) may start once its dependencies have all ended, however. When every task succeeds it
 * starts them in the reader's topological order, which takes the first by name among the ready ones too.
 */
final class ReadyTasks {
  private final Map<String, Integer> waitingOn = new HashMap<>();
  private final Map<String, List<String>> dependents = new HashMap<>();
  private final Set<String> afterFailure = new HashSet<>();
  /** Tasks taken by {@link #next()} or given up by {@link #abandonPending()}: each ends exactly once. */
  private final Set<String> taken = new HashSet<>();
  private final TreeSet<String> ready = new TreeSet<>();

  ReadyTasks(Collection<TaskLaunch> tasks) {
    for (TaskLaunch task : tasks) {
      TreeSet<String> distinct = new TreeSet<>(task.dependsOn());
      waitingOn.put(task.name(), distinct.size());
      for (String dependency : distinct) {
        dependents.computeIfAbsent(dependency, key -> new ArrayList<>()).add(task.name());
      }
      if (task.afterFailure()) {
        afterFailure.add(task.name());
      }
      if (distinct.isEmpty()) {
        ready.add(task.name());
      }
    }
  }

  boolean isEmpty() {
    return ready.isEmpty();
  }

  /** The first ready task by name, no longer ready. */
  String next() {
    String task = ready.pollFirst();
    taken.add(task);
    return task;
  }

  /** Records that {@code task} succeeded: the tasks that waited only on it become ready. */
  void succeeded(String task) {
    release(task, true);
  }

  /** Records that {@code task} failed: only the tasks that run after failures may still become ready. */
  void failed(String task) {
    release(task, false);
  }

  /**
   * Gives up every task that has not started and does not run after failures, as after a failure nothing else
   * starts: they end unstarted, so the tasks that run after failures stop waiting for them. Returns them, sorted.
   */
  List<String> abandonPending() {
    List<String> abandoned = new ArrayList<>();
    for (String task : new TreeSet<>(waitingOn.keySet())) {
      if (!taken.contains(task) && !afterFailure.contains(task)) {
        abandoned.add(task);
      }
    }
    ready.removeAll(abandoned);
    taken.addAll(abandoned);
    abandoned.forEach(task -> release(task, false));
    return abandoned;
  }

  private void release(String task, boolean succeeded) {
    for (String dependent : dependents.getOrDefault(task, List.of())) {
      if (!succeeded && !afterFailure.contains(dependent)) {
        continue;
      }
      if (waitingOn.merge(dependent, -1, Integer::sum) == 0 && !taken.contains(dependent)) {
        ready.add(dependent);
      }
    }
  }
}
