package dev.kedrovertexai.core.description;

import java.util.Objects;

/**
 * What the Kedro catalog of the described env resolves one dataset to. Kedro decides these facts
 * ({@code describe_project.py} asks the catalog's own resolver); the compiler only reads them.
 *
 * @param entry the declared catalog entry or the dataset-factory pattern that defines the dataset, or null when
 *     none does (Kedro then makes it a memory dataset)
 * @param type the dataset type as its entry writes it ({@code pandas.CSVDataset})
 * @param inMemory whether it lives in the memory of one process only, so that no other task can read it
 * @param protocol the protocol of its path as Kedro parses the path ({@code file} for a local path, {@code gs},
 *     ...), or null for a dataset without a path (a database table, a memory dataset)
 * @param path its path without the protocol, a local one relative to the project when it is inside it, or null
 */
public record DatasetFacts(String entry, String type, boolean inMemory, String protocol, String path) {
  /** A dataset no entry or pattern defines: Kedro's runners make it a memory dataset. */
  public static final DatasetFacts UNDECLARED = new DatasetFacts(null, "kedro.io.MemoryDataset", true, null, null);

  public DatasetFacts {
    Objects.requireNonNull(type, "type");
  }

  /** Written to a file of the machine the task runs on: on Vertex AI that file ends with the task's container. */
  public boolean isLocalFile() {
    return !inMemory && ("file".equals(protocol) || "local".equals(protocol));
  }

  /** Where it is written, as a catalog would write it: {@code data/x.csv}, {@code gs://bucket/x.csv}. */
  public String location() {
    if (path == null) {
      return "";
    }
    return protocol == null || isLocalFile() ? path : protocol + "://" + path;
  }
}
