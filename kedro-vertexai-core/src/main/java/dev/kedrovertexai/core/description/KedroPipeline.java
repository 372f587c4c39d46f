package dev.kedrovertexai.core.description;

import java.util.List;
import java.util.Objects;

/** A registered Kedro pipeline: its nodes in Kedro's topological order. */
public record KedroPipeline(String name, List<KedroNode> nodes) {
  public KedroPipeline {
    Objects.requireNonNull(name, "name");
    nodes = List.copyOf(nodes);
  }
}
