package dev.kedrovertexai.core.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kedrovertexai.core.EventLog;
import dev.kedrovertexai.core.ProblemsException;
import dev.kedrovertexai.core.config.VertexAiConfig;
import dev.kedrovertexai.core.description.KedroNode;
import dev.kedrovertexai.core.description.PipelineDescription;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** Invariants of every plan, over a few hundred seeded random DAGs. */
class PlanPropertiesTest {
  private static final int DAGS = 200;

  @Test
  void unstructuredDagsWithoutTags() throws Exception {
    for (long seed = 0; seed < DAGS; seed++) {
      PipelineDescription description = RandomDags.unstructured(seed, 5 + (int) (seed % 60), false);
      for (VertexAiConfig config : List.of(Fixtures.config().build(), Fixtures.config().auto().build())) {
        check(description, config, "seed " + seed);
      }
    }
  }

  @Test
  void unstructuredDagsWithTagsEitherPlanOrReportAGroupCycle() throws Exception {
    int planned = 0;
    for (long seed = 0; seed < DAGS; seed++) {
      PipelineDescription description = RandomDags.unstructured(seed, 5 + (int) (seed % 40), true);
      for (VertexAiConfig config : List.of(Fixtures.config().tags().build(), Fixtures.config().auto().build())) {
        try {
          check(description, config, "seed " + seed);
          planned++;
        } catch (ProblemsException e) {
          assertTrue(e.getMessage().contains("cycle"), e.getMessage());
        }
      }
    }
    assertTrue(planned > DAGS / 2, "most random tag groups are acyclic, planned " + planned);
  }

  @Test
  void layeredDagsWithTagsAndMixedResources() throws Exception {
    for (long seed = 0; seed < DAGS; seed++) {
      int size = 10 + (int) (seed * 7 % 150);
      PipelineDescription description =
          RandomDags.layered(seed, new RandomDags.Shape(size, 1 + (int) (seed % 9), 0.3, 0.3, seed % 2 == 0 ? 0 : 0.4));
      VertexAiConfig bigFeature = Fixtures.config().resource("feature", "2", "4Gi", null).build();
      VertexAiConfig autoBigFeature = Fixtures.config().auto().resource("feature", "2", "4Gi", null).build();
      boolean hasFeature =
          description.pipelines().get("__default__").nodes().stream().anyMatch(n -> n.tags().contains("feature"));
      List<VertexAiConfig> configs =
          hasFeature
              ? List.of(Fixtures.config().build(), Fixtures.config().tags().build(), bigFeature, autoBigFeature)
              : List.of(Fixtures.config().build(), Fixtures.config().tags().build(), Fixtures.config().auto().build());
      for (VertexAiConfig config : configs) {
        check(description, config, "seed " + seed);
      }
    }
  }

