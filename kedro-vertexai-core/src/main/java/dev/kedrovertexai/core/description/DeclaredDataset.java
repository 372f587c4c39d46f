package dev.kedrovertexai.core.description;

import java.util.Objects;

/**
 * A catalog entry or dataset-factory pattern as the project's catalog resolves it. {@code nameOrPattern} is
 * a dataset name, or a pattern such as {@code {namespace}.{name}_data}; {@code type} is the dataset class as
 * written or resolved ({@code pandas.CSVDataset}), may be empty when unknown.
 */
public record DeclaredDataset(String nameOrPattern, String type) {
  public DeclaredDataset {
    Objects.requireNonNull(nameOrPattern, "nameOrPattern");
    type = type == null ? "" : type;
  }

  /**
   * Memory datasets live in one process only, so a declared one does not carry data from one Vertex task to
   * the next: for planning it counts as unresolved.
   */
  public boolean isInMemory() {
    String simpleName = type.substring(type.lastIndexOf('.') + 1);
    return simpleName.equals("MemoryDataset")
        || simpleName.equals("MemoryDataSet")
        || simpleName.equals("SharedMemoryDataset")
        || simpleName.equals("SharedMemoryDataSet");
  }
}
