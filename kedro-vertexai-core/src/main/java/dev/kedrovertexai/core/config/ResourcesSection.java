package dev.kedrovertexai.core.config;

import dev.kedrovertexai.core.Problem;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/** {@code run_config.resources} and {@code run_config.node_selectors}: what each task asks of its machine. */
final class ResourcesSection {
  private ResourcesSection() {}

  static Map<String, ResourceRequest> resources(ConfigReader in, ConfigNode.Mapping runConfig, String parent) {
    String path = parent + ".resources";
    Map<String, ResourceRequest> resources = new TreeMap<>();
    ConfigNode.Mapping map = in.map(runConfig, parent, "resources");
    if (map == null) {
      return resources;
    }
    map.entries().forEach((key, entry) -> {
      String entryPath = path + "." + key;
      ConfigNode.Mapping request = in.expectMap(entry, entryPath, "a map with cpu, memory or gpu");
      if (request == null) {
        return;
      }
      in.checkKeys(request, entryPath, ConfigSchema.RESOURCE_KEYS);
      String cpu = in.amount(request, entryPath, "cpu", Formats::cpu);
      String memory = in.amount(request, entryPath, "memory", Formats::memory);
      Long gpu = in.positive(request, entryPath, "gpu", "is not a positive number of GPUs");
      resources.put(key, new ResourceRequest(cpu, memory, gpu == null ? null : Math.toIntExact(gpu)));
    });
    return resources;
  }

  static Map<String, Map<String, String>> nodeSelectors(ConfigReader in, ConfigNode.Mapping runConfig, String parent) {
    String path = parent + ".node_selectors";
    Map<String, Map<String, String>> selectors = new TreeMap<>();
    ConfigNode.Mapping map = in.map(runConfig, parent, "node_selectors");
    if (map == null) {
      return selectors;
    }
    map.entries().forEach((key, entry) -> {
      String entryPath = path + "." + key;
      ConfigNode.Mapping labels = in.expectMap(entry, entryPath, "a map such as {" + Accelerators.GKE_ACCELERATOR_LABEL + ": NVIDIA_TESLA_T4}");
      if (labels == null) {
        return;
      }
      Map<String, String> values = new TreeMap<>();
      labels.entries().forEach((label, labelEntry) -> {
        String labelPath = entryPath + "." + label;
        if (!label.equals(Accelerators.GKE_ACCELERATOR_LABEL)) {
          in.problems.add(
              new Problem(
                  labelEntry.keyOrigin(), labelPath,
                  "unknown node selector label; Vertex AI supports only '" + Accelerators.GKE_ACCELERATOR_LABEL + "'"
                      + Suggestions.didYouMean(label, Set.of(Accelerators.GKE_ACCELERATOR_LABEL))));
          return;
        }
        String typed = in.scalarText(labelEntry, labelPath, "an accelerator type such as NVIDIA_TESLA_T4");
        if (typed == null) {
          return;
        }
        Optional<String> accelerator = Accelerators.canonical(typed);
        if (accelerator.isEmpty()) {
          String guess = typed.replace('-', '_').toUpperCase(Locale.ROOT);
          in.problems.add(
              new Problem(
                  labelEntry.keyOrigin(), labelPath,
                  "'" + typed + "' is not a Vertex AI accelerator type" + Suggestions.didYouMean(guess, Accelerators.all())
                      + " (valid: " + String.join(", ", Accelerators.all()) + ")"));
          return;
        }
        values.put(label, accelerator.get());
      });
      selectors.put(key, values);
    });
    return selectors;
  }
}
