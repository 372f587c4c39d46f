package dev.kedrovertexai.core.plan;

import dev.kedrovertexai.core.EventLog;
import dev.kedrovertexai.core.KedroVertexAiException;
import dev.kedrovertexai.core.Origin;
import dev.kedrovertexai.core.Problem;
import dev.kedrovertexai.core.ProblemsException;
import dev.kedrovertexai.core.config.GroupingConfig;
import dev.kedrovertexai.core.config.LocalDatasets;
import dev.kedrovertexai.core.config.VertexAiConfig;
import dev.kedrovertexai.core.description.DatasetFacts;
import dev.kedrovertexai.core.description.KedroNode;
import dev.kedrovertexai.core.description.KedroPipeline;
import dev.kedrovertexai.core.description.PipelineDescription;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Groups a Kedro pipeline's nodes into Vertex tasks and decides which datasets are kept in storage.
 *
 * <p>Strategies ({@code run_config.grouping.cls}): one task per node (kedro-vertexai's IdentityNodeGrouper, the
 * default), tag groups (its TagNodeGrouper) and {@code auto} ({@link AutoGrouper}). Whatever the strategy, a
 * dataset produced in one task and read in another goes through the run's temporary storage when the catalog
 * keeps it in memory, or writes it to a local path (unless {@code run_config.local_datasets: error} makes that a
 * problem); that is decided on the whole DAG, so a dataset read both inside and outside its producing task is
 * stored too. What the catalog resolves each dataset to is Kedro's answer, from the description.
 */
public final class Planner {
  public static final String NONE = "none";
  public static final String TAGS = "tags";
  public static final String AUTO = "auto";

  private final EventLog log;

  public Planner(EventLog log) {
    this.log = log;
  }

  public ExecutionPlan plan(PipelineDescription description, String pipelineName, VertexAiConfig config)
      throws KedroVertexAiException {
    return plan(description, pipelineName, config, NodeTimings.EMPTY);
  }

  /** Plans with node run times measured in an earlier run (they only change how {@code auto} groups). */
  public ExecutionPlan plan(
      PipelineDescription description, String pipelineName, VertexAiConfig config, NodeTimings timings)
      throws KedroVertexAiException {
    KedroPipeline pipeline =
        description
            .pipeline(pipelineName)
            .orElseThrow(
                () ->
                    new KedroVertexAiException(
                        "The Kedro project has no pipeline '" + pipelineName + "'; it has "
                            + String.join(", ", description.pipelines().keySet())
                            + ". Choose one with -Dvertexai.pipeline=<name>"));
    if (pipeline.nodes().isEmpty()) {
      throw new KedroVertexAiException(
          "Kedro pipeline '" + pipelineName + "' has no nodes, so there is nothing to run on Vertex AI");
    }
    GroupingConfig grouping = config.runConfig().grouping();
    String strategy = strategy(grouping, config);
    Origin pipelineOrigin = Origin.of("Kedro pipeline '" + pipelineName + "'");
    List<Problem> problems = new ArrayList<>();
    CostModel model = CostModel.of(config, timings, problems);

    LocalDatasets localRule = config.runConfig().localDatasets();
    PipelineGraph graph = PipelineGraph.of(pipeline, description, localRule == LocalDatasets.STORE);
    graph.freeInputs.forEach(
        (dataset, readers) ->
            problems.add(
                new Problem(
                    Origin.of("catalog of Kedro env '" + description.env() + "'"),
                    "",
                    "dataset '" + dataset + "' is read by " + String.join(", ", readers)
                        + " but no node of pipeline '" + pipelineName
                        + "' produces it and the catalog does not resolve it (no entry, no dataset factory"
                        + " pattern, or a memory dataset); declare it in conf/base/catalog.yml")));
    ResourceResolver resolver = new ResourceResolver(config, grouping.tagPrefix(), log, problems);
    resolver.checkKeys(description);
    ContainerResources[] nodeSetups = resolver.resolve(graph);

    Grouping groups =
        strategy.equals(NONE)
            ? Grouping.singles(graph)
            : Grouping.tags(graph, grouping.tagPrefix(), pipelineOrigin, problems);
    ContainerResources[] groupSetups = groupSetups(graph, groups, nodeSetups, pipelineOrigin, problems);
    TaskGraph tasks = null;
    if (problems.isEmpty()) {
      tasks = TaskGraph.of(graph, groups.groupOf, groups.count(), model);
      if (!tasks.acyclic()) {
        problems.add(cycleProblem(graph, groups, tasks, pipelineOrigin));
      }
    }
    if (!problems.isEmpty()) {
      throw problemsException(pipelineName, problems);
    }
    if (strategy.equals(AUTO)) {
      long started = System.nanoTime();
      // Auto grouping only needs to know which groups share a machine shape: one number per shape.
      Map<ResourceResolver.MachineShape, Integer> shapeIds = new HashMap<>();
      int[] shapeOf =
          Arrays.stream(groupSetups)
              .mapToInt(setup -> shapeIds.computeIfAbsent(ResourceResolver.normalized(setup), s -> shapeIds.size()))
              .toArray();
      int[] taskOf = new AutoGrouper(graph, model).group(tasks, shapeOf);
      groups = groups.merged(graph, taskOf);
      groupSetups = groupSetups(graph, groups, nodeSetups, pipelineOrigin, problems);
      tasks = TaskGraph.of(graph, groups.groupOf, groups.count(), model);
      log.debug(
          "auto grouping of " + graph.size() + " nodes took " + (System.nanoTime() - started) / 1_000_000 + " ms");
    }
    ExecutionPlan plan = assemble(pipelineName, strategy, graph, groups, groupSetups, tasks, model);
    checkLocalFiles(plan, description.env(), config);
    return plan;
  }

