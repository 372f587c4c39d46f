package dev.kedrovertexai.core.plan;

import dev.kedrovertexai.core.EventLog;
import dev.kedrovertexai.core.Problem;
import dev.kedrovertexai.core.config.Accelerators;
import dev.kedrovertexai.core.config.ResourceRequest;
import dev.kedrovertexai.core.config.RunConfig;
import dev.kedrovertexai.core.config.Suggestions;
import dev.kedrovertexai.core.config.VertexAiConfig;
import dev.kedrovertexai.core.description.KedroNode;
import dev.kedrovertexai.core.description.KedroPipeline;
import dev.kedrovertexai.core.description.PipelineDescription;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Each node's container setup from {@code run_config.resources} and {@code node_selectors}. Field by field
 * (cpu, memory, gpu, accelerator), the first key that sets it wins: the node's full name as the user writes it,
 * then its tags and its group (a tag {@code <tag_prefix><group>} also makes {@code <group>} a key), then
 * {@code __default__}, then {@link RunConfig#DEFAULT_RESOURCES}. Two tags of one node setting one field to
 * different values is a problem, not a silent choice.
 */
final class ResourceResolver {
  private static final String ACCELERATOR_LABEL = Accelerators.GKE_ACCELERATOR_LABEL;
  private static final String RESOURCES = "run_config.resources";
  private static final String NODE_SELECTORS = "run_config.node_selectors";

  private final VertexAiConfig config;
  private final RunConfig run;
  private final String tagPrefix;
  private final EventLog log;
  private final List<Problem> problems;
  /** Conflicts and missing accelerators, one problem per cause however many nodes it touches. */
  private final Map<String, ProblemDraft> drafts = new LinkedHashMap<>();

  private record ProblemDraft(String keyPath, String prefix, Set<String> nodes) {}

  private record Choice<T>(T value, String key) {}

  ResourceResolver(VertexAiConfig config, String tagPrefix, EventLog log, List<Problem> problems) {
    this.config = config;
    this.run = config.runConfig();
    this.tagPrefix = tagPrefix;
    this.log = log;
    this.problems = problems;
  }

  /** Every node's container setup, indexed like the graph's nodes; problems go to the shared list. */
  ContainerResources[] resolve(PipelineGraph graph) {
    checkAcceleratorNames();
    ContainerResources[] result = new ContainerResources[graph.size()];
    for (int i = 0; i < graph.size(); i++) {
      result[i] = resolve(graph.nodes.get(i));
    }
    for (ProblemDraft draft : drafts.values()) {
      problems.add(
          new Problem(config.originOf(draft.keyPath), draft.keyPath, draft.prefix + nodeList(draft.nodes)));
    }
    return result;
  }

  /**
   * Every {@code resources}/{@code node_selectors} key other than {@code __default__} must name a node, tag or
   * group of some pipeline of the project: a key that matches nothing is almost always a typo, and silently
   * running with the defaults would hide it.
   */
  void checkKeys(PipelineDescription description) {
    Set<String> known = new TreeSet<>();
    for (KedroPipeline pipeline : description.pipelines().values()) {
      for (KedroNode node : pipeline.nodes()) {
        known.add(node.name());
        known.addAll(node.tags());
        for (String tag : node.tags()) {
          String group = Planner.Grouping.groupOfTag(tag, tagPrefix);
          if (group != null) {
            known.add(group);
          }
        }
      }
    }
    checkKeys(RESOURCES, run.resources().keySet(), known);
    checkKeys(NODE_SELECTORS, run.nodeSelectors().keySet(), known);
  }

  private void checkKeys(String section, Set<String> keys, Set<String> known) {
    for (String key : keys) {
      if (key.equals(RunConfig.DEFAULT_KEY) || known.contains(key)) {
        continue;
      }
      String keyPath = section + "." + key;
      String suggestion = Suggestions.didYouMean(key, known);
      problems.add(
          new Problem(
              config.originOf(keyPath),
              keyPath,
              "matches no node, tag or group of the project's pipelines" + suggestion
                  + " (keys are full node names such as 'ns.node', tags, group names, or __default__)"));
    }
  }

  /** Field-wise maximum of the nodes' setups; null when their accelerator types differ. */
  static ContainerResources combine(List<ContainerResources> setups) {
    ContainerResources first = setups.get(0);
    String cpu = first.cpuLimit();
    String memory = first.memoryLimit();
    String accelerator = first.acceleratorType();
    Integer count = first.acceleratorCount();
    for (ContainerResources setup : setups.subList(1, setups.size())) {
      cpu = larger(cpu, setup.cpuLimit(), ContainerResources::millicores);
      memory = larger(memory, setup.memoryLimit(), ContainerResources::bytes);
      if (setup.acceleratorType() != null) {
        if (accelerator != null && !accelerator.equals(setup.acceleratorType())) {
          return null;
        }
        accelerator = setup.acceleratorType();
        count = count == null ? setup.acceleratorCount() : Math.max(count, setup.acceleratorCount());
      }
    }
    return new ContainerResources(cpu, memory, accelerator, count);
  }

  /** A machine shape: equal for setups that are the same machine however they are spelled ({@code 1Gi}, {@code 1024Mi}). */
  record MachineShape(BigDecimal millicores, BigDecimal bytes, String accelerator, int acceleratorCount) {}

  static MachineShape normalized(ContainerResources setup) {
    return new MachineShape(
        ContainerResources.millicores(setup.cpuLimit()),
        ContainerResources.bytes(setup.memoryLimit()),
        setup.acceleratorType() == null ? "" : setup.acceleratorType(),
        setup.acceleratorCount() == null ? 0 : setup.acceleratorCount());
  }

  /** The Vertex {@code AcceleratorType} name of a GKE accelerator label value ({@code nvidia-tesla-t4}). */
  static String acceleratorType(String label) {
    return label.trim().toUpperCase(Locale.ROOT).replace('-', '_');
  }

  private ContainerResources resolve(KedroNode node) {
    List<String> tagKeys = tagKeys(node);
    Choice<String> cpu = choose(node, tagKeys, "cpu", RESOURCES, run.resources(), ResourceRequest::cpu);
    Choice<String> memory = choose(node, tagKeys, "memory", RESOURCES, run.resources(), ResourceRequest::memory);
    Choice<Integer> gpu = choose(node, tagKeys, "gpu", RESOURCES, run.resources(), ResourceRequest::gpu);
    Choice<String> accelerator =
        choose(
            node,
            tagKeys,
            ACCELERATOR_LABEL,
            NODE_SELECTORS,
            run.nodeSelectors(),
            labels -> labels.get(ACCELERATOR_LABEL));
    String cpuValue = cpu != null ? cpu.value : RunConfig.DEFAULT_RESOURCES.cpu();
    String memoryValue = memory != null ? memory.value : RunConfig.DEFAULT_RESOURCES.memory();
    if (accelerator == null) {
      if (gpu != null && gpu.value > 0) {
        String keyPath = RESOURCES + "." + gpu.key + ".gpu";
        draft(
                keyPath,
                keyPath,
                "gpu: "
                    + gpu.value
                    + " needs an accelerator type: add " + NODE_SELECTORS + "."
                    + gpu.key
                    + " with "
                    + ACCELERATOR_LABEL
                    + ": NVIDIA_TESLA_T4 (or another Vertex AI accelerator); applies to ")
            .add(node.name());
      }
      return new ContainerResources(cpuValue, memoryValue, null, null);
    }
    int count = gpu == null ? 1 : gpu.value;
    if (count <= 0) {
      return new ContainerResources(cpuValue, memoryValue, null, null);
    }
    return new ContainerResources(cpuValue, memoryValue, acceleratorType(accelerator.value), count);
  }

  /** Tags of the node, then its group names, each once: keys that rank between the node name and __default__. */
  private List<String> tagKeys(KedroNode node) {
    Set<String> keys = new LinkedHashSet<>(node.tags());
    for (String tag : node.tags()) {
      String group = Planner.Grouping.groupOfTag(tag, tagPrefix);
      if (group != null) {
        keys.add(group);
      }
    }
    return new ArrayList<>(keys);
  }

  private <E, T> Choice<T> choose(
      KedroNode node,
      List<String> tagKeys,
      String field,
      String sectionPath,
      Map<String, E> section,
      Function<E, T> getter) {
    E own = section.get(node.name());
    if (own != null && getter.apply(own) != null) {
      return new Choice<>(getter.apply(own), node.name());
    }
    Choice<T> chosen = null;
    for (String key : tagKeys) {
      E entry = section.get(key);
      T value = entry == null ? null : getter.apply(entry);
      if (value == null) {
        continue;
      }
      if (chosen == null) {
        chosen = new Choice<>(value, key);
      } else if (!chosen.value.equals(value)) {
        String keyPath = sectionPath + "." + key + "." + field;
        draft(
                "conflict " + sectionPath + " " + chosen.key + " " + key + " " + field,
                keyPath,
                "tags '" + chosen.key + "' and '" + key + "' set " + field + " to '" + chosen.value
                    + "' and '" + value + "'; make them agree, or set " + field
                    + " under the node's own name, which wins over tags; both apply to ")
            .add(node.name());
      }
    }
    if (chosen != null) {
      return chosen;
    }
    E fallback = section.get(RunConfig.DEFAULT_KEY);
    if (fallback != null && getter.apply(fallback) != null) {
      return new Choice<>(getter.apply(fallback), RunConfig.DEFAULT_KEY);
    }
    return null;
  }

  private void checkAcceleratorNames() {
    for (Map.Entry<String, Map<String, String>> entry : run.nodeSelectors().entrySet()) {
      for (Map.Entry<String, String> label : entry.getValue().entrySet()) {
        String keyPath = NODE_SELECTORS + "." + entry.getKey() + "." + label.getKey();
        if (!label.getKey().equals(ACCELERATOR_LABEL)) {
          log.warn(
              config.originOf(keyPath) + ": " + keyPath + " is ignored: Vertex AI only honours " + ACCELERATOR_LABEL);
          continue;
        }
        String type = acceleratorType(label.getValue());
        if (!Accelerators.all().contains(type)) {
          String suggestion =
              Suggestions.closest(type, Accelerators.all()).map(s -> "; did you mean " + s + "?").orElse("");
          problems.add(
              new Problem(
                  config.originOf(keyPath),
                  keyPath,
                  "'" + label.getValue() + "' is not a Vertex AI accelerator type" + suggestion
                      + " (for example NVIDIA_TESLA_T4 or nvidia-tesla-t4, NVIDIA_L4)"));
        }
      }
    }
  }

  private Set<String> draft(String id, String keyPath, String prefix) {
    return drafts.computeIfAbsent(id, k -> new ProblemDraft(keyPath, prefix, new TreeSet<>())).nodes;
  }

  private static String nodeList(Set<String> nodes) {
    List<String> shown = new ArrayList<>(nodes).subList(0, Math.min(5, nodes.size()));
    String more = nodes.size() > shown.size() ? " and " + (nodes.size() - shown.size()) + " more" : "";
    return (nodes.size() == 1 ? "node " : "nodes ") + String.join(", ", shown) + more;
  }

  private static String larger(String a, String b, Function<String, BigDecimal> measure) {
    return measure.apply(b).compareTo(measure.apply(a)) > 0 ? b : a;
  }
}
