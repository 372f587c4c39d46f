package dev.kedrovertexai.core.local;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One task of the spec, ready to start as a local process: every placeholder filled, the image's Python
 * replaced by the local one, the root replaced by the run's local root.
 *
 * @param name the task name in {@code root.dag.tasks}
 * @param dependsOn the tasks that must succeed first, sorted
 * @param command the full command line: the container's command followed by its args
 * @param environment the container's env (not yet merged with the parent environment)
 * @param hostAliases the spec's {@code IP=HOST1,HOST2} host aliases for this task, left out of {@code command}
 */
record TaskLaunch(
    String name,
    List<String> dependsOn,
    List<String> command,
    Map<String, String> environment,
    List<String> hostAliases) {
  TaskLaunch {
    dependsOn = List.copyOf(dependsOn);
    command = List.copyOf(command);
    hostAliases = List.copyOf(hostAliases);
    environment = Collections.unmodifiableMap(new TreeMap<>(environment));
  }
}
