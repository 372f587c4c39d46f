package dev.kedrovertexai.core.vertex;

import com.google.api.gax.rpc.ApiException;
import com.google.api.gax.rpc.StatusCode;
import dev.kedrovertexai.core.EventLog;
import dev.kedrovertexai.core.KedroVertexAiException;
import java.time.Duration;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Retries calls that failed for a passing reason (UNAVAILABLE, DEADLINE_EXCEEDED, RESOURCE_EXHAUSTED) with
 * exponential back-off, and translates every other failure into a {@link KedroVertexAiException}. Creating a
 * job is safe to retry because its id is chosen by us.
 */
final class Retrier {
  static final Set<StatusCode.Code> TRANSIENT =
      Set.of(StatusCode.Code.UNAVAILABLE, StatusCode.Code.DEADLINE_EXCEEDED, StatusCode.Code.RESOURCE_EXHAUSTED);

  /** How often and how patiently to retry. */
  record Policy(int maxAttempts, Duration initialDelay, double multiplier, Duration maxDelay) {
    /** About two minutes in all: enough for a regional hiccup or the per-minute submission quota. */
    static final Policy DEFAULT = new Policy(7, Duration.ofSeconds(1), 2.0, Duration.ofSeconds(40));
  }

  private final Policy policy;
  private final Sleeper sleeper;
  private final EventLog log;
  private final ApiErrors errors;

  Retrier(Policy policy, Sleeper sleeper, EventLog log, ApiErrors errors) {
    this.policy = policy;
    this.sleeper = sleeper;
    this.log = log;
    this.errors = errors;
  }

  <T> T call(ApiAction action, Supplier<T> call) throws KedroVertexAiException {
    Duration delay = policy.initialDelay();
    for (int attempt = 1; ; attempt++) {
      try {
        return call.get();
      } catch (ApiException e) {
        StatusCode.Code code = e.getStatusCode().getCode();
        if (!TRANSIENT.contains(code) || attempt >= policy.maxAttempts()) {
          throw errors.translate(e, action);
        }
        log.warn(
            "Could not "
                + action.description()
                + " ("
                + code
                + "); retrying in "
                + Durations.format(delay)
                + " (attempt "
                + (attempt + 1)
                + " of "
                + policy.maxAttempts()
                + ")");
        sleep(delay, action);
        delay = next(delay);
      }
    }
  }

  void run(ApiAction action, Runnable call) throws KedroVertexAiException {
    call(
        action,
        () -> {
          call.run();
          return null;
        });
  }

  private Duration next(Duration delay) {
    long millis = (long) (delay.toMillis() * policy.multiplier());
    return millis > policy.maxDelay().toMillis() ? policy.maxDelay() : Duration.ofMillis(millis);
  }

  private void sleep(Duration delay, ApiAction action) throws KedroVertexAiException {
    try {
      sleeper.sleep(delay);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KedroVertexAiException("Interrupted before trying again to " + action.description(), e);
    }
  }
}