  /**
   * A local file does not travel between Vertex AI containers: one that another task reads is a problem under
   * {@code local_datasets: error}, else it went through temporary storage and the log says so; one that no other
   * task reads is lost with its container, which the log says too.
   */
  private void checkLocalFiles(ExecutionPlan plan, String env, VertexAiConfig config) throws ProblemsException {
    List<LocalFileDataset> crossing = plan.localFiles().stream().filter(LocalFileDataset::crossesTasks).toList();
    List<LocalFileDataset> lost = plan.localFiles().stream().filter(local -> !local.crossesTasks()).toList();
    String catalog = "catalog of Kedro env '" + env + "'";
    if (!crossing.isEmpty() && config.runConfig().localDatasets() == LocalDatasets.ERROR) {
      String rule = LocalDatasets.KEY + ": error (" + config.originOf(LocalDatasets.KEY) + ")";
      List<Problem> problems = new ArrayList<>();
      for (LocalFileDataset local : crossing) {
        problems.add(
            new Problem(
                Origin.of(catalog),
                "",
                "dataset '" + local.name() + "' (catalog entry '" + local.entry() + "') is written to the local"
                    + " path " + local.location() + " by task " + local.writtenBy() + " and read by task "
                    + String.join(", ", local.readBy()) + "; a local file does not travel between Vertex AI"
                    + " containers, and " + rule + " keeps it out of the run's temporary storage: give it a gs://"
                    + " path in this catalog"));
      }
      throw problemsException(plan.pipelineName(), problems);
    }
    String gsPath =
        "a gs:// path in the catalog of the Kedro env used for Vertex AI (conf/<env>/catalog.yml, compiled with"
            + " -Dvertexai.env=<env>)";
    if (!crossing.isEmpty()) {
      boolean one = crossing.size() == 1;
      log.warn(
          count(crossing.size(), "dataset") + " of the " + catalog + (one ? " is" : " are")
              + " written to a local path and read in another task; a local file does not travel between Vertex AI"
              + " containers, so " + (one ? "it goes" : "they go") + " through the run's temporary storage as well:"
              + lines(crossing) + "\nTo have the catalog carry " + (one ? "it" : "them") + ", give "
              + (one ? "it " : "them ") + gsPath + "; to stop the build instead, set " + LocalDatasets.KEY
              + ": error.");
    }
    if (!lost.isEmpty()) {
      boolean one = lost.size() == 1;
      log.warn(
          count(lost.size(), "dataset") + " of the " + catalog + (one ? " is" : " are")
              + " written to a local path that no later task reads, so " + (one ? "it is" : "each is")
              + " lost when its Vertex AI container ends:" + lines(lost) + "\nTo keep " + (one ? "it" : "them")
              + ", give " + (one ? "it " : "them ") + gsPath + ".");
    }
  }

