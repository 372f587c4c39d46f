package dev.kedrovertexai.core.local;

import dev.kedrovertexai.core.KedroVertexAiException;

/** A local run that failed or was cancelled, with what each task did. */
public final class LocalRunException extends KedroVertexAiException {
  private static final long serialVersionUID = 1L;

  private final transient LocalRunResult result;

  public LocalRunException(String message, LocalRunResult result) {
    super(message);
    this.result = result;
  }

  public LocalRunResult result() {
    return result;
  }
}
