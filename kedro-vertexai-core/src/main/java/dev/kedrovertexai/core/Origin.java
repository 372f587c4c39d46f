package dev.kedrovertexai.core;

import java.util.Objects;

/**
 * Where a value came from: a file position ({@code conf/base/vertexai.yml:12:5}) or a named source such as
 * {@code -Dvertexai.image} or {@code POM <overrides>}. Line and column are 1-based; 0 means unknown.
 */
public record Origin(String source, int line, int column) {
  public Origin {
    Objects.requireNonNull(source, "source");
  }

  public static Origin of(String source) {
    return new Origin(source, 0, 0);
  }

  @Override
  public String toString() {
    if (line <= 0) {
      return source;
    }
    return column <= 0 ? source + ":" + line : source + ":" + line + ":" + column;
  }
}
