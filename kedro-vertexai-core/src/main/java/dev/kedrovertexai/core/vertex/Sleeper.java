package dev.kedrovertexai.core.vertex;

import java.time.Duration;

/** Waits; injected so that tests of polling and back-off run in no time. */
@FunctionalInterface
public interface Sleeper {
  void sleep(Duration duration) throws InterruptedException;

  Sleeper REAL = duration -> Thread.sleep(duration.toMillis());
}