  private static String lines(List<LocalFileDataset> datasets) {
    StringBuilder text = new StringBuilder();
    for (LocalFileDataset local : datasets) {
      text.append("\n  - ").append(local.name()).append(" (catalog entry '").append(local.entry()).append("', ")
          .append(local.location()).append("): written by task ").append(local.writtenBy());
      if (local.crossesTasks()) {
        text.append(", read by ").append(String.join(", ", local.readBy()));
      }
    }
    return text.toString();
  }

  private static String count(int n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }

  private static String strategy(GroupingConfig grouping, VertexAiConfig config) throws KedroVertexAiException {
    return switch (grouping.cls()) {
      case GroupingConfig.IDENTITY -> NONE;
      case GroupingConfig.TAGS -> TAGS;
      case GroupingConfig.AUTO -> AUTO;
      default ->
          throw new ProblemsException(
              "Invalid Vertex AI configuration",
              List.of(
                  new Problem(
                      config.originOf("run_config.grouping.cls"),
                      "run_config.grouping.cls",
                      "unknown grouping '" + grouping.cls() + "'; expected " + GroupingConfig.IDENTITY + ", "
                          + GroupingConfig.TAGS + " or " + GroupingConfig.AUTO)));
    };
  }

  private static ProblemsException problemsException(String pipelineName, List<Problem> problems) {
    boolean configOnly = problems.stream().allMatch(p -> p.keyPath().startsWith("run_config."));
    return new ProblemsException(
        configOnly
            ? "Invalid Vertex AI configuration"
            : "Cannot plan Kedro pipeline '" + pipelineName + "' for Vertex AI",
        problems);
  }

  /** Each group's setup: field-wise maximum over its nodes; a group mixing accelerators is a problem. */
  private static ContainerResources[] groupSetups(
      PipelineGraph graph,
      Grouping groups,
      ContainerResources[] nodeSetups,
      Origin pipelineOrigin,
      List<Problem> problems) {
    List<List<ContainerResources>> members = new ArrayList<>();
    for (int g = 0; g < groups.count(); g++) {
      members.add(new ArrayList<>());
    }
    for (int node = 0; node < graph.size(); node++) {
      members.get(groups.groupOf[node]).add(nodeSetups[node]);
    }
    ContainerResources[] result = new ContainerResources[groups.count()];
    for (int g = 0; g < groups.count(); g++) {
      result[g] = ResourceResolver.combine(members.get(g));
      if (result[g] == null) {
        Map<String, List<String>> byAccelerator = new LinkedHashMap<>();
        for (int node = 0; node < graph.size(); node++) {
          if (groups.groupOf[node] == g && nodeSetups[node].acceleratorType() != null) {
            byAccelerator
                .computeIfAbsent(nodeSetups[node].acceleratorType(), k -> new ArrayList<>())
                .add(graph.nodes.get(node).name());
          }
        }
        problems.add(
            new Problem(
                pipelineOrigin,
                "",
                "group '" + groups.labels.get(g) + "' mixes accelerator types " + byAccelerator
                    + "; one Vertex task runs on one machine, so give these nodes the same"
                    + " cloud.google.com/gke-accelerator or put them in different groups"));
        result[g] = members.get(g).get(0);
      }
    }
    return result;
  }

