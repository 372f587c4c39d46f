package dev.kedrovertexai.core.local;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Which tasks may start: those whose dependencies have all succeeded, taken by name. Both the reader's ordering
 * and the runner's scheduling follow it, so that a local run starts tasks in the order the reader checked.
 */
final class ReadyTasks {
  private final Map<String, Integer> waitingOn = new HashMap<>();
  private final Map<String, List<String>> dependents = new HashMap<>();
  private final TreeSet<String> ready = new TreeSet<>();

  ReadyTasks(Collection<TaskLaunch> tasks) {
    for (TaskLaunch task : tasks) {
      TreeSet<String> distinct = new TreeSet<>(task.dependsOn());
      waitingOn.put(task.name(), distinct.size());
      for (String dependency : distinct) {
        dependents.computeIfAbsent(dependency, key -> new ArrayList<>()).add(task.name());
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
    return ready.pollFirst();
  }

  /** Records that {@code task} succeeded: the tasks that waited only on it become ready. */
  void succeeded(String task) {
    for (String dependent : dependents.getOrDefault(task, List.of())) {
      if (waitingOn.merge(dependent, -1, Integer::sum) == 0) {
        ready.add(dependent);
      }
    }
  }

  /** The tasks still waiting on a dependency, sorted. */
  List<String> waiting() {
    List<String> waiting = new ArrayList<>();
    waitingOn.forEach(
        (task, count) -> {
          if (count > 0) {
            waiting.add(task);
          }
        });
    waiting.sort(null);
    return waiting;
  }
}
