package dev.kedrovertexai.core.description;

import java.util.List;
import java.util.Objects;

/**
 * One Kedro node as Kedro names it: {@code name} is the full, namespaced name ({@code ns.sub.node}) that
 * {@code --nodes} and {@code session.run(node_names=...)} accept. Inputs include parameter references
 * ({@code parameters}, {@code params:key}); see {@link #datasetInputs()}.
 */
public record KedroNode(
    String name, String namespace, List<String> tags, List<String> inputs, List<String> outputs) {

  public KedroNode {
    Objects.requireNonNull(name, "name");
    namespace = namespace == null || namespace.isEmpty() ? null : namespace;
    tags = List.copyOf(tags);
    inputs = List.copyOf(inputs);
    outputs = List.copyOf(outputs);
  }

  /** True for Kedro's parameter inputs, which are never datasets to move between tasks. */
  public static boolean isParameter(String input) {
    return input.equals("parameters") || input.startsWith("params:");
  }

  /** Inputs that are datasets, in declaration order. */
  public List<String> datasetInputs() {
    return inputs.stream().filter(input -> !isParameter(input)).toList();
  }
}
