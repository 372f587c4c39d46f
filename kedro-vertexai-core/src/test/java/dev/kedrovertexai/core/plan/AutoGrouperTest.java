package dev.kedrovertexai.core.plan;

import static dev.kedrovertexai.core.plan.Fixtures.catalog;
import static dev.kedrovertexai.core.plan.Fixtures.description;
import static dev.kedrovertexai.core.plan.Fixtures.node;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kedrovertexai.core.description.KedroNode;
import dev.kedrovertexai.core.description.PipelineDescription;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The greedy passes on their own, without the planner's final safety check. */
class AutoGrouperTest {
  private static final CostModel MODEL = new CostModel(90, 10, 5, NodeTimings.EMPTY);

  @Test
  void greedyPassesNeverLengthenTheModelledWallTimeAndStayAcyclic() throws Exception {
    int merged = 0;
    for (long seed = 0; seed < 150; seed++) {
      PipelineDescription description = RandomDags.unstructured(seed, 10 + (int) (seed % 120), false);
      PipelineGraph graph =
          PipelineGraph.of(description.pipelines().get("__default__"), description);
      int[] single = new int[graph.size()];
      Arrays.setAll(single, i -> i);
      int[] machines = new int[graph.size()];
      // Two machine shapes, alternating by a seeded pattern, so that some edges may not be merged.
      long offset = seed;
      Arrays.setAll(machines, i -> (i * 7 + offset) % 5 == 0 ? 1 : 0);
      double before = TaskGraph.ungrouped(graph, MODEL).makespan(MODEL);
      AutoGrouper.Candidate result = new AutoGrouper(graph, MODEL).improve(single, machines);
      TaskGraph tasks = TaskGraph.of(graph, result.taskOf(), result.taskCount(), MODEL);
      assertTrue(tasks.acyclic(), "seed " + seed);
      assertTrue(tasks.makespan(MODEL) <= before + 1e-9, "seed " + seed + ": " + tasks.makespan(MODEL) + " > " + before);
      for (int node = 0; node < graph.size(); node++) {
        assertTrue(
            result.machine()[result.taskOf()[node]] == machines[node], "seed " + seed + " mixed machines");
      }
      if (result.taskCount() < graph.size()) {
        merged++;
      }
    }
    assertTrue(merged > 140, "the passes merge something in almost every DAG, merged in " + merged);
  }

  /**
   * One node feeding 20,000 parallel nodes that one node joins: every parallel node is tried with both hubs,
   * so a merge check that walks all of a hub's neighbours each time is quadratic (tens of seconds here).
   */
  @Test
  void hubsWithThousandsOfNeighboursArePlannedInLinearTime() throws Exception {
    int width = 20_000;
    List<KedroNode> nodes = new ArrayList<>();
    List<String> parts = new ArrayList<>();
    nodes.add(node("split", List.of("raw"), List.of("chunks")));
    for (int i = 0; i < width; i++) {
      nodes.add(node("work" + i, List.of("chunks"), List.of("part" + i)));
      parts.add("part" + i);
    }
    nodes.add(node("join", parts, List.of("result")));
    PipelineDescription description = description(catalog("raw"), nodes.toArray(new KedroNode[0]));
    PipelineGraph graph = PipelineGraph.of(description.pipelines().get("__default__"), description);
    int[] single = new int[graph.size()];
    Arrays.setAll(single, i -> i);
    int[] machines = new int[graph.size()];

    AutoGrouper.Candidate result =
        assertTimeoutPreemptively(
            Duration.ofSeconds(10), () -> new AutoGrouper(graph, MODEL).improve(single, machines));
    // Every parallel node is on the critical path: merging any of them with a hub would slow the run.
    assertEquals(graph.size(), result.taskCount());
  }
}