  /** Tag groups that depend on each other both ways cannot become tasks: name the nodes on the cycle. */
  private static Problem cycleProblem(
      PipelineGraph graph, Grouping groups, TaskGraph tasks, Origin pipelineOrigin) {
    List<Integer> cycle = GroupCycles.find(tasks);
    StringBuilder path = new StringBuilder();
    for (int i = 0; i < cycle.size(); i++) {
      int from = cycle.get(i);
      int to = cycle.get((i + 1) % cycle.size());
      int[] edge = GroupCycles.witness(graph, groups.groupOf, from, to);
      if (path.length() > 0) {
        path.append(", ");
      }
      path.append(graph.nodes.get(edge[0]).name())
          .append(" [")
          .append(groups.labels.get(from))
          .append("] -> ")
          .append(graph.nodes.get(edge[1]).name())
          .append(" [")
          .append(groups.labels.get(to))
          .append("]");
    }
    List<String> groupNames = cycle.stream().map(groups.labels::get).toList();
    return new Problem(
        pipelineOrigin,
        "",
        "groups " + String.join(", ", groupNames)
            + " depend on each other in a cycle, so no order of tasks can run them: " + path
            + "; move one of these nodes to another group (or drop its group tag)");
  }

  private static ExecutionPlan assemble(
      String pipelineName,
      String strategy,
      PipelineGraph graph,
      Grouping groups,
      ContainerResources[] setups,
      TaskGraph tasks,
      CostModel model) {
    int count = groups.count();
    List<List<String>> nodes = new ArrayList<>();
    List<TreeSet<String>> storedInputs = new ArrayList<>();
    List<TreeSet<String>> storedOutputs = new ArrayList<>();
    for (int g = 0; g < count; g++) {
      nodes.add(new ArrayList<>());
      storedInputs.add(new TreeSet<>());
      storedOutputs.add(new TreeSet<>());
    }
    for (int node = 0; node < graph.size(); node++) {
      nodes.get(groups.groupOf[node]).add(graph.nodes.get(node).name());
    }
    TreeSet<String> stored = new TreeSet<>();
    for (PipelineGraph.ProducedDataset dataset : graph.produced) {
      if (!dataset.needsStorage()) {
        continue;
      }
      int producerTask = groups.groupOf[dataset.producer()];
      for (int reader : dataset.readers()) {
        int readerTask = groups.groupOf[reader];
        if (readerTask != producerTask) {
          storedInputs.get(readerTask).add(dataset.name());
          storedOutputs.get(producerTask).add(dataset.name());
          stored.add(dataset.name());
        }
      }
    }
    List<String> orderedLabels = new ArrayList<>();
    for (int g : tasks.order) {
      orderedLabels.add(groups.labels.get(g));
    }
    List<String> orderedNames = TaskNames.unique(orderedLabels);
    String[] nameOf = new String[count];
    for (int i = 0; i < count; i++) {
      nameOf[tasks.order[i]] = orderedNames.get(i);
    }
    List<LocalFileDataset> localFiles = new ArrayList<>();
    for (PipelineGraph.ProducedDataset dataset : graph.produced) {
      DatasetFacts facts = dataset.facts();
      if (!facts.isLocalFile()) {
        continue;
      }
      int producerTask = groups.groupOf[dataset.producer()];
      TreeSet<String> readBy = new TreeSet<>();
      for (int reader : dataset.readers()) {
        if (groups.groupOf[reader] != producerTask) {
          readBy.add(nameOf[groups.groupOf[reader]]);
        }
      }
      localFiles.add(
          new LocalFileDataset(
              dataset.name(), facts.entry(), facts.location(), nameOf[producerTask], List.copyOf(readBy)));
    }
    localFiles.sort(Comparator.comparing(LocalFileDataset::name));
    List<PlannedTask> planned = new ArrayList<>();
    for (int g : tasks.order) {
      List<String> dependsOn = new ArrayList<>();
      for (int p : tasks.preds[g]) {
        dependsOn.add(nameOf[p]);
      }
      dependsOn.sort(null);
      planned.add(
          new PlannedTask(
              nameOf[g],
              groups.labels.get(g),
              nodes.get(g),
              dependsOn,
              setups[g],
              List.copyOf(storedInputs.get(g)),
              List.copyOf(storedOutputs.get(g)),
              tasks.cost(g, model)));
    }
    double ungrouped = TaskGraph.ungrouped(graph, model).makespan(model);
    return new ExecutionPlan(
        pipelineName, strategy, planned, List.copyOf(stored), ungrouped, tasks.makespan(model), localFiles);
  }

