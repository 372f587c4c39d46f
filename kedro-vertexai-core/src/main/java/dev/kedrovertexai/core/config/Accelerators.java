package dev.kedrovertexai.core.config;

import com.google.cloud.aiplatform.v1.AcceleratorType;
import java.util.Collections;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Accelerator types a Vertex AI step can request: the names of google-cloud-aiplatform's {@link AcceleratorType}
 * enum, so new GPUs become valid with a client upgrade. Users may also write the GKE label form
 * ({@code nvidia-tesla-t4}), as kedro-vertexai configs written for GKE do.
 */
public final class Accelerators {
  /** The node selector label that picks the accelerator, as in kedro-vertexai. */
  public static final String GKE_ACCELERATOR_LABEL = "cloud.google.com/gke-accelerator";

  private static final Set<String> NAMES = names();

  private Accelerators() {}

  /** Every valid type name, sorted: {@code NVIDIA_L4}, {@code NVIDIA_TESLA_T4}, ... */
  public static Set<String> all() {
    return NAMES;
  }

  /** The {@link AcceleratorType} name for {@code NVIDIA_TESLA_T4} or {@code nvidia-tesla-t4}; empty if unknown. */
  public static Optional<String> canonical(String typed) {
    String name = typed.trim().replace('-', '_').toUpperCase(Locale.ROOT);
    return NAMES.contains(name) ? Optional.of(name) : Optional.empty();
  }

  private static Set<String> names() {
    Set<String> names = new TreeSet<>();
    for (AcceleratorType type : AcceleratorType.values()) {
      if (type != AcceleratorType.UNRECOGNIZED && type != AcceleratorType.ACCELERATOR_TYPE_UNSPECIFIED) {
        names.add(type.name());
      }
    }
    return Collections.unmodifiableSet(names);
  }
}
