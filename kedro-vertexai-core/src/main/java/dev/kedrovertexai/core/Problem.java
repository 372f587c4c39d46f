package dev.kedrovertexai.core;

import java.util.Objects;

/**
 * One thing wrong with the user's input: where ({@link Origin}), which key path ({@code
 * run_config.resources.train.cpu}, may be empty), and what was expected.
 */
public record Problem(Origin origin, String keyPath, String message) {
  public Problem {
    Objects.requireNonNull(origin, "origin");
    Objects.requireNonNull(message, "message");
    keyPath = keyPath == null ? "" : keyPath;
  }

  @Override
  public String toString() {
    return keyPath.isEmpty() ? origin + ": " + message : origin + ": " + keyPath + ": " + message;
  }
}