  /** Which group each node is in ({@code groupOf[node]}, ids 0..count-1 by first node) and the groups' names. */
  record Grouping(int[] groupOf, List<String> labels) {
    int count() {
      return labels.size();
    }

    static Grouping singles(PipelineGraph graph) {
      int[] groupOf = new int[graph.size()];
      Arrays.setAll(groupOf, i -> i);
      return new Grouping(groupOf, graph.nodes.stream().map(KedroNode::name).toList());
    }

    /** The group a tag puts its node in ({@code <prefix><group>}), or null for any other tag. */
    static String groupOfTag(String tag, String prefix) {
      return tag.startsWith(prefix) && tag.length() > prefix.length() ? tag.substring(prefix.length()) : null;
    }

    /**
     * kedro-vertexai's TagNodeGrouper: a node tagged {@code <prefix><group>} joins {@code <group>}; others stay
     * alone. A group and a lone node with the same name stay apart (task names tell them apart).
     */
    static Grouping tags(PipelineGraph graph, String prefix, Origin origin, List<Problem> problems) {
      int[] groupOf = new int[graph.size()];
      Map<String, Integer> groupIds = new LinkedHashMap<>();
      List<String> labels = new ArrayList<>();
      for (int node = 0; node < graph.size(); node++) {
        KedroNode kedroNode = graph.nodes.get(node);
        List<String> groupTags = kedroNode.tags().stream().filter(t -> groupOfTag(t, prefix) != null).toList();
        if (groupTags.size() > 1) {
          problems.add(
              new Problem(
                  origin,
                  "",
                  "node '" + kedroNode.name() + "' has " + groupTags.size() + " group tags " + groupTags
                      + "; a node can be in one group only (tags starting with '" + prefix + "')"));
        }
        if (groupTags.isEmpty()) {
          groupOf[node] = labels.size();
          labels.add(kedroNode.name());
        } else {
          String group = groupOfTag(groupTags.get(0), prefix);
          Integer id = groupIds.get(group);
          if (id == null) {
            id = labels.size();
            groupIds.put(group, id);
            labels.add(group);
          }
          groupOf[node] = id;
        }
      }
      return new Grouping(groupOf, labels);
    }

    /**
     * The grouping after {@code auto} merged groups into tasks ({@code taskOf[node]}): a task made of one group
     * keeps its name; a larger one is named after its nodes' common namespace, else its first group.
     */
    Grouping merged(PipelineGraph graph, int[] taskOf) {
      int count = Arrays.stream(taskOf).max().orElse(-1) + 1;
      String[] firstLabel = new String[count];
      int[] firstGroup = new int[count];
      boolean[] several = new boolean[count];
      String[] namespace = new String[count];
      boolean[] namespaceSet = new boolean[count];
      for (int node = 0; node < graph.size(); node++) {
        int task = taskOf[node];
        String ns = graph.nodes.get(node).namespace();
        if (firstLabel[task] == null) {
          firstLabel[task] = labels.get(groupOf[node]);
          firstGroup[task] = groupOf[node];
        } else if (groupOf[node] != firstGroup[task]) {
          several[task] = true;
        }
        namespace[task] = namespaceSet[task] ? commonNamespace(namespace[task], ns) : ns;
        namespaceSet[task] = true;
      }
      List<String> taskLabels = new ArrayList<>(count);
      for (int task = 0; task < count; task++) {
        boolean named = several[task] && namespace[task] != null && !namespace[task].isEmpty();
        taskLabels.add(named ? namespace[task] : firstLabel[task]);
      }
      return new Grouping(taskOf, taskLabels);
    }

    private static String commonNamespace(String a, String b) {
      if (a == null || b == null) {
        return null;
      }
      String[] left = a.split("\\.");
      String[] right = b.split("\\.");
      StringBuilder common = new StringBuilder();
      for (int i = 0; i < Math.min(left.length, right.length) && left[i].equals(right[i]); i++) {
        common.append(i == 0 ? "" : ".").append(left[i]);
      }
      return common.length() == 0 ? null : common.toString();
    }
  }
}
