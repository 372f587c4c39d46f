package dev.kedrovertexai.core;

/**
 * A failure the user can act on. Its message is complete and meant to be shown as is, without a stack
 * trace; callers (Mojos, a CLI) print {@link #getMessage()} and stop.
 */
public class KedroVertexAiException extends Exception {
  private static final long serialVersionUID = 1L;

  public KedroVertexAiException(String message) {
    super(message);
  }

  public KedroVertexAiException(String message, Throwable cause) {
    super(message, cause);
  }
}
