package dev.kedrovertexai.core.vertex;

import java.time.Duration;

/**
 * How {@code run-once} behaves after compiling.
 *
 * @param checkBucket check that the bucket of {@code run_config.root} exists before submitting
 * @param waitForEnd follow the job to its end and fail when it fails
 * @param timeout cancel the job when it runs longer (implies waiting); null for no limit
 */
public record RunOptions(boolean checkBucket, boolean waitForEnd, Duration timeout) {
  public boolean waits() {
    return waitForEnd || timeout != null;
  }
}
