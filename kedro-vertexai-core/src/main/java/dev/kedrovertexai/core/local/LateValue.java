package dev.kedrovertexai.core.local;

import java.util.List;

/**
 * An input value that exists only once other tasks have ended, so it is filled in when its task starts: another
 * task's output parameter, or the final status of an exit handler's DAG.
 */
sealed interface LateValue {
  /** The text the placeholder had in the spec, shown where a launch is printed before it runs. */
  String placeholder();

  /**
   * The output parameter {@code key} that task {@code producer} wrote to its output file.
   *
   * @param placeholder the consuming input's placeholder in the spec
   */
  record TaskOutput(String producer, String key, String placeholder) implements LateValue {}

  /**
   * The final status of the DAG task {@code producer}, whose tasks (after flattening) are {@code members}.
   *
   * @param placeholder the consuming input's placeholder in the spec
   */
  record FinalStatus(String producer, List<String> members, String placeholder) implements LateValue {
    public FinalStatus {
      members = List.copyOf(members);
    }
  }
}
