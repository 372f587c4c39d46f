package dev.kedrovertexai.core.config;

import dev.kedrovertexai.core.Problem;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The job-wide settings of {@code run_config}: {@code encryption_key}, {@code labels}, {@code local_datasets} and
 * {@code image_build}.
 */
final class JobSettingsSection {
  private JobSettingsSection() {}

  static String encryptionKey(ConfigReader in, ConfigNode.Mapping runConfig, String parent, String region) {
    String key = in.string(runConfig, parent, "encryption_key", value -> Formats.kmsKeyLocation(value).isPresent()
        ? Optional.empty()
        : Optional.of(Formats.kmsKeyExpected(value)));
    if (key != null && region != null) {
      String location = Formats.kmsKeyLocation(key).orElseThrow();
      if (!location.equals(region)) {
        in.warn(runConfig, parent, "encryption_key",
            "the key is in location '" + location + "' but jobs run in region '" + region
                + "'; Vertex AI needs a key in the job's region");
      }
    }
    return key;
  }

  static Map<String, String> labels(ConfigReader in, ConfigNode.Mapping runConfig, String parent) {
    String path = parent + ".labels";
    Map<String, String> labels = new TreeMap<>();
    ConfigNode.Mapping map = in.map(runConfig, parent, "labels");
    if (map == null) {
      return labels;
    }
    if (map.entries().size() > Formats.MAX_LABELS) {
      in.problems.add(new Problem(in.originOf(runConfig, "labels", map.origin()), path,
          map.entries().size() + " labels; Vertex AI allows at most " + Formats.MAX_LABELS + " on a job"));
    }
    map.entries().forEach((key, entry) -> {
      String entryPath = path + "." + key;
      Optional<String> badKey = Formats.labelKey(key);
      if (badKey.isPresent()) {
        in.problems.add(new Problem(entry.keyOrigin(), entryPath, badKey.get()));
        return;
      }
      String value = in.scalarText(entry, entryPath, "a label value");
      if (value == null) {
        return;
      }
      Optional<String> badValue = Formats.labelValue(value);
      if (badValue.isPresent()) {
        in.problems.add(new Problem(entry.keyOrigin(), entryPath, badValue.get()));
        return;
      }
      labels.put(key, value);
    });
    return labels;
  }

  static LocalDatasets localDatasets(ConfigReader in, ConfigNode.Mapping runConfig, String parent) {
    Set<String> names = new TreeSet<>();
    for (LocalDatasets rule : LocalDatasets.values()) {
      names.add(rule.configName());
    }
    String name = in.string(runConfig, parent, "local_datasets", value -> LocalDatasets.of(value).isPresent()
        ? Optional.empty()
        : Optional.of("'" + value + "' is not a rule for datasets on local paths" + Suggestions.didYouMean(value, names)
            + "; expected " + String.join(" or ", names)));
    return name == null ? LocalDatasets.STORE : LocalDatasets.of(name).orElseThrow();
  }

  static ImageBuildConfig imageBuild(ConfigReader in, ConfigNode.Mapping runConfig, String parent, String image) {
    String path = parent + ".image_build";
    ConfigNode.Mapping map = in.map(runConfig, parent, "image_build");
    if (map == null) {
      return ImageBuildConfig.NONE;
    }
    in.checkKeys(map, path, ConfigSchema.IMAGE_BUILD_KEYS);
    String baseImage = in.requiredString(map, path, "base_image", map.origin(), Formats::image);
    String pythonVersion = in.string(map, path, "python_version", ImageBuildConfig::checkPythonVersion);
    if (baseImage != null && baseImage.equals(image)) {
      in.problem(map, path, "base_image", "is run_config.image itself: build on the image the project runs on, e.g."
          + " python:3.11-slim, not on the image this build pushes");
      return ImageBuildConfig.NONE;
    }
    return baseImage == null ? ImageBuildConfig.NONE : new ImageBuildConfig(baseImage, pythonVersion);
  }
}
