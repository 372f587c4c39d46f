package dev.kedrovertexai.core.storage;

import java.io.IOException;
import java.util.List;

/**
 * Where a run keeps its temporary data: a {@code gs://} bucket or a local folder ({@code file://}), addressed by
 * URL as the task runtime addresses it. Close it when done.
 */
public interface ObjectStore extends AutoCloseable {
  void write(String url, byte[] content) throws IOException;

  /** The object's content, or null when there is none. */
  byte[] read(String url) throws IOException;

  /** The URLs of every object whose URL starts with {@code prefix}, sorted. */
  List<String> list(String prefix) throws IOException;

  /** Deletes the object; one that is already gone is fine. */
  void delete(String url) throws IOException;

  @Override
  default void close() throws IOException {}
}
