package dev.kedrovertexai.core.local;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * One task of the spec, ready to start as a local process: every placeholder filled, the image's Python
 * replaced by the local one, the root replaced by the run's local root. Values that exist only once other tasks
 * have ended (their outputs, a DAG's final status) are filled in when the task starts.
 *
 * @param name the task name (unique in the run: tasks of DAG components are run alongside the root's)
 * @param dependsOn the tasks that must end first, sorted
 * @param commandText the full command line: the container's command followed by its args
 * @param environmentText the container's env (not yet merged with the parent environment)
 * @param afterFailure whether the task runs when tasks it depends on failed or were skipped (its trigger policy is
 *     {@code ALL_UPSTREAM_TASKS_COMPLETED}, as an exit handler's exit task has)
 * @param outputFiles where the task writes each of its output parameters
 * @param hostAliases the spec's {@code IP=HOST1,HOST2} host aliases for this task, left out of the command: a
 *     local run does not write this machine's {@code /etc/hosts}
 */
record TaskLaunch(
    String name,
    List<String> dependsOn,
    List<LaunchText> commandText,
    Map<String, LaunchText> environmentText,
    boolean afterFailure,
    Map<String, Path> outputFiles,
    List<String> hostAliases) {
  TaskLaunch {
    hostAliases = List.copyOf(hostAliases);
    dependsOn = List.copyOf(dependsOn);
    commandText = List.copyOf(commandText);
    environmentText = Collections.unmodifiableMap(new TreeMap<>(environmentText));
    outputFiles = Collections.unmodifiableMap(new TreeMap<>(outputFiles));
  }

  /** A task whose command and env are plain text. */
  TaskLaunch(String name, List<String> dependsOn, List<String> command, Map<String, String> environment) {
    this(
        name,
        dependsOn,
        command.stream().map(LaunchText::of).toList(),
        literal(environment),
        false,
        Map.of(),
        List.of());
  }

  private static Map<String, LaunchText> literal(Map<String, String> environment) {
    Map<String, LaunchText> texts = new LinkedHashMap<>();
    environment.forEach((name, value) -> texts.put(name, LaunchText.of(value)));
    return texts;
  }

  /** The command line, late values shown as their placeholders. */
  List<String> command() {
    return command(LateValue::placeholder);
  }

  List<String> command(Function<LateValue, String> values) {
    List<String> command = new ArrayList<>(commandText.size());
    commandText.forEach(text -> command.add(text.render(values)));
    return command;
  }

  /** The env, late values shown as their placeholders. */
  Map<String, String> environment() {
    return environment(LateValue::placeholder);
  }

  Map<String, String> environment(Function<LateValue, String> values) {
    Map<String, String> environment = new TreeMap<>();
    environmentText.forEach((name, text) -> environment.put(name, text.render(values)));
    return environment;
  }

  List<LateValue> lateValues() {
    List<LateValue> late = new ArrayList<>();
    commandText.forEach(text -> late.addAll(text.lateValues()));
    environmentText.values().forEach(text -> late.addAll(text.lateValues()));
    return late;
  }
}
