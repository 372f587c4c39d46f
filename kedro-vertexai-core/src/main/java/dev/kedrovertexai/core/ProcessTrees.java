package dev.kedrovertexai.core;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Stops processes together with everything they started, so that a stopped run leaves no orphans: Kedro
 * runners and user code may start processes of their own, and those outlive a parent that is only destroyed.
 */
public final class ProcessTrees {
  /** How long to wait for a forcibly destroyed process to be gone. */
  private static final Duration FORCED_EXIT_WAIT = Duration.ofSeconds(5);

  private ProcessTrees() {}

  /**
   * Asks every process of the trees to terminate, waits up to {@code gracePeriod}, then kills what is left.
   * Descendants are collected before any process is stopped: once a parent is gone its children are
   * re-parented and no longer found through it.
   */
  public static void destroy(Collection<ProcessHandle> roots, Duration gracePeriod) {
    Set<ProcessHandle> all = withDescendants(roots);
    all.forEach(ProcessHandle::destroy);
    boolean interrupted = awaitExit(all, gracePeriod);
    // Whatever started during the grace period is killed along with its parent.
    Set<ProcessHandle> left = withDescendants(all.stream().filter(ProcessHandle::isAlive).toList());
    left.forEach(ProcessHandle::destroyForcibly);
    interrupted |= awaitExit(left, FORCED_EXIT_WAIT);
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private static Set<ProcessHandle> withDescendants(Collection<ProcessHandle> roots) {
    Set<ProcessHandle> all = new LinkedHashSet<>();
    for (ProcessHandle root : roots) {
      root.descendants().forEach(all::add);
      all.add(root);
    }
    return all;
  }

  /** Returns whether the wait was interrupted; an interrupted wait goes straight on to killing. */
  private static boolean awaitExit(Collection<ProcessHandle> processes, Duration limit) {
    long deadline = System.nanoTime() + limit.toNanos();
    List<ProcessHandle> pending = new ArrayList<>(processes);
    for (ProcessHandle process : pending) {
      long remaining = deadline - System.nanoTime();
      if (remaining <= 0) {
        return false;
      }
      try {
        process.onExit().get(remaining, TimeUnit.NANOSECONDS);
      } catch (InterruptedException e) {
        return true;
      } catch (ExecutionException | TimeoutException e) {
        return false;
      }
    }
    return false;
  }
}