  private static void check(PipelineDescription description, VertexAiConfig config, String what)
      throws Exception {
    Planner planner = new Planner(EventLog.SILENT);
    ExecutionPlan plan = planner.plan(description, "__default__", config);
    String context = what + ", " + plan.groupingStrategy();
    assertEquals(plan, planner.plan(description, "__default__", config), "deterministic: " + context);

    List<KedroNode> nodes = description.pipelines().get("__default__").nodes();
    Map<String, Integer> taskIndexOfNode = new HashMap<>();
    Map<String, Integer> taskIndexByName = new HashMap<>();
    for (int i = 0; i < plan.tasks().size(); i++) {
      PlannedTask task = plan.tasks().get(i);
      assertEquals(null, taskIndexByName.put(task.name(), i), "unique task names: " + context);
      assertTrue(task.name().matches("[a-z0-9][a-z0-9-]{0,62}") && !task.name().endsWith("-"), task.name());
      for (String node : task.nodes()) {
        assertEquals(null, taskIndexOfNode.put(node, i), node + " in one task only: " + context);
      }
      for (String dependency : task.dependsOn()) {
        // Topological order: a task depends only on tasks listed before it, so there is no cycle.
        assertTrue(taskIndexByName.containsKey(dependency), dependency + " before " + task.name() + ": " + context);
      }
    }
    assertEquals(nodes.size(), taskIndexOfNode.size(), "every node planned: " + context);

    Map<String, KedroNode> byName = new HashMap<>();
    nodes.forEach(node -> byName.put(node.name(), node));
    Map<String, String> producer = new HashMap<>();
    for (KedroNode node : nodes) {
      node.outputs().forEach(output -> producer.put(output, node.name()));
    }
    Set<String> expectedStored = new TreeSet<>();
    Map<Integer, Set<String>> expectedInputs = new HashMap<>();
    Map<Integer, Set<String>> expectedOutputs = new HashMap<>();
    for (KedroNode node : nodes) {
      int readerTask = taskIndexOfNode.get(node.name());
      for (String input : node.datasetInputs()) {
        String from = producer.get(input);
        if (from == null) {
          continue;
        }
        int producerTask = taskIndexOfNode.get(from);
        if (producerTask != readerTask) {
          assertTrue(
              plan.tasks().get(readerTask).dependsOn().contains(plan.tasks().get(producerTask).name()),
              "dependency " + from + " -> " + node.name() + " kept: " + context);
          if (description.dataset(input).inMemory()) {
            expectedStored.add(input);
            expectedInputs.computeIfAbsent(readerTask, k -> new TreeSet<>()).add(input);
            expectedOutputs.computeIfAbsent(producerTask, k -> new TreeSet<>()).add(input);
          }
        }
      }
    }
    assertEquals(List.copyOf(expectedStored), plan.storedDatasets(), "stored datasets: " + context);
    double[] finish = new double[plan.tasks().size()];
    double longest = 0;
    for (int i = 0; i < plan.tasks().size(); i++) {
      PlannedTask task = plan.tasks().get(i);
      assertEquals(List.copyOf(expectedInputs.getOrDefault(i, Set.of())), task.storedInputs(), context);
      assertEquals(List.copyOf(expectedOutputs.getOrDefault(i, Set.of())), task.storedOutputs(), context);
      double cost = 90 + 10 * task.nodes().size() + 5 * (task.storedInputs().size() + task.storedOutputs().size());
      assertEquals(cost, task.modelledSeconds(), 1e-6, "task cost: " + context);
      double start = 0;
      for (String dependency : task.dependsOn()) {
        start = Math.max(start, finish[taskIndexByName.get(dependency)]);
      }
      finish[i] = start + cost;
      longest = Math.max(longest, finish[i]);
    }
    assertEquals(longest, plan.modelledSecondsPlanned(), 1e-6, "critical path: " + context);
    if (plan.groupingStrategy().equals("auto")) {
      boolean tagged = nodes.stream().anyMatch(n -> n.tags().stream().anyMatch(t -> t.startsWith("group.")));
      if (!tagged) {
        assertTrue(
            plan.modelledSecondsPlanned() <= plan.modelledSecondsUngrouped() + 1e-6,
            "auto never slower than one task per node: " + context);
      }
      Map<String, Integer> taskOfGroup = new HashMap<>();
      for (KedroNode node : nodes) {
        for (String tag : node.tags()) {
          if (tag.startsWith("group.")) {
            Integer task = taskIndexOfNode.get(node.name());
            assertEquals(task, taskOfGroup.merge(tag, task, (a, b) -> a), "auto split " + tag + ": " + context);
          }
        }
      }
      // A tag group may mix machines (its task takes the maximum); merges auto makes itself never do.
      for (PlannedTask task : tagged ? List.<PlannedTask>of() : plan.tasks()) {
        Set<Boolean> featureInTask = new HashSet<>();
        for (String node : task.nodes()) {
          featureInTask.add(byName.get(node).tags().contains("feature"));
        }
        if (!config.runConfig().resources().isEmpty()) {
          assertEquals(1, featureInTask.size(), "auto mixed machines in " + task.name() + ": " + context);
        }
      }
    }
  }
}
