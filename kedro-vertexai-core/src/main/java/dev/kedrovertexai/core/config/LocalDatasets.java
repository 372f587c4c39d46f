package dev.kedrovertexai.core.config;

import java.util.Arrays;
import java.util.Optional;

/**
 * {@code run_config.local_datasets}: what becomes of a dataset the catalog writes to a local path and a task in
 * another container reads. A local file does not travel between Vertex AI containers.
 */
public enum LocalDatasets {
  /** It also goes through the run's temporary storage, and the build log and plan say so (the default). */
  STORE("store"),
  /** The compile stops, naming the dataset and its catalog entry. */
  ERROR("error");

  public static final String KEY = "run_config.local_datasets";

  private final String configName;

  LocalDatasets(String configName) {
    this.configName = configName;
  }

  public String configName() {
    return configName;
  }

  public static Optional<LocalDatasets> of(String configName) {
    return Arrays.stream(values()).filter(rule -> rule.configName.equals(configName)).findFirst();
  }
}
