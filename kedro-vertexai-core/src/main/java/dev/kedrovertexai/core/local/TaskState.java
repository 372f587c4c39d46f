package dev.kedrovertexai.core.local;

/** How a task of a local run ended. */
public enum TaskState {
  /** Exited with code 0. */
  SUCCEEDED,
  /** Exited with another code, or could not start. */
  FAILED,
  /** Never started, because a task failed first. */
  SKIPPED,
  /** Stopped, or never started, because the run was interrupted. */
  CANCELLED
}
