package dev.kedrovertexai.core.plan;

import java.util.List;
import java.util.Objects;

/**
 * A dataset of the pipeline that the catalog writes to a local path. Each Vertex AI task is its own container, so
 * the file is gone for the other tasks and after the run.
 *
 * @param entry the catalog entry or factory pattern that defines it
 * @param location its local path as the catalog resolves it
 * @param writtenBy the task that writes it
 * @param readBy the other tasks that read it, sorted: when there are any it goes through the run's temporary
 *     storage; when there are none it is lost with its container
 */
public record LocalFileDataset(String name, String entry, String location, String writtenBy, List<String> readBy) {
  public LocalFileDataset {
    Objects.requireNonNull(name, "name");
    readBy = List.copyOf(readBy);
  }

  public boolean crossesTasks() {
    return !readBy.isEmpty();
  }
}
